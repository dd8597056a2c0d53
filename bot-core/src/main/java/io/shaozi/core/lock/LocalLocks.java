package io.shaozi.core.lock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Leases within one JVM (the embedded single-instance deployment and tests), expiring on the injected clock. */
public final class LocalLocks implements Locks {
    private record Held(String owner, Instant until) {
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Clock clock;

    public LocalLocks(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration ttl) {
        String owner = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Held mine = new Held(owner, now.plus(ttl));
        Held result = held.compute(name, (k, v) -> v == null || !v.until().isAfter(now) ? mine : v);
        if (!result.owner().equals(owner)) {
            return Optional.empty();
        }
        return Optional.of(Lease.of(name, t -> {
            Instant n = clock.instant();
            Held r = held.computeIfPresent(name, (k, v) -> v.owner().equals(owner) ? new Held(owner, n.plus(t)) : v);
            return r != null && r.owner().equals(owner);
        }, () -> held.computeIfPresent(name, (k, v) -> v.owner().equals(owner) ? null : v)));
    }
}
