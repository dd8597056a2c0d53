package io.shaozi.adapters.wechat;

import java.util.Objects;

/** Result of {@link WeChatProtocol#verifyUrl}. */
public sealed interface VerifyOutcome extends io.shaozi.adapters.channel.Parsing.Verifying
        permits VerifyOutcome.Echo, VerifyOutcome.Rejected {

    /** Answer 200 with exactly {@code body} (text/plain, no newline). */
    record Echo(String body) implements VerifyOutcome, io.shaozi.adapters.channel.Parsing.Echoed {
        public Echo {
            Objects.requireNonNull(body, "body");
        }
    }

    /** Answer {@code httpStatus} (400 malformed, 403 bad signature / stale timestamp). */
    record Rejected(int httpStatus, String reason) implements VerifyOutcome, io.shaozi.adapters.channel.Refusal {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
