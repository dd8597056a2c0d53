package io.shaozi.core.identity;

import java.time.Instant;
import java.util.Optional;

/** Per-user API tokens, stored as SHA-256 digests only (implemented by {@code store.OrgJdbc}). */
public interface TokenRepository {
    void store(String sha256, String personId, String label, Instant createdAt);

    /** The person a live (not revoked) token belongs to. */
    Optional<String> personFor(String sha256);

    /** Revokes every token of a person; returns how many. */
    int revokeAll(String personId, Instant at);
}
