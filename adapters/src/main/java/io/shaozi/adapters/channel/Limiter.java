package io.shaozi.adapters.channel;

import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

/**
 * The one rate limiter: every platform, recipient and sender limit of Shaozi goes through it. Counts are Bucket4j
 * buckets in a {@link ProxyManager}: in memory for one instance ({@link #local}), or in Redis shared by several
 * (bot-core builds that store over its Redis client). Time comes from the injected {@link Clock}, so tests move a
 * fake clock instead of sleeping.
 *
 * <p>A {@link RateLimit.Kind#BUCKET} limit is one token bucket. A {@link RateLimit.Kind#WINDOW} limit ("at most N in
 * any minute") cannot be a token bucket — a full bucket refilled evenly lets through up to twice N in some minute —
 * so it is N one-token buckets ("slots") that each come back one window after they were used: a send takes any free
 * slot, and N sends within a window have used all of them. That is exact, also across instances (each slot is taken
 * by one compare-and-swap).
 *
 * <p>Counts are created on first use. {@code usedBefore} says how many permits were already spent in the last window
 * (for outbound sends: the outbox's delivered rows), so that a new process or an expired Redis key does not start
 * from a full bucket; it is asked only when a count is created.
 */
public final class Limiter {
    private final ProxyManager<String> store;
    private final Clock clock;
    private final UnaryOperator<RuntimeException> failures;
    /**
     * The waits this limiter has been told, by count name, until they end: no permit of a count comes back before
     * the wait it answered (permits only come back with time; other instances only take them), so until then the same
     * wait is answered without reading the store. A backlogged recipient's window is N slots, each a Redis read: the
     * outbox asking again and again cost N reads each time.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Known> waits = new java.util.concurrent.ConcurrentHashMap<>();
    /** Reads of the store (one a bucket or slot), for tests and metrics. */
    private final java.util.concurrent.atomic.AtomicLong storeReads = new java.util.concurrent.atomic.AtomicLong();
    private static final int MAX_KNOWN_WAITS = 100_000;

    /** A wait answered at {@code since}, ending at {@code until}. */
    private record Known(Instant since, Instant until) {
    }

    /** What the limiter says about one more event. */
    public sealed interface Decision {
        /** Taken: go ahead. */
        record Granted() implements Decision {
        }

        /** Not now: nothing was taken; one permit is free again at {@code until}. */
        record Wait(Instant until) implements Decision {
            public Wait {
                Objects.requireNonNull(until, "until");
            }
        }
    }

    public Limiter(ProxyManager<String> store, Clock clock) {
        this(store, clock, UnaryOperator.identity());
    }

    /** @param failures what a failure of the store becomes (bot-core: a lost Redis connection is retryable) */
    public Limiter(ProxyManager<String> store, Clock clock, UnaryOperator<RuntimeException> failures) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    /** A limiter for one instance: counts in this process's memory. */
    public static Limiter local(Clock clock) {
        return new Limiter(new MemoryBuckets(meter(clock)), clock);
    }

    /** Bucket4j's view of {@code clock}. */
    public static TimeMeter meter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /** Takes one permit of {@code limit} counted under {@code key}, a count that starts full. */
    public Decision tryAcquire(String key, RateLimit limit) {
        return tryAcquire(key, limit, () -> 0);
    }

    /** Takes one permit; a count created now starts with {@code usedBefore} permits already spent. */
    public Decision tryAcquire(String key, RateLimit limit, IntSupplier usedBefore) {
        try {
            return probe(key, limit, new Seed(usedBefore), TAKE);
        } catch (RuntimeException e) {
            throw failures.apply(e);
        }
    }

    /** What one bucket says: how long until a permit is free, negative when it is free (and, taking, taken). */
    @FunctionalInterface
    private interface Probe {
        long nanosToWait(BucketProxy bucket);
    }

    private static final Probe TAKE = b -> {
        ConsumptionProbe p = b.tryConsumeAndReturnRemaining(1);
        return p.isConsumed() ? -1 : p.getNanosToWaitForRefill();
    };

    private static final Probe LOOK = b -> {
        EstimationProbe p = b.estimateAbilityToConsume(1);
        return p.canBeConsumed() ? -1 : p.getNanosToWaitForRefill();
    };

    /**
     * The bucket's answer; for a window, the first free slot's, or the soonest a slot comes back. A wait answered
     * earlier that has not ended yet is answered again without reading the store (a clock set back forgets it).
     */
    private Decision probe(String key, RateLimit limit, Seed seed, Probe probe) {
        String name = name(key, limit);
        Instant now = clock.instant();
        Known known = waits.get(name);
        if (known != null) {
            if (!now.isBefore(known.since()) && now.isBefore(known.until())) {
                return new Decision.Wait(known.until());
            }
            waits.remove(name, known);
        }
        Decision d = probeStore(key, limit, seed, probe);
        if (d instanceof Decision.Wait w) {
            if (waits.size() >= MAX_KNOWN_WAITS) {
                waits.clear();
            }
            waits.put(name, new Known(now, w.until()));
        }
        return d;
    }

