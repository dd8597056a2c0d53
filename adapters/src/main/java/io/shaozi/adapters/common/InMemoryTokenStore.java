package io.shaozi.adapters.common;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** Token store for a single instance. */
public final class InMemoryTokenStore implements TokenStore {
    private final ConcurrentMap<String, AccessToken> tokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    @Override
    public Optional<AccessToken> get(String key) {
        return Optional.ofNullable(tokens.get(key));
    }

    @Override
    public void put(String key, AccessToken token) {
        tokens.put(key, token);
    }

    @Override
    public void removeIfSame(String key, String value) {
        tokens.computeIfPresent(key, (k, t) -> t.value().equals(value) ? null : t);
    }

    @Override
    public <T> T withRefreshLock(String key, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
