package io.shaozi.core.lock;

import java.time.Duration;
import java.util.Optional;

/**
 * Named leases for work that one holder at a time may do (the escalation pass, a platform token refresh). A lease
 * expires by itself after its time-to-live, so a holder that dies does not block the others for long.
 *
 * <p>Implementations: {@link LocalLocks} within one JVM (the embedded H2 deployment, tests), {@code
 * state.RedisLocks} across instances sharing Redis, {@code store.LeaseLocksJdbc} across instances sharing the
 * database. Recurring work that must run once across instances belongs on the scheduler ({@code
 * schedule.Jobs}), not in a loop around a lease.
 */
public interface Locks {

    /** The lease if nobody else holds {@code name}; empty otherwise. Not re-entrant. */
    Optional<Lease> tryAcquire(String name, Duration ttl);

    /** A held lease; closing releases it (only if still ours). */
    interface Lease extends AutoCloseable {
        String name();

        /** Extends the lease; false when it was lost (expired and taken by another holder). */
        boolean renew(Duration ttl);

        @Override
        void close();

        /** A lease on {@code name} whose renewal and release are the holder's own operations. */
        static Lease of(String name, java.util.function.Predicate<Duration> renew, Runnable release) {
            return new Lease() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public boolean renew(Duration ttl) {
                    return renew.test(ttl);
                }

                @Override
                public void close() {
                    release.run();
                }
            };
        }
    }
}
