package io.shaozi.core.state;

import io.shaozi.core.ticket.Locks;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** The breach scanner's leases in Redis, so that one instance scans at a time across the cluster. */
public final class RedisTicketLocks implements Locks {
    private final RedisClient redis;

    public RedisTicketLocks(RedisClient redis) {
        this.redis = redis;
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration ttl) {
        String owner = UUID.randomUUID().toString();
        String key = "ticket-lock:" + name;
        if (!redis.setIfAbsent(key, owner, ttl)) {
            return Optional.empty();
        }
        return Optional.of(new Lease() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean renew(Duration more) {
                return redis.expireIfEquals(key, owner, more);
            }

            @Override
            public void close() {
                redis.deleteIfEquals(key, owner);
            }
        });
    }
}
