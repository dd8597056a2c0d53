package io.shaozi.adapters.crypto;

import java.util.Arrays;
import java.util.Objects;

/** Outcome of {@link MsgCrypt#decrypt} / {@link MsgCrypt#verifyAndDecrypt}: never null, never thrown. */
public sealed interface DecryptResult permits DecryptResult.Decrypted, DecryptResult.Failed {

    /** Why an envelope was refused. */
    enum Reason {
        /** msg_signature does not match (checked first, before any decoding). */
        BAD_SIGNATURE,
        /** not Base64, or empty. */
        BAD_BASE64,
        /** ciphertext length is not a non-zero multiple of 16. */
        BAD_LENGTH,
        /** PKCS#7 (32-byte block) padding is malformed. */
        BAD_PADDING,
        /** the 4-byte message length points outside the plaintext, or the plaintext is shorter than 20 bytes. */
        BAD_MESSAGE_LENGTH,
        /** the message is not well-formed UTF-8. */
        BAD_UTF8,
        /** the trailing receive id is not the configured one (AppID / CorpID / AppKey …). */
        RECEIVE_ID_MISMATCH;

        /**
         * True when the envelope is not authentic for this app (bad signature, another app's receive id):
         * answer 403; the other reasons are malformed input (400).
         */
        public boolean isAuthenticationFailure() {
            return this == BAD_SIGNATURE || this == RECEIVE_ID_MISMATCH;
        }
    }

    /**
     * A valid envelope.
     *
     * @param message   the inner message (XML, JSON or a bare string such as an echostr)
     * @param receiveId the receive id found in the envelope (equal to the configured one)
     * @param random    the 16-byte random prefix (opaque bytes; copied on access)
     */
    record Decrypted(String message, String receiveId, byte[] random) implements DecryptResult {
        public Decrypted {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(receiveId, "receiveId");
            random = random.clone();
        }

        @Override
        public byte[] random() {
            return random.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Decrypted d && message.equals(d.message) && receiveId.equals(d.receiveId)
                    && Arrays.equals(random, d.random);
        }

        @Override
        public int hashCode() {
            return Objects.hash(message, receiveId, Arrays.hashCode(random));
        }

        @Override
        public String toString() {
            return "Decrypted[message.length=" + message.length() + ", receiveId=" + receiveId + "]";
        }
    }

    /** A refused envelope; {@code detail} is safe to log (contains no key material or plaintext). */
    record Failed(Reason reason, String detail) implements DecryptResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
