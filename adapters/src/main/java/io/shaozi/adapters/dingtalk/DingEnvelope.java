package io.shaozi.adapters.dingtalk;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Minimal package-private codec of the WXBizMsgCrypt envelope (protocols.md §1) for DingTalk's event callback.
 * The shared {@code io.shaozi.adapters.crypto} codec was not committed when this was written; dedupe later.
 */
final class DingEnvelope {
    private static final int BLOCK = 32;

    private final String token;
    private final byte[] key;
    private final String receiveId;
    private final SecureRandom random;

    DingEnvelope(String token, String aesKey, String receiveId, SecureRandom random) {
        this.token = Objects.requireNonNull(token, "token");
        this.key = decodeKey(aesKey, "aesKey");
        this.receiveId = Objects.requireNonNull(receiveId, "receiveId");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Plaintext and the random prefix recovered from a ciphertext. */
    record Opened(byte[] random, String message) {
    }

    /** Why a ciphertext was refused (never carries secret material). */
    static final class Failure extends Exception {
        Failure(String reason) {
            super(reason, null, false, false);
        }
    }

    static byte[] decodeKey(String aesKey, String field) {
        if (aesKey == null || aesKey.length() != 43) {
            throw new IllegalArgumentException(field + " must be 43 Base64 characters");
        }
        byte[] k;
        try {
            k = Base64.getDecoder().decode(aesKey + "=");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not Base64", e);
        }
        if (k.length != 32) {
            throw new IllegalArgumentException(field + " must decode to 32 bytes");
        }
        return k;
    }

    /** SHA-1 hex over the lexicographically sorted, concatenated strings (§1.6). */
    static String sortedSha1(String... parts) {
        String[] copy = parts.clone();
        Arrays.sort(copy);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(String.join("", copy).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String signature(String timestamp, String nonce, String encrypt) {
        return sortedSha1(token, timestamp, nonce, encrypt);
    }

    boolean verify(String received, String timestamp, String nonce, String encrypt) {
        byte[] expected = signature(timestamp, nonce, encrypt).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, received.getBytes(StandardCharsets.UTF_8));
    }

    /** §1.7 steps 2–7 (the caller checks the signature first). */
    Opened open(String encrypt) throws Failure {
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(encrypt);
        } catch (IllegalArgumentException e) {
            throw new Failure("encrypt is not Base64");
        }
        if (cipherText.length == 0 || cipherText.length % 16 != 0) {
            throw new Failure("ciphertext length is not a multiple of 16");
        }
        byte[] plain;
        try {
            plain = cipher(Cipher.DECRYPT_MODE).doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            throw new Failure("decryption failed");
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || pad > plain.length) {
            throw new Failure("bad padding");
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                throw new Failure("bad padding");
            }
        }
        int content = plain.length - pad;
        if (content < 20) {
            throw new Failure("plaintext too short");
        }
        long msgLen = ByteBuffer.wrap(plain, 16, 4).getInt() & 0xffffffffL;
        if (20 + msgLen > content) {
            throw new Failure("message length exceeds plaintext");
        }
        int end = 20 + (int) msgLen;
        String message = strictUtf8(plain, 20, (int) msgLen);
        String id = strictUtf8(plain, end, content - end);
        if (!MessageDigest.isEqual(id.getBytes(StandardCharsets.UTF_8), receiveId.getBytes(StandardCharsets.UTF_8))) {
            throw new Failure("receive id mismatch");
        }
        return new Opened(Arrays.copyOfRange(plain, 0, 16), message);
    }

    /** §1.5 with a fresh random prefix. */
    String seal(String message) {
        byte[] prefix = new byte[16];
        random.nextBytes(prefix);
        return seal(prefix, message);
    }

    String seal(byte[] prefix, String message) {
        if (prefix.length != 16) {
            throw new IllegalArgumentException("random prefix must be 16 bytes");
        }
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] id = receiveId.getBytes(StandardCharsets.UTF_8);
        int len = 20 + msg.length + id.length;
        int pad = BLOCK - (len % BLOCK);
        ByteBuffer buf = ByteBuffer.allocate(len + pad);
        buf.put(prefix).putInt(msg.length).put(msg).put(id);
        for (int i = 0; i < pad; i++) {
            buf.put((byte) pad);
        }
        try {
            return Base64.getEncoder().encodeToString(cipher(Cipher.ENCRYPT_MODE).doFinal(buf.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    private Cipher cipher(int mode) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return c;
    }

    private static String strictUtf8(byte[] b, int off, int len) throws Failure {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new Failure("plaintext is not UTF-8");
        }
    }
}
