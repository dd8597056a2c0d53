package io.shaozi.adapters.tencent;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A thread-safe token bucket on an injected {@link Clock}; never sleeps. */
public final class RateLimiter {
    private final RateLimit limit;
    private final Clock clock;
    private final double nanosPerPermit;
    private double available;
    private long lastNanos;

    public RateLimiter(RateLimit limit, Clock clock) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanosPerPermit = (double) limit.per().toNanos() / limit.permits();
        this.available = limit.permits();
        this.lastNanos = nanos(clock.instant());
    }

    /** Takes a permit: empty on success, else the instant at which one will be available. */
    public synchronized Optional<Instant> tryAcquire() {
        Instant now = clock.instant();
        long n = nanos(now);
        if (n > lastNanos) {
            available = Math.min(limit.permits(), available + (n - lastNanos) / nanosPerPermit);
            lastNanos = n;
        }
        if (available >= 1) {
            available -= 1;
            return Optional.empty();
        }
        long wait = (long) Math.ceil((1 - available) * nanosPerPermit);
        return Optional.of(now.plusNanos(Math.max(wait, 1)));
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
