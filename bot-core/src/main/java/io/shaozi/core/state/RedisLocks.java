package io.shaozi.core.state;

import io.shaozi.core.lock.Locks;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Leases in Redis shared by every instance: {@code SET NX PX} with an owner token; renewing and releasing compare
 * the token first, so a holder whose lease expired never extends or frees the next holder's.
 */
public final class RedisLocks implements Locks {
    private final RedisClient redis;

    public RedisLocks(RedisClient redis) {
        this.redis = redis;
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration ttl) {
        String owner = UUID.randomUUID().toString();
        String key = "lock:" + name;
        if (!redis.setIfAbsent(key, owner, ttl)) {
            return Optional.empty();
        }
        return Optional.of(Lease.of(name, more -> redis.expireIfEquals(key, owner, more),
                () -> redis.deleteIfEquals(key, owner)));
    }
}
