package io.shaozi.adapters.feishu;

import io.shaozi.adapters.common.Inbound;
import java.util.Objects;
import java.util.Optional;

/** Result of {@link FeishuProtocol#handle}. */
public sealed interface EventOutcome
        permits EventOutcome.Challenge, EventOutcome.Event, EventOutcome.Ignored, EventOutcome.Rejected {

    /** {@code url_verification} (plain or encrypted): answer 200 with this JSON within 1 s. */
    record Challenge(String jsonBody) implements EventOutcome {
        public Challenge {
            Objects.requireNonNull(jsonBody, "jsonBody");
        }
    }

    /**
     * A verified event. Dedupe on {@code eventId} ({@code header.event_id}, also {@code origin().messageId()}),
     * answer 200 {@code {"msg":"success"}} within 3 s, work asynchronously.
     *
     * @param replyTo where to send the answer (chat for messages, operator for menu clicks)
     */
    record Event(Inbound inbound, String eventId, Optional<ReplyTarget> replyTo) implements EventOutcome {
        public Event {
            Objects.requireNonNull(inbound, "inbound");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /** Authentic but not for us (other event types, messages sent by apps): answer 200 and drop. */
    record Ignored(String eventType) implements EventOutcome {
        public Ignored {
            Objects.requireNonNull(eventType, "eventType");
        }
    }

    /** Refused: answer {@code httpStatus}; nothing must be stored. */
    record Rejected(int httpStatus, String reason) implements EventOutcome, io.shaozi.adapters.channel.Refusal {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
