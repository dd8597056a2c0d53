package io.shaozi.adapters.crypto;

import java.util.Objects;

/**
 * An encrypted, signed envelope ready to be put on the wire.
 *
 * @param encrypt      Base64 ciphertext ({@code Encrypt} / {@code encrypt})
 * @param msgSignature SHA-1 over the sorted token, timestamp, nonce and encrypt
 * @param timestamp    the timestamp string that was signed (seconds for WeChat/WeCom, ms for DingTalk)
 * @param nonce        the nonce that was signed
 */
public record Sealed(String encrypt, String msgSignature, String timestamp, String nonce) {
    public Sealed {
        Objects.requireNonNull(encrypt, "encrypt");
        Objects.requireNonNull(msgSignature, "msgSignature");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(nonce, "nonce");
    }
}
