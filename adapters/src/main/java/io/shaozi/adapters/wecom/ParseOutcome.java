package io.shaozi.adapters.wecom;

import io.shaozi.adapters.common.Inbound;
import java.util.Objects;

/** Result of {@link WeComProtocol#parse}. */
public sealed interface ParseOutcome permits ParseOutcome.Parsed, ParseOutcome.Rejected {

    /**
     * A verified message. {@code inbound.origin().messageId()} is {@code <AgentID>:<MsgId>} for messages and
     * {@code <AgentID>:<UserID>:<CreateTime>:<event>:<EventKey>} for events, so the dedupe key is scoped by
     * app and AgentID.
     */
    record Parsed(Inbound inbound, ReplyContext ctx) implements ParseOutcome {
        public Parsed {
            Objects.requireNonNull(inbound, "inbound");
            Objects.requireNonNull(ctx, "ctx");
        }
    }

    /** Refused: answer {@code httpStatus} with {@code reason}; nothing must be stored. */
    record Rejected(int httpStatus, String reason) implements ParseOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
