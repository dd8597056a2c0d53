package io.shaozi.core.channel;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.dialog.Bot;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.state.Dedupe;
import io.shaozi.core.store.InboundLogJdbc;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every channel's path after verification and parsing. A delivery is first recorded durably with a lease
 * ({@link #admit}); only then may its platform be told "received". The holder of the lease lets the bot answer
 * and stores the answer together with the pushes that go with it ({@link #process}). A redelivery gets the
 * stored answer, waits briefly while another holder works, or takes over a claim whose holder died; the
 * recovery sweep ({@link #recover}) processes claims whose holder died even when the platform never retries.
 * Work that never finished is never answered as a duplicate: it is {@link Result.InProgress}, a retryable answer.
 */
public final class InboundPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(InboundPipeline.class);

    private final InboundLogJdbc log;
    private final Bot bot;
    private final Clock clock;
    private final Settings settings;
    private final String owner;
    private final Runnable sync;
    private final Dedupe repeats;

    /**
     * @param lease       how long a claim stays with its holder; after that a retry or the sweep takes it over.
     *                    Longer than processing takes, shorter than the platforms' retry windows (WeChat: 3 retries
     *                    within about 15 s)
     * @param busyWait    how long a redelivery waits for the holder's answer before answering "retry"
     * @param maxAttempts after this many failed attempts the sweep leaves a delivery to the operator
     */
    /**
     * @param repeatWindow how long a stateless answer's delivery is remembered (without a store write) so that a
     *                     redelivery is answered as a repeat and not counted against the sender's rate again; at
     *                     least the platforms' retry windows
     */
    public record Settings(Duration lease, Duration busyWait, int maxAttempts, Duration repeatWindow) {
        public Settings {
            if (repeatWindow.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("repeatWindow must cover the platforms' retry windows (>= 1 min)");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(6), Duration.ofSeconds(3), 5, Duration.ofMinutes(10));
        }
    }

    /**
     * Where the replies of a delivery go.
     *
     * @param recipient outbox recipient for replies that do not go back in the HTTP response; empty: none (the
     *                  platform's retry gets the stored reply)
     * @param passive   how many replies the HTTP response carries when the answer is ready in time; the rest are
     *                  pushed to {@code recipient}
     */
    public record Route(Optional<String> recipient, int passive) {
        /** Every reply in the HTTP response; a late one is stored for the retry. */
        public static Route inResponse() {
            return new Route(Optional.empty(), Integer.MAX_VALUE);
        }

        /** Every reply pushed through the outbox (Feishu, DingTalk events). */
        public static Route pushTo(String recipient) {
            return new Route(Optional.of(recipient), 0);
        }
    }

    /**
     * @param owner this instance's name on its leases
     * @param sync  makes the commits made so far durable against power loss as well (the store's group fsync);
     *              called once before the platform hears anything: after the answer is stored, or after the
     *              delivery is recorded when the platform is answered first (accept, defer)
     * @param repeats remembers stateless answers' deliveries (shared through Redis by several instances)
     */
    public InboundPipeline(InboundLogJdbc log, Bot bot, Clock clock, Settings settings, String owner, Runnable sync,
                           Dedupe repeats) {
        this.repeats = repeats;
        this.sync = sync;
        this.log = log;
        this.bot = bot;
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
    }

    /** Outcome of one delivery. */
    public sealed interface Result {
        List<Outbound> replies();

        /** Processed now; {@code deferred}: its platform had its empty answer and the replies went to the outbox. */
        record Processed(List<Outbound> replies, boolean deferred) implements Result {
        }

        /** A repeat; {@code late} when the first delivery's reply went out through the outbox. */
        record Redelivered(List<Outbound> replies, boolean late) implements Result {
        }

        /**
         * Recorded, but another holder is still working on it (or died and its lease has not run out): ask the
         * platform to retry. {@code deferred}: its replies will go out through the outbox whatever happens.
         */
        record InProgress(long id, boolean deferred) implements Result {
            @Override
            public List<Outbound> replies() {
                return List.of();
            }
        }
    }

    /** Outcome of recording a delivery. */
    public sealed interface Admission {
        /** Recorded and leased to this instance: {@link #process} it. */
        record Claimed(long id, Inbound in, Route route) implements Admission {
        }

        /** Nothing to process here. */
        record Settled(Result result) implements Admission {
        }
    }

    /**
     * For platforms without a passive reply (Feishu, DingTalk events): records the delivery (a store failure is a
     * retryable 503), then processes it on {@code executor} while the platform hears "received". Should processing
     * fail, or no worker be free, the lease runs out and the recovery sweep finishes it.
     */
    public void accept(Inbound in, Route route, java.util.concurrent.Executor executor) {
        Admission a;
        try {
            a = admit(in, route);
        } catch (RuntimeException e) {
            throw failure(in.origin().channel().id(), e);
        }
        if (a instanceof Admission.Claimed c) {
            sync.run(); // recorded durably before the platform hears "received"
            try {
                executor.execute(() -> {
                    try {
                        process(c);
                    } catch (RuntimeException e) {
                        LOG.warn("{} delivery {} failed; the recovery sweep retries it: {}",
                                in.origin().channel().id(), c.id(), e.getClass().getSimpleName());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.warn("{} delivery {} left to the recovery sweep: workers busy", in.origin().channel().id(), c.id());
            }
        }
    }

    /** Records the delivery and processes it when this instance holds it. */
    public Result handle(Inbound in, Route route) {
        Admission a = admit(in, route);
        return a instanceof Admission.Claimed c ? process(c) : ((Admission.Settled) a).result();
    }

    /**
     * Records the delivery durably (the platform may be told "received" once this returns) and leases it to this
     * instance, or settles a redelivery. Throws {@link io.shaozi.core.store.StoreException} when the store is down.
     */
    public Admission admit(Inbound in, Route route) {
        Optional<Result> quick = stateless(in, route);
        if (quick.isPresent()) {
            return new Admission.Settled(quick.get());
        }
        InboundLogJdbc.Delivery d = new InboundLogJdbc.Delivery(in.origin(), kind(in), text(in),
                InboundCodec.encode(in), route.recipient(), Math.min(route.passive(), 1_000));
        InboundLogJdbc.Claim claim = log.claim(d, owner, clock.instant(), settings.lease());
        if (claim instanceof InboundLogJdbc.Claim.Owned o) {
            // no fsync here: the platform hears nothing before process() (whose fsync covers this insert too),
            // accept() or defer(), and those sync before they answer
            return new Admission.Claimed(o.id(), in, route);
        }
        if (claim instanceof InboundLogJdbc.Claim.Answered a) {
            return new Admission.Settled(new Result.Redelivered(Replies.decode(a.reply()), a.late()));
        }
        return new Admission.Settled(awaitOther(in));
    }

    /**
     * A message whose answer changes nothing ({@link Bot#stateless}: 帮助, a greeting) and fits in the HTTP
     * response is answered without a store write: nothing is promised that a crash could take back, and a
     * redelivery gets the same answer again. Its delivery is remembered for {@link Settings#repeatWindow} so that a
     * redelivery is marked as such and does not count against the sender's rate a second time. A message that
     * would be pushed (no passive reply) always takes the recorded path: the outbox needs its row.
     */
    private Optional<Result> stateless(Inbound in, Route route) {
        if (route.passive() < 1 || !(in instanceof Inbound.Text)) {
            return Optional.empty();
        }
        Optional<Bot.Stateless> answer = bot.stateless(in);
        if (answer.isEmpty() || answer.get().answer().size() > route.passive()) {
            return Optional.empty();
        }
        String key = "stateless:" + io.shaozi.adapters.common.Fields.hashedKey(in.origin().channel().id(),
                in.origin().account(), in.origin().user(), in.origin().messageId());
        if (!repeats.firstSeen(key, settings.repeatWindow())) {
            return Optional.of(new Result.Redelivered(answer.get().answer(), false)); // rate not counted again
        }
        return Optional.of(new Result.Processed(answer.get().counted().get(), false));
    }

    /** Another holder works on it: wait (bounded) for its answer. */
    private Result awaitOther(Inbound in) {
        long deadline = System.nanoTime() + settings.busyWait().toNanos();
        InboundLogJdbc.Stored stored = log.stored(in.origin());
        while (stored.reply().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            stored = log.stored(in.origin());
        }
        if (stored.reply().isPresent()) {
            return new Result.Redelivered(Replies.decode(stored.reply().get()), stored.late());
        }
        return new Result.InProgress(stored.id(), stored.late());
    }

    /**
     * Lets the bot answer a claimed delivery and stores the answer with its pushes in one transaction. On failure
     * the lease is given up at once, so that the platform's retry (or the sweep) processes it again: opening a
     * ticket is idempotent on the delivery, so a half-done first attempt is not repeated.
     */
    public Result process(Admission.Claimed c) {
        try {
            List<Outbound> replies = bot.reply(c.in());
            InboundLogJdbc.Completion done = log.complete(c.id(), Replies.encode(replies),
                    late -> pushes(c, replies, late), clock.instant());
            sync.run();
            if (done instanceof InboundLogJdbc.Completion.AnsweredBefore before) {
                return new Result.Redelivered(Replies.decode(before.reply()), before.late());
            }
            return new Result.Processed(replies, ((InboundLogJdbc.Completion.Stored) done).late());
        } catch (RuntimeException | Error e) {
            try {
                log.release(c.id(), clock.instant());
            } catch (RuntimeException releaseFailed) {
                e.addSuppressed(releaseFailed); // the lease then runs out by itself
            }
            throw e;
        }
    }

    /**
     * The platform got its empty answer before the bot was done: the whole reply goes out through the outbox.
     * False when the answer was stored just before (it can still go back in the response).
     */
    public boolean defer(long id) {
        boolean deferred = log.defer(id);
        sync.run(); // the platform gets its empty answer next: the delivery and this mark must be durable first
        return deferred;
    }

    /**
     * What an endpoint answers when processing a delivery threw: a retryable 503 when the store failed (the
     * platform retries), else the failure itself (500; the lease was given up, so the retry processes it again).
     */
    public static RuntimeException failure(String channel, Throwable cause) {
        if (cause instanceof io.shaozi.core.http.Retryable r && r.retryable()) {
            LOG.warn("{} delivery: store unavailable ({})", channel, cause.getMessage());
            return io.shaozi.core.http.HttpError.retryLater("store unavailable, retry shortly");
        }
        if (cause instanceof io.shaozi.core.http.HttpError h) {
            return h;
        }
        return new IllegalStateException(channel + " delivery failed", cause);
    }

    /**
     * One pass of the recovery sweep: processes up to {@code limit} deliveries whose holder died, replies through
     * the outbox. Returns how many it processed.
     */
    public int recover(int limit) {
        int n = 0;
        for (InboundLogJdbc.Expired e : log.expired(clock.instant(), settings.maxAttempts(), limit)) {
            if (e.payload().isEmpty()) {
                log.abandon(e.id()); // recorded by a release that stored no payload: only a retry can redo it
                continue;
            }
            Optional<InboundLogJdbc.Claim.Owned> owned = log.takeOver(e.id(), owner, clock.instant(), settings.lease());
            if (owned.isEmpty()) {
                continue;
            }
            Inbound in = InboundCodec.decode(e.origin(), e.payload().get());
            Admission.Claimed c = new Admission.Claimed(e.id(), in,
                    new Route(e.replyTo(), 0));
            log.defer(e.id());
            try {
                process(c);
                n++;
            } catch (RuntimeException ex) {
                LOG.warn("recovering inbound message {} failed (attempt {} of {}): {}", e.id(), owned.get().attempt(),
                        settings.maxAttempts(), ex.getClass().getSimpleName());
                if (owned.get().attempt() >= settings.maxAttempts()) {
                    LOG.error("inbound message {} given up after {} attempts; it stays in inbound_message for the"
                            + " operator", e.id(), owned.get().attempt());
                    log.abandon(e.id());
                }
            }
        }
        return n;
    }

    /** The outbox rows that go with a stored answer: all of it when deferred, else what the response cannot carry. */
    private static List<OutboxMessage> pushes(Admission.Claimed c, List<Outbound> replies, boolean late) {
        List<OutboxMessage> rows = new ArrayList<>();
        if (c.route().recipient().isEmpty()) {
            return rows;
        }
        int from = late ? 0 : c.route().passive();
        for (int i = from; i < replies.size(); i++) {
            rows.add(new OutboxMessage(c.in().origin().channel(), c.in().origin().account(),
                    c.route().recipient().get(), replies.get(i), Optional.of("reply:" + c.id() + ":" + i)));
        }
        return rows;
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
