package io.shaozi.adapters.feishu;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Result of an outbound send. Never thrown, never null. */
public sealed interface SendOutcome permits SendOutcome.Sent, SendOutcome.RetryLater, SendOutcome.Rejected {

    /** The platform acknowledged the message; {@code platformId} is its task/message id when it gave one. */
    record Sent(Optional<String> platformId) implements SendOutcome {
        public Sent {
            Objects.requireNonNull(platformId, "platformId");
        }
    }

    /**
     * Not sent now, send again at or after {@code notBefore}: local rate limit, platform throttle (99991400),
     * HTTP 429/5xx, or a transport failure.
     */
    record RetryLater(Instant notBefore, String reason) implements SendOutcome {
        public RetryLater {
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Permanently refused (bad config, bad signature, invalid receive id …): do not retry. */
    record Rejected(String errcode, String errmsg) implements SendOutcome {
        public Rejected {
            Objects.requireNonNull(errcode, "errcode");
            Objects.requireNonNull(errmsg, "errmsg");
        }
    }
}
