package io.shaozi.core.channel;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.dialog.Bot;
import io.shaozi.core.store.InboundLogJdbc;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every channel's path after verification and parsing: claim the delivery in the inbound log (dedupe that
 * survives restarts), let the bot answer, store the answer, return it. A redelivery gets the stored answer
 * (waiting briefly when the first delivery is still being processed) and is never processed twice.
 */
public final class InboundPipeline {
    private final InboundLogJdbc log;
    private final Bot bot;
    private final Clock clock;
    private final Duration duplicateWait;

    public InboundPipeline(InboundLogJdbc log, Bot bot, Clock clock, Duration duplicateWait) {
        this.log = log;
        this.bot = bot;
        this.clock = clock;
        this.duplicateWait = duplicateWait;
    }

    /** Outcome of one delivery. */
    public sealed interface Result {
        List<Outbound> replies();

        record Processed(List<Outbound> replies) implements Result {
        }

        record Redelivered(List<Outbound> replies) implements Result {
        }
    }

    public Result handle(Inbound in) {
        InboundLogJdbc.Claim claim = log.claim(in.origin(), kind(in), text(in), clock.instant());
        if (claim instanceof InboundLogJdbc.Claim.First first) {
            List<Outbound> replies = bot.reply(in);
            log.saveReply(first.id(), Replies.encode(replies));
            return new Result.Processed(replies);
        }
        Optional<String> stored = ((InboundLogJdbc.Claim.Duplicate) claim).reply();
        long deadline = System.nanoTime() + duplicateWait.toNanos();
        while (stored.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            stored = log.storedReply(in.origin());
        }
        return new Result.Redelivered(stored.map(Replies::decode).orElse(List.of()));
    }

    static String kind(Inbound in) {
        return in.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    static String text(Inbound in) {
        if (in instanceof Inbound.Text t) {
            return t.text();
        } else if (in instanceof Inbound.Voice v) {
            return v.recognition().orElse("");
        } else if (in instanceof Inbound.Location l) {
            return l.label();
        } else if (in instanceof Inbound.Link l) {
            return l.title() + " " + l.url();
        } else if (in instanceof Inbound.Event e) {
            return e.type() + e.key().map(k -> ":" + k).orElse("");
        } else if (in instanceof Inbound.Image i) {
            return i.url().orElse(i.mediaId());
        }
        return ((Inbound.Unknown) in).rawType();
    }
}
