package io.shaozi.core.push;

import java.time.Instant;
import java.util.Objects;

/** What a platform said about one send. */
public sealed interface SendResult {
    /** Acknowledged by the platform: never sent again. */
    record Sent() implements SendResult {
    }

    /** Not now (throttled, quota, transient error): try again not before {@code notBefore}. */
    record RetryLater(Instant notBefore, String reason) implements SendResult {
        public RetryLater {
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Held back by a rate limit or quota window: not an attempt (no backoff, not counted), simply sent again at
     * {@code notBefore}, still in order.
     */
    record Throttled(Instant notBefore, String reason) implements SendResult {
        public Throttled {
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Permanently refused (bad recipient, outside the 48 h window …): marked failed, never retried. */
    record Rejected(String reason) implements SendResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
