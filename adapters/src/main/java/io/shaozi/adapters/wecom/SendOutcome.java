package io.shaozi.adapters.wecom;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Result of {@link WeComClient#sendAppMessage}; tells the outbox what to do. Never null, never thrown. */
public sealed interface SendOutcome
        permits SendOutcome.Sent, SendOutcome.PartiallySent, SendOutcome.RetryLater, SendOutcome.Rejected {

    /** Accepted for every recipient; {@code platformId} is the {@code msgid}. */
    record Sent(Optional<String> platformId) implements SendOutcome {
        public Sent {
            Objects.requireNonNull(platformId, "platformId");
        }
    }

    /**
     * {@code errcode 0} but some recipients were refused (WeCom reports these as success): delivered to the
     * others; do not resend to them, but surface the refused ones.
     */
    record PartiallySent(Optional<String> platformId, List<String> invalidUsers, List<String> invalidParties,
                         List<String> invalidTags, List<String> unlicensedUsers) implements SendOutcome {
        public PartiallySent {
            Objects.requireNonNull(platformId, "platformId");
            invalidUsers = List.copyOf(invalidUsers);
            invalidParties = List.copyOf(invalidParties);
            invalidTags = List.copyOf(invalidTags);
            unlicensedUsers = List.copyOf(unlicensedUsers);
        }
    }

    /** Not sent; try again at or after {@code notBefore} (rate limit, 45009/45033, -1, HTTP 429/5xx, transport). */
    record RetryLater(Instant notBefore, String reason) implements SendOutcome {
        public RetryLater {
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Permanently refused (81013 all recipients invalid, 40056 bad agentid, 48002 …); do not retry. */
    record Rejected(int errcode, String errmsg, String api) implements SendOutcome {
        public Rejected {
            Objects.requireNonNull(errmsg, "errmsg");
            Objects.requireNonNull(api, "api");
        }
    }
}
