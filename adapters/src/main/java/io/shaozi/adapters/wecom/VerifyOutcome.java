package io.shaozi.adapters.wecom;

import java.util.Objects;

/** Result of {@link WeComProtocol#verifyUrl}. */
public sealed interface VerifyOutcome permits VerifyOutcome.Echo, VerifyOutcome.Rejected {

    /** Answer 200 with exactly {@code body}: the DECRYPTED echostr (text/plain, no newline). */
    record Echo(String body) implements VerifyOutcome {
        public Echo {
            Objects.requireNonNull(body, "body");
        }
    }

    /** Answer {@code httpStatus} (400 malformed, 403 signature / timestamp / CorpID). */
    record Rejected(int httpStatus, String reason) implements VerifyOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
