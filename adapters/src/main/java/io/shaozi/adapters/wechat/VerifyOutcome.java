package io.shaozi.adapters.wechat;

import java.util.Objects;

/** Result of {@link WeChatProtocol#verifyUrl}. */
public sealed interface VerifyOutcome permits VerifyOutcome.Echo, VerifyOutcome.Rejected {

    /** Answer 200 with exactly {@code body} (text/plain, no newline). */
    record Echo(String body) implements VerifyOutcome {
        public Echo {
            Objects.requireNonNull(body, "body");
        }
    }

    /** Answer {@code httpStatus} (400 malformed, 403 bad signature / stale timestamp). */
    record Rejected(int httpStatus, String reason) implements VerifyOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
