package io.shaozi.adapters.wechat;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Result of a {@link WeChatClient} send; tells the outbox what to do. Never null, never thrown. */
public sealed interface SendOutcome permits SendOutcome.Sent, SendOutcome.RetryLater, SendOutcome.Rejected {

    /** Accepted by WeChat; {@code platformId} is the {@code msgid} when WeChat returned one. */
    record Sent(Optional<String> platformId) implements SendOutcome {
        public Sent {
            Objects.requireNonNull(platformId, "platformId");
        }
    }

    /**
     * Not sent; try again at or after {@code notBefore}: local rate limit, 45009 daily quota (until midnight
     * Beijing time), 45011 frequency, -1 busy, HTTP 429/5xx, transport failure, token unavailable.
     */
    record RetryLater(Instant notBefore, String reason) implements SendOutcome {
        public RetryLater {
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Permanently refused; do not retry: 45015 outside the 48 h window, 45047 window count used up, 43004 not
     * following, 40003 bad OpenID, 48001 not authorised, template/data errors …
     *
     * @param api the API path, e.g. {@code /cgi-bin/message/custom/send}
     */
    record Rejected(int errcode, String errmsg, String api) implements SendOutcome {
        public Rejected {
            Objects.requireNonNull(errmsg, "errmsg");
            Objects.requireNonNull(api, "api");
        }
    }
}
