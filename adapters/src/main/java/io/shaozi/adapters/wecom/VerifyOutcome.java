package io.shaozi.adapters.wecom;

import java.util.Objects;

/** Result of {@link WeComProtocol#verifyUrl}. */
public sealed interface VerifyOutcome extends io.shaozi.adapters.channel.Parsing.Verifying
        permits VerifyOutcome.Echo, VerifyOutcome.Rejected {

    /** Answer 200 with exactly {@code body}: the DECRYPTED echostr (text/plain, no newline). */
    record Echo(String body) implements VerifyOutcome, io.shaozi.adapters.channel.Parsing.Echoed {
        public Echo {
            Objects.requireNonNull(body, "body");
        }
    }

    /** Answer {@code httpStatus} (400 malformed, 403 signature / timestamp / CorpID). */
    record Rejected(int httpStatus, String reason) implements VerifyOutcome, io.shaozi.adapters.channel.Refusal {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
