package io.shaozi.adapters.feishu;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Feishu event encryption (section 5.3) and request signature (section 5.4). */
final class FeishuCrypto {
    private FeishuCrypto() {
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AES-256-CBC, key = SHA-256(encryptKey), IV = first 16 bytes, PKCS#7; empty when anything is off. */
    static Optional<String> decrypt(String encryptKey, String encrypt) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encrypt);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length < 32 || raw.length % 16 != 0) {
            return Optional.empty();
        }
        byte[] plain;
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sha256(encryptKey.getBytes(StandardCharsets.UTF_8)), "AES"),
                    new IvParameterSpec(raw, 0, 16));
            plain = c.doFinal(raw, 16, raw.length - 16);
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The inverse of {@link #decrypt} with the given IV (tests and fake servers). */
    static String encrypt(String encryptKey, byte[] iv, String plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sha256(encryptKey.getBytes(StandardCharsets.UTF_8)), "AES"),
                    new IvParameterSpec(iv));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(iv, 16 + ct.length);
            System.arraycopy(ct, 0, out, 16, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** hex(SHA-256(timestamp ‖ nonce ‖ encryptKey ‖ raw body)) — a plain hash, not an HMAC. */
    static String signature(String timestamp, String nonce, String encryptKey, byte[] body) {
        return HexFormat.of().formatHex(sha256(timestamp.getBytes(StandardCharsets.UTF_8),
                nonce.getBytes(StandardCharsets.UTF_8), encryptKey.getBytes(StandardCharsets.UTF_8), body));
    }

    /**
     * Custom group bot signature: Base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = empty)), the
     * timestamp in seconds. Key and message are the reverse of DingTalk's layout.
     */
    static String botSign(String secret, String timestamp) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
