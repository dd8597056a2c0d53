package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.common.Inbound;
import java.util.Objects;

/** Result of {@link DingTalkRobotProtocol#parse}. */
public sealed interface ParseOutcome extends io.shaozi.adapters.channel.Parsing<ReplyContext>
        permits ParseOutcome.Parsed, ParseOutcome.Rejected {

    /** A verified message; {@code inbound.origin().messageId()} is DingTalk's msgId (the dedupe key). */
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
