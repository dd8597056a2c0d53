package io.shaozi.core.state;

import io.shaozi.adapters.common.ReplayGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * State shared by several instances, in Redis: dedupe and the replay guard ({@code SET NX PX}) and sessions.
 * Leases are {@link RedisLocks}; rate limits Bucket4j's ({@link RedisClient#limiter}).
 */
public final class RedisState implements Dedupe, SessionStore, ReplayGuard {
    private final RedisClient redis;
    private final Clock clock;

    public RedisState(RedisClient redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public boolean firstSeen(String key, Duration ttl) {
        return redis.setIfAbsent("dedupe:" + key, "1", ttl);
    }

    /**
     * {@code SET NX PX}, then {@code GET} of the value that won. Should the winner expire between the two, the
     * key is free again: try once more to take it.
     */
    @Override
    public Optional<String> putIfAbsent(String key, String value, Duration ttl) {
        String k = "guard:" + key;
        for (int attempt = 0; attempt < 2; attempt++) {
            if (redis.setIfAbsent(k, value, ttl)) {
                return Optional.empty();
            }
            Optional<String> before = redis.get(k);
            if (before.isPresent()) {
                return before;
            }
        }
        return Optional.of(value); // taken and expired twice within a few round trips: treat as seen with this body
    }

    @Override
    public Optional<String> get(String key) {
        return redis.get("session:" + key);
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        redis.set("session:" + key, value, ttl);
    }

    @Override
    public void delete(String key) {
        redis.delete("session:" + key);
    }
}
