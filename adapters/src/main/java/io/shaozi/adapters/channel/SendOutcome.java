package io.shaozi.adapters.channel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a platform said about one outbound send, the same for every channel. Never thrown, never null. */
public sealed interface SendOutcome
        permits SendOutcome.Sent, SendOutcome.RetryLater, SendOutcome.Throttled, SendOutcome.Rejected {

    /**
     * Acknowledged by the platform: never sent again.
     *
     * @param platformId the platform's message/task id when it gave one
     * @param notReached recipients the platform refused while accepting the rest (WeCom reports these with
     *                   {@code errcode 0}), as {@code kind:id}; empty when everyone was reached
     */
    record Sent(Optional<String> platformId, List<String> notReached) implements SendOutcome {
        public Sent {
            Objects.requireNonNull(platformId, "platformId");
            notReached = List.copyOf(notReached);
        }

        public Sent(Optional<String> platformId) {
            this(platformId, List.of());
        }

        /** Sent, without a platform id. */
        public static Sent ok() {
            return new Sent(Optional.empty());
        }
    }

    /**
     * Not sent (or not known to be sent): a failed attempt, tried again at or after {@code notBefore} with backoff
     * (busy, HTTP 429/5xx, transport failure, token unavailable, a quota error).
     */
    record RetryLater(Instant notBefore, String reason) implements SendOutcome {
        public RetryLater {
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Held back by a rate limit (ours, or the platform's throttle answer): not an attempt — no backoff, not
     * counted — simply sent again at {@code notBefore}, still in order.
     */
    record Throttled(Instant notBefore, String reason) implements SendOutcome {
        public Throttled {
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Permanently refused (bad recipient, outside the 48 h window, wrong credentials …): never retried.
     *
     * @param errcode the platform's error code ({@code errcode}, {@code code}, {@code http_404}) or {@code config}
     * @param errmsg  what the platform (or the channel) said
     */
    record Rejected(String errcode, String errmsg) implements SendOutcome {
        public Rejected {
            Objects.requireNonNull(errcode, "errcode");
            Objects.requireNonNull(errmsg, "errmsg");
        }

        /** The reason as stored with a failed outbox row. */
        public String reason() {
            return errcode + ": " + errmsg;
        }
    }
}
