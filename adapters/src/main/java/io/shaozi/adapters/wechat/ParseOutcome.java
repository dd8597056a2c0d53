package io.shaozi.adapters.wechat;

import io.shaozi.adapters.common.Inbound;
import java.util.Objects;

/** Result of {@link WeChatProtocol#parse}. */
public sealed interface ParseOutcome extends io.shaozi.adapters.channel.Parsing<ReplyContext>
        permits ParseOutcome.Parsed, ParseOutcome.Rejected {

    /**
     * A verified message. {@code inbound.origin().dedupeKey()} identifies the delivery across WeChat's retries
     * (MsgId, or user:CreateTime:event:EventKey for events).
     */
    record Parsed(Inbound inbound, ReplyContext ctx)
            implements ParseOutcome, io.shaozi.adapters.channel.Parsing.Ok<ReplyContext> {
        public Parsed {
            Objects.requireNonNull(inbound, "inbound");
            Objects.requireNonNull(ctx, "ctx");
        }
    }

    /**
     * Refused: answer {@code httpStatus} with {@code reason}; nothing was read into records, nothing must be
     * stored. 400 malformed / unsafe XML, 403 signature, timestamp, receive id or mode, 413 body too large.
     */
    record Rejected(int httpStatus, String reason) implements ParseOutcome, io.shaozi.adapters.channel.Refusal {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
