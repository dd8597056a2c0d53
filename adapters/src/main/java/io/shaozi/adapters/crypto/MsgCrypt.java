package io.shaozi.adapters.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The WXBizMsgCrypt envelope (public specification: https://developer.work.weixin.qq.com/document/path/90968 and
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html;
 * summarised in the repository's docs/platform-notes.md, "The shared AES envelope"), parameterised by
 * {@code (token, encodingAesKey, receiveId)}.
 * Used by WeChat MP safe/compatible mode (receive id = AppID), WeCom (CorpID) and DingTalk HTTP event
 * callbacks (AppKey / CorpId / suiteKey).
 *
 * <p>Public sources: WeChat MP message encryption
 * (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html),
 * WeCom callback encryption (https://developer.work.weixin.qq.com/document/path/90968), DingTalk event subscription
 * (https://open.dingtalk.com/document/orgapp/configure-event-subcription).
 *
 * <ul>
 *   <li>AES-256-CBC, key = Base64(encodingAesKey + "="), IV = key[0..16); the last Base64 character may
 *       carry non-zero discarded bits (real console keys do) and is accepted.</li>
 *   <li>Plaintext = random(16) ‖ msgLen(4, big-endian, UTF-8 bytes) ‖ msg ‖ receiveId, padded with PKCS#7
 *       over 32-byte blocks (pad values 1..32; {@code AES/CBC/PKCS5Padding} is NOT used).</li>
 *   <li>Decryption validates, in order: signature (when given), Base64, length multiple of 16, padding,
 *       message length bounds, strict UTF-8, receive id (constant-time).</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe. Nothing here throws on hostile input: {@link #decrypt} and
 * {@link #verifyAndDecrypt} return a {@link DecryptResult}. Only the constructor throws
 * ({@link IllegalArgumentException}) for bad configuration.
 */
public final class MsgCrypt {
    /** Block size of the WeChat-family PKCS#7 padding (not the AES block size). */
    public static final int PAD_BLOCK = 32;
    private static final int RANDOM_LEN = 16;
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final String receiveId;
    private final byte[] receiveIdBytes;
    /** Initialised once per thread; {@code doFinal} returns a cipher to its initialised state (same key/IV). */
    private final ThreadLocal<Cipher> encryptor = ThreadLocal.withInitial(() -> cipher(Cipher.ENCRYPT_MODE));
    private final ThreadLocal<Cipher> decryptor = ThreadLocal.withInitial(() -> cipher(Cipher.DECRYPT_MODE));

    /**
     * @param token          callback Token (signature secret)
     * @param encodingAesKey the 43-character EncodingAESKey (a trailing "=" is tolerated)
     * @param receiveId      AppID (MP), CorpID (WeCom), AppKey/CorpId/suiteKey (DingTalk)
     * @throws IllegalArgumentException naming {@code token}, {@code encodingAesKey} or {@code receiveId}
     */
    public MsgCrypt(String token, String encodingAesKey, String receiveId) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        if (receiveId == null || receiveId.isEmpty()) {
            throw new IllegalArgumentException("receiveId must not be empty");
        }
        byte[] raw = decodeAesKey(encodingAesKey, "encodingAesKey");
        this.token = token;
        this.key = new SecretKeySpec(raw, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOf(raw, 16));
        this.receiveId = receiveId;
        this.receiveIdBytes = receiveId.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes a 43-character EncodingAESKey to its 32 key bytes.
     *
     * @param fieldName name used in the error message (e.g. the config key {@code aesKey})
     * @throws IllegalArgumentException "&lt;fieldName&gt; does not decode to 32 bytes"
     */
    public static byte[] decodeAesKey(String encodingAesKey, String fieldName) {
        String problem = fieldName + " does not decode to 32 bytes";
        if (encodingAesKey == null) {
            throw new IllegalArgumentException(problem + " (missing)");
        }
        String k = encodingAesKey.endsWith("=") ? encodingAesKey : encodingAesKey + "=";
        if (k.length() != 44) {
            throw new IllegalArgumentException(problem + " (expected 43 Base64 characters)");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(k);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(problem + " (not Base64)", e);
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException(problem);
        }
        return raw;
    }

    /** The configured receive id. */
    public String receiveId() {
        return receiveId;
    }

    // ---------------------------------------------------------------- signatures

    /**
     * {@code msg_signature}: lowercase hex SHA-1 of the lexicographically sorted, concatenated
     * token, timestamp, nonce and encrypt (strings exactly as received).
     */
    public static String signature(String token, String timestamp, String nonce, String encrypt) {
        return sha1Sorted(token, timestamp, nonce, encrypt);
    }

    /**
     * Lowercase hex SHA-1 of the parts sorted by {@link String#compareTo} and joined without separators
     * (also the MP plaintext-mode {@code signature} over token, timestamp, nonce).
     */
    public static String sha1Sorted(String... parts) {
        String[] sorted = parts.clone();
        for (String p : sorted) {
            Objects.requireNonNull(p, "signature part");
        }
        Arrays.sort(sorted);
        MessageDigest sha1 = sha1();
        for (String p : sorted) {
            sha1.update(p.getBytes(StandardCharsets.UTF_8));
        }
        return HEX.formatHex(sha1.digest());
    }

    /** Constant-time comparison of two strings' UTF-8 bytes; {@code null} never matches. */
    public static boolean constantTimeEquals(String expected, String received) {
        if (expected == null || received == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                received.getBytes(StandardCharsets.UTF_8));
    }

    /** This instance's {@code msg_signature} for the given values. */
    public String signature(String timestamp, String nonce, String encrypt) {
        return signature(token, timestamp, nonce, encrypt);
    }

    /** Checks a received {@code msg_signature} in constant time. */
    public boolean verifySignature(String msgSignature, String timestamp, String nonce, String encrypt) {
        if (timestamp == null || nonce == null || encrypt == null) {
            return false;
        }
        return constantTimeEquals(signature(timestamp, nonce, encrypt), msgSignature);
    }

    // ---------------------------------------------------------------- encrypt

    /**
     * Encrypts {@code plaintext} with a fresh {@link SecureRandom} prefix and signs it with the given
     * timestamp and nonce (for passive replies, DingTalk's {@code success}).
     */
    public Sealed encrypt(String plaintext, String nonce, long timestamp) {
        return encrypt(plaintext, nonce, Long.toString(timestamp));
    }

    /** As {@link #encrypt(String, String, long)} with the timestamp string used verbatim. */
    public Sealed encrypt(String plaintext, String nonce, String timestamp) {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(timestamp, "timestamp");
        byte[] random = new byte[RANDOM_LEN];
        RANDOM.nextBytes(random);
        String encrypt = encryptWithRandom(random, plaintext);
        return new Sealed(encrypt, signature(timestamp, nonce, encrypt), timestamp, nonce);
    }

    /**
     * Encrypts with a caller-chosen 16-byte random prefix. Deterministic: for known-answer tests and
     * byte-for-byte round-trip checks only; production code uses {@link #encrypt(String, String, long)}.
     */
    public String encryptWithRandom(byte[] random, String plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        if (random == null || random.length != RANDOM_LEN) {
            throw new IllegalArgumentException("random must be 16 bytes");
        }
        byte[] msg = plaintext.getBytes(StandardCharsets.UTF_8);
        int len = RANDOM_LEN + 4 + msg.length + receiveIdBytes.length;
        int pad = PAD_BLOCK - (len % PAD_BLOCK);
        byte[] buf = new byte[len + pad];
        System.arraycopy(random, 0, buf, 0, RANDOM_LEN);
        buf[16] = (byte) (msg.length >>> 24);
        buf[17] = (byte) (msg.length >>> 16);
        buf[18] = (byte) (msg.length >>> 8);
        buf[19] = (byte) msg.length;
        System.arraycopy(msg, 0, buf, 20, msg.length);
        System.arraycopy(receiveIdBytes, 0, buf, 20 + msg.length, receiveIdBytes.length);
        Arrays.fill(buf, len, buf.length, (byte) pad);
        try {
            return Base64.getEncoder().encodeToString(encryptor.get().doFinal(buf));
        } catch (GeneralSecurityException e) {
            encryptor.remove();
            throw new IllegalStateException("AES-256-CBC unavailable", e);
        }
    }

    // ---------------------------------------------------------------- decrypt

    /** Checks {@code msgSignature} (constant time) and, only if it matches, decrypts. */
    public DecryptResult verifyAndDecrypt(String msgSignature, String timestamp, String nonce, String encrypt) {
        if (!verifySignature(msgSignature, timestamp, nonce, encrypt)) {
            return new DecryptResult.Failed(DecryptResult.Reason.BAD_SIGNATURE, "msg_signature mismatch");
        }
        return decrypt(encrypt);
    }

    /**
     * Decrypts and validates an envelope: Base64, AES-256-CBC with the key's first 16 bytes as IV, PKCS#7 padding over
     * 32-byte blocks, then the 16 random bytes, the 4-byte length, the message and the receive id, which must match
     * (https://developer.work.weixin.qq.com/document/path/90968). Does not check a signature: call
     * {@link #verifyAndDecrypt} for untrusted input, or verify first.
     */
    public DecryptResult decrypt(String ciphertextB64) {
        if (ciphertextB64 == null || ciphertextB64.isEmpty()) {
            return fail(DecryptResult.Reason.BAD_BASE64, "empty ciphertext");
        }
        byte[] ct;
        try {
            ct = Base64.getDecoder().decode(ciphertextB64);
        } catch (IllegalArgumentException e) {
            return fail(DecryptResult.Reason.BAD_BASE64, "ciphertext is not Base64");
        }
        if (ct.length == 0 || ct.length % 16 != 0) {
            return fail(DecryptResult.Reason.BAD_LENGTH, "ciphertext length " + ct.length + " is not a multiple of 16");
        }
        byte[] pt;
        try {
            pt = decryptor.get().doFinal(ct);
        } catch (GeneralSecurityException e) {
            decryptor.remove();
            return fail(DecryptResult.Reason.BAD_LENGTH, "AES rejected the ciphertext");
        }
        int n = pt[pt.length - 1] & 0xff;
        if (n < 1 || n > PAD_BLOCK || n > pt.length) {
            return fail(DecryptResult.Reason.BAD_PADDING, "pad value " + n);
        }
        for (int i = pt.length - n; i < pt.length; i++) {
            if ((pt[i] & 0xff) != n) {
                return fail(DecryptResult.Reason.BAD_PADDING, "inconsistent pad bytes");
            }
        }
        int end = pt.length - n;
        if (end < RANDOM_LEN + 4) {
            return fail(DecryptResult.Reason.BAD_MESSAGE_LENGTH, "plaintext shorter than 20 bytes");
        }
        long msgLen = ((pt[16] & 0xffL) << 24) | ((pt[17] & 0xffL) << 16) | ((pt[18] & 0xffL) << 8) | (pt[19] & 0xffL);
        if (20 + msgLen > end) {
            return fail(DecryptResult.Reason.BAD_MESSAGE_LENGTH, "message length " + msgLen + " exceeds plaintext");
        }
        int msgEnd = 20 + (int) msgLen;
        String msg;
        String rid;
        try {
            msg = strictUtf8(pt, 20, (int) msgLen);
            rid = strictUtf8(pt, msgEnd, end - msgEnd);
        } catch (CharacterCodingException e) {
            return fail(DecryptResult.Reason.BAD_UTF8, "message is not valid UTF-8");
        }
        byte[] ridBytes = Arrays.copyOfRange(pt, msgEnd, end);
        if (!MessageDigest.isEqual(receiveIdBytes, ridBytes)) {
            return fail(DecryptResult.Reason.RECEIVE_ID_MISMATCH, "receive id does not match the configured one");
        }
        return new DecryptResult.Decrypted(msg, rid, Arrays.copyOf(pt, RANDOM_LEN));
    }

    private Cipher cipher(int mode) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(mode, key, iv);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC unavailable", e);
        }
    }

    private static DecryptResult fail(DecryptResult.Reason reason, String detail) {
        return new DecryptResult.Failed(reason, detail);
    }

    private static String strictUtf8(byte[] b, int off, int len) throws CharacterCodingException {
        CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b, off, len));
        return cb.toString();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "MsgCrypt[receiveId=" + receiveId + ", token=****, key=****]";
    }
}
