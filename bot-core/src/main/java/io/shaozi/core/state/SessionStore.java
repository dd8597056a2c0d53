package io.shaozi.core.state;

import java.time.Duration;
import java.util.Optional;

/** Per-user conversation state as an opaque string (JSON), expiring after inactivity. */
public interface SessionStore {
    Optional<String> get(String key);

    void put(String key, String value, Duration ttl);

    void delete(String key);
}
