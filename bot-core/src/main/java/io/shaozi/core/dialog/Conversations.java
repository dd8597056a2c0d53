package io.shaozi.core.dialog;

import java.time.Duration;
import java.util.Optional;

/**
 * Where conversation state lives between messages: the database in single-instance mode, Redis when shared,
 * so a conversation survives a restart and continues on another instance.
 */
public interface Conversations {
    Optional<String> load(String key);

    void save(String key, String json, Duration ttl);

    void clear(String key);
}
