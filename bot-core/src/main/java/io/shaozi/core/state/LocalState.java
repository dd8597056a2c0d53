package io.shaozi.core.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.shaozi.adapters.common.ReplayGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Single-instance state on Caffeine, with every expiry driven by the injected {@link Clock} (tests move a
 * fake clock instead of sleeping). Leases are {@link io.shaozi.core.lock.LocalLocks}.
 */
public final class LocalState implements Dedupe, SessionStore, ReplayGuard {
    /** A value with its own time to live. */
    private record Entry(Object value, long ttlNanos) {
    }

    private final Cache<String, Entry> cache;

    public LocalState(Clock clock, long maximumSize) {
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(maximumSize)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry e, long now) {
                        return e.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry e, long now, long current) {
                        return e.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Entry e, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    @Override
    public boolean firstSeen(String key, Duration ttl) {
        Entry fresh = new Entry(Boolean.TRUE, ttl.toNanos());
        return cache.asMap().putIfAbsent("dedupe:" + key, fresh) == null;
    }

    @Override
    public Optional<String> putIfAbsent(String key, String value, Duration ttl) {
        Entry before = cache.asMap().putIfAbsent("guard:" + key, new Entry(value, ttl.toNanos()));
        return before == null ? Optional.empty() : Optional.of((String) before.value());
    }

    @Override
    public Optional<String> get(String key) {
        Entry e = cache.getIfPresent("session:" + key);
        return e == null ? Optional.empty() : Optional.of((String) e.value());
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        cache.put("session:" + key, new Entry(value, ttl.toNanos()));
    }

    @Override
    public void delete(String key) {
        cache.invalidate("session:" + key);
    }
}
