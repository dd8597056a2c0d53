package io.shaozi.adapters.common;

import java.time.Instant;
import java.util.Objects;

/** A platform access token and the instant it stops being valid. */
public record AccessToken(String value, Instant expiresAt) {
    public AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "AccessToken[value=****, expiresAt=" + expiresAt + "]";
    }
}
