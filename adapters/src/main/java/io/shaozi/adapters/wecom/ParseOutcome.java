package io.shaozi.adapters.wecom;

import io.shaozi.adapters.common.Inbound;
import java.util.Objects;

/** Result of {@link WeComProtocol#parse}. */
public sealed interface ParseOutcome extends io.shaozi.adapters.channel.Parsing<ReplyContext>
        permits ParseOutcome.Parsed, ParseOutcome.Rejected {

    /**
     * A verified message. {@code inbound.origin().messageId()} is {@code <AgentID>:<MsgId>} for messages and
     * {@code <AgentID>:<UserID>:<CreateTime>:<event>:<EventKey>} for events, so the dedupe key is scoped by
     * app and AgentID.
     */
    record Parsed(Inbound inbound, ReplyContext ctx)
            implements ParseOutcome, io.shaozi.adapters.channel.Parsing.Ok<ReplyContext> {
        public Parsed {
            Objects.requireNonNull(inbound, "inbound");
            Objects.requireNonNull(ctx, "ctx");
        }
    }

    /** Refused: answer {@code httpStatus} with {@code reason}; nothing must be stored. */
    record Rejected(int httpStatus, String reason) implements ParseOutcome, io.shaozi.adapters.channel.Refusal {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
