package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.common.Inbound;
import java.util.Objects;

/** Result of {@link DingTalkEventProtocol#handle}. */
public sealed interface EventOutcome permits EventOutcome.CheckUrl, EventOutcome.Event, EventOutcome.Rejected {

    /** The URL check ({@code check_url} and the ISV suite variants): answer 200 with this JSON at once. */
    record CheckUrl(String encryptedSuccessBody) implements EventOutcome {
        public CheckUrl {
            Objects.requireNonNull(encryptedSuccessBody, "encryptedSuccessBody");
        }
    }

    /**
     * A verified event. Dedupe on {@code eventId} (also {@code inbound.origin().messageId()}), then answer 200
     * with {@code encryptedSuccessBody}: anything else makes DingTalk push the event again.
     */
    record Event(Inbound inbound, String eventId, String encryptedSuccessBody) implements EventOutcome {
        public Event {
            Objects.requireNonNull(inbound, "inbound");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(encryptedSuccessBody, "encryptedSuccessBody");
        }
    }

    /** Refused: answer {@code httpStatus}; nothing must be stored. */
    record Rejected(int httpStatus, String reason) implements EventOutcome, io.shaozi.adapters.channel.Refusal {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
