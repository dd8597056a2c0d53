package io.shaozi.core.channel;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.dialog.Bot;
import io.shaozi.core.state.Dedupe;
import io.shaozi.core.store.InboundLogJdbc;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

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
    private final Dedupe fastDedupe;

    /**
     * @param fastDedupe first-line dedupe shared by instances (Redis {@code SET NX} when configured): a repeat
     *                   seen there skips the insert; the database's unique key stays the authority
     */
    public InboundPipeline(InboundLogJdbc log, Bot bot, Clock clock, Duration duplicateWait, Dedupe fastDedupe) {
        this.log = log;
        this.bot = bot;
        this.clock = clock;
        this.duplicateWait = duplicateWait;
        this.fastDedupe = fastDedupe;
    }

    /** Outcome of one delivery. */
    public sealed interface Result {
        List<Outbound> replies();

        record Processed(List<Outbound> replies) implements Result {
        }

        /** A repeat; {@code late} when the first delivery's reply went out through the outbox. */
        record Redelivered(List<Outbound> replies, boolean late) implements Result {
        }
    }

    public Result handle(Inbound in) {
        boolean fresh = fastDedupe.firstSeen(in.origin().dedupeKey() + ":" + in.origin().user(), Duration.ofHours(1));
        // The shared dedupe is a hint that saves a failing insert; the database row is the authority (a hint
        // whose first delivery never reached the database must not swallow the retry).
        if (fresh || !log.exists(in.origin())) {
            InboundLogJdbc.Claim claim = log.claim(in.origin(), kind(in), text(in), clock.instant());
            if (claim instanceof InboundLogJdbc.Claim.First first) {
                List<Outbound> replies;
                try {
                    replies = bot.reply(in);
                    log.saveReply(first.id(), Replies.encode(replies));
                } catch (RuntimeException | Error e) {
                    // Nothing was answered: forget the claim so the platform's retry is processed again (opening a
                    // ticket is idempotent on the delivery key, so a half-done first attempt is not repeated).
                    log.release(first.id());
                    throw e;
                }
                return new Result.Processed(replies);
            }
        }
        InboundLogJdbc.Stored stored = log.stored(in.origin());
        long deadline = System.nanoTime() + duplicateWait.toNanos();
        while (stored.reply().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            stored = log.stored(in.origin());
        }
        return new Result.Redelivered(stored.reply().map(Replies::decode).orElse(List.of()), stored.late());
    }

    /** Marks the delivery's reply as sent late through the outbox. */
    public void markLate(Inbound in) {
        log.markLate(in.origin());
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
