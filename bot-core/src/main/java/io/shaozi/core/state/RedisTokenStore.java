package io.shaozi.core.state;

import io.shaozi.adapters.common.AccessToken;
import io.shaozi.adapters.common.TokenStore;
import io.shaozi.core.lock.Locks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Platform access tokens shared by every instance: stored in Redis until they expire, refreshed under a
 * cross-instance lease so that two instances never fetch (and so invalidate) each other's tokens.
 */
public final class RedisTokenStore implements TokenStore {
    private final RedisClient redis;
    private final Locks locks;
    private final Clock clock;
    private final Duration lockWait;

    public RedisTokenStore(RedisClient redis, Locks locks, Clock clock, Duration lockWait) {
        this.redis = redis;
        this.locks = locks;
        this.clock = clock;
        this.lockWait = lockWait;
    }

    @Override
    public Optional<AccessToken> get(String key) {
        return redis.get("token:" + key).flatMap(RedisTokenStore::decode);
    }

    @Override
    public void put(String key, AccessToken token) {
        Duration ttl = Duration.between(clock.instant(), token.expiresAt());
        if (!ttl.isNegative() && !ttl.isZero()) {
            redis.set("token:" + key, encode(token), ttl);
        }
    }

    @Override
    public void removeIfSame(String key, String value) {
        get(key).filter(t -> t.value().equals(value)).ifPresent(t -> redis.deleteIfEquals("token:" + key, encode(t)));
    }

    @Override
    public <T> T withRefreshLock(String key, Supplier<T> action) {
        long deadline = System.nanoTime() + lockWait.toNanos();
        while (true) {
            Optional<Locks.Lease> lease = locks.tryAcquire("token-refresh:" + key, Duration.ofSeconds(30));
            if (lease.isPresent()) {
                try {
                    return action.get();
                } finally {
                    lease.get().close();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("token refresh lock for " + key + " not released within " + lockWait);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the token refresh lock", e);
            }
        }
    }

    private static String encode(AccessToken t) {
        return t.expiresAt().toEpochMilli() + ":" + t.value();
    }

    private static Optional<AccessToken> decode(String stored) {
        int colon = stored.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AccessToken(stored.substring(colon + 1),
                    Instant.ofEpochMilli(Long.parseLong(stored.substring(0, colon)))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
