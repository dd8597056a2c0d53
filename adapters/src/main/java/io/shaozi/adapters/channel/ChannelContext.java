package io.shaozi.adapters.channel;

import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.ReplayGuard;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * What the host gives every channel it opens: time, the outbound HTTP client, the shared access-token cache, the
 * replay guard (shared by all instances when Redis is on), and the binding of message ids to their first sender.
 */
public record ChannelContext(Clock clock, HttpClient http, AccessTokenManager tokens, ReplayGuard replays,
                             SenderBinding senders) {
    public ChannelContext {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(replays, "replays");
        Objects.requireNonNull(senders, "senders");
    }

    /**
     * Binds a delivery's dedupe key to the user who first sent it, durably: a platform whose signature does not
     * cover the sender (DingTalk robots sign only the timestamp) refuses a replay that names another sender.
     */
    @FunctionalInterface
    public interface SenderBinding {
        /** True when {@code dedupeKey} is new or was first sent by {@code user}. */
        boolean claim(String dedupeKey, String user, Instant at);
    }
}
