package io.shaozi.core.state;

import java.time.Duration;

/** Fixed-window rate limits per key (per user, per robot webhook, per API). */
public interface RateLimiter {
    /** True when one more event under {@code key} fits in {@code limit} per {@code window}. */
    boolean tryAcquire(String key, int limit, Duration window);
}