    /** How many buckets and slots this limiter has read from its store. */
    long storeReads() {
        return storeReads.get();
    }

    private Decision probeStore(String key, RateLimit limit, Seed seed, Probe probe) {
        if (limit.kind() == RateLimit.Kind.BUCKET) {
            storeReads.incrementAndGet();
            long wait = probe.nanosToWait(bucket(key, limit, seed));
            return wait < 0 ? new Decision.Granted() : waitFor(wait);
        }
        long soonest = Long.MAX_VALUE;
        for (int slot = 0; slot < limit.permits(); slot++) {
            storeReads.incrementAndGet();
            long wait = probe.nanosToWait(slot(key, limit, slot, seed));
            if (wait < 0) {
                return new Decision.Granted();
            }
            soonest = Math.min(soonest, wait);
        }
        return waitFor(soonest);
    }

    /** Whether one permit is free now, taking nothing. */
    public Decision check(String key, RateLimit limit, IntSupplier usedBefore) {
        try {
            return probe(key, limit, new Seed(usedBefore), LOOK);
        } catch (RuntimeException e) {
            throw failures.apply(e);
        }
    }

    /**
     * Takes one permit of each limit, or none: when one of them says wait, nothing is taken from any (checked
     * first), and the answer is the latest of their waits. Between the check and the take another instance may
     * take the last permit; the take then answers wait and the permits taken before it are spent.
     */
    public Decision tryAcquireAll(List<Use> uses) {
        Instant latest = null;
        for (Use u : uses) {
            if (check(u.key(), u.limit(), u.usedBefore()) instanceof Decision.Wait w
                    && (latest == null || w.until().isAfter(latest))) {
                latest = w.until();
            }
        }
        if (latest != null) {
            return new Decision.Wait(latest);
        }
        for (Use u : uses) {
            Decision d = tryAcquire(u.key(), u.limit(), u.usedBefore());
            if (d instanceof Decision.Wait) {
                return d;
            }
        }
        return new Decision.Granted();
    }

    /** One limit counted under one key, for {@link #tryAcquireAll}. */
    public record Use(String key, RateLimit limit, IntSupplier usedBefore) {
        public Use {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(usedBefore, "usedBefore");
        }
    }

    private Decision waitFor(long nanos) {
        return new Decision.Wait(clock.instant().plusNanos(Math.max(1, nanos)));
    }

    /** The stored count's name: a changed rate starts a new count rather than reading one of another shape. */
    private static String name(String key, RateLimit limit) {
        return "rl:" + key + ":" + limit.name() + "@" + limit.rate() + (limit.kind() == RateLimit.Kind.WINDOW ? "w" : "");
    }

    private BucketProxy bucket(String key, RateLimit limit, Seed seed) {
        return store.builder().build(name(key, limit), () -> BucketConfiguration.builder()
                .addLimit(BandwidthBuilder.builder().capacity(limit.permits())
                        .refillGreedy(limit.permits(), limit.per())
                        .initialTokens(Math.max(0, limit.permits() - seed.used())).build())
                .build());
    }

    /**
     * Slot {@code slot} of a window. A slot is created when it was never used or came back full; the earlier use
     * ({@code usedBefore}) is applied only when no slot of the window is kept at all, i.e. when this store saw no
     * send within the last window (a new process, an expired key): otherwise the kept slots already hold them.
     */
    private BucketProxy slot(String key, RateLimit limit, int slot, Seed seed) {
        String name = name(key, limit);
        return store.builder().build(name + "#" + slot, () -> {
            if (seed.alone == null) { // once per call, before this call created any slot
                boolean alone = true;
                for (int other = 0; other < limit.permits() && alone; other++) {
                    alone = other == slot || store.getProxyConfiguration(name + "#" + other).isEmpty();
                }
                seed.alone = alone;
            }
            long tokens = seed.alone && slot < seed.used() ? 0 : 1;
            return BucketConfiguration.builder()
                    .addLimit(BandwidthBuilder.builder().capacity(1).refillGreedy(1, limit.per())
                            .initialTokens(tokens).build())
                    .build();
        });
    }

    /** {@code usedBefore}, asked at most once per call and only when a count is created. */
    private static final class Seed {
        private final IntSupplier source;
        private int value = -1;
        /** Whether no slot of the window was kept when this call first created one. */
        private Boolean alone;

        Seed(IntSupplier source) {
            this.source = source;
        }

        int used() {
            if (value < 0) {
                value = Math.max(0, source.getAsInt());
            }
            return value;
        }
    }
}
