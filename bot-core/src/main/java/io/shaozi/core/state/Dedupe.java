package io.shaozi.core.state;

import java.time.Duration;

/** Remembers keys for a while: the first caller of a key wins (Redis {@code SET NX EX}, or a local cache). */
public interface Dedupe {
    /** True for the first call with {@code key} within {@code ttl}; false for every repeat. */
    boolean firstSeen(String key, Duration ttl);
}
