package io.shaozi.core.ticket;

import java.time.Duration;
import java.util.Optional;

/**
 * Leases for work that one instance at a time should do (the escalation scanner). Implementations: in-process
 * ({@link InProcessLocks}), a database lease row ({@code store.LeaseLocksJdbc}), Redis (the {@code state} package).
 * A lease expires by itself after its time-to-live, so a crashed holder does not block others for long.
 */
public interface Locks {

    /** The lease if nobody else holds {@code name}; empty otherwise. */
    Optional<Lease> tryAcquire(String name, Duration ttl);

    /** A held lease; closing releases it (only if still ours). */
    interface Lease extends AutoCloseable {
        String name();

        /** Extends the lease; false when it was lost (expired and taken by another holder). */
        boolean renew(Duration ttl);

        @Override
        void close();
    }
}
