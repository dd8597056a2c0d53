package io.shaozi.core.state;

import java.time.Duration;
import java.util.Optional;

/** Named leases for work that one instance at a time may do (scanner passes, token refresh). */
public interface Locks {

    /** A held lease; closing releases it only if this holder still owns it. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** The lease, or empty when another holder has it. It expires by itself after {@code ttl}. */
    Optional<Lease> tryAcquire(String name, Duration ttl);
}
