package io.shaozi.adapters.common;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where access tokens live. Single instance: memory. Several instances: Redis (bot-core), so that two
 * instances never refresh the same token and invalidate each other's.
 */
public interface TokenStore {

    Optional<AccessToken> get(String key);

    void put(String key, AccessToken token);

    /** Removes the token only if it is still {@code value} (another refresher may have replaced it). */
    void removeIfSame(String key, String value);

    /**
     * Runs {@code action} while holding the refresh lock of {@code key}: at most one holder at a time across
     * every instance that shares this store.
     */
    <T> T withRefreshLock(String key, Supplier<T> action);
}
