package io.shaozi.adapters.tencent;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code permits} calls per {@code per} (token bucket: the bucket refills continuously).
 *
 * @param permits bucket size and refill amount per period, &gt; 0
 * @param per     refill period, &gt; 0
 */
public record RateLimit(int permits, Duration per) {
    public RateLimit {
        Objects.requireNonNull(per, "per");
        if (permits <= 0) {
            throw new IllegalArgumentException("permits must be positive");
        }
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("per must be positive");
        }
    }

    /** {@code n} per second. */
    public static RateLimit perSecond(int n) {
        return new RateLimit(n, Duration.ofSeconds(1));
    }

    /** {@code n} per minute. */
    public static RateLimit perMinute(int n) {
        return new RateLimit(n, Duration.ofMinutes(1));
    }
}
