package io.shaozi.adapters.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers the signature material of accepted deliveries while their timestamp window lasts, so that one
 * captured {@code signature/timestamp/nonce} (or DingTalk's {@code timestamp/sign}, which covers no body at all)
 * cannot carry a second, different body. The first use of a (channel, account, signature material) is
 * accepted; a later use with the same body is the platform's retry and passes on to dedupe; a later use with
 * another body is a replay and is refused.
 *
 * <p>Implemented outside the adapters: on a local cache for one instance, on Redis ({@code SET NX PX}) when
 * several instances share the work. Implementations must be thread-safe and atomic per key.
 */
public interface ReplayGuard {

    /** What a delivery is, judged by its signature material and body. */
    enum Verdict {
        /** The material was not seen within its window: the delivery is new. */
        FIRST,
        /** Seen before with the same body: the platform's retry, for dedupe to answer. */
        RETRY,
        /** Seen before with a different body: a replay of captured signature material; refuse it. */
        REPLAY
    }

    /**
     * Stores {@code value} under {@code key} for {@code ttl} unless {@code key} is already held.
     *
     * @return the value held before this call, or empty when this call stored {@code value}
     */
    Optional<String> putIfAbsent(String key, String value, Duration ttl);

    /**
     * Judges one authenticated delivery.
     *
     * @param material the signature material exactly as received (e.g. signature, timestamp and nonce)
     * @param body     what the delivery says: the raw request body, or the decrypted message when the body is an
     *                 envelope (a platform may seal its retry anew)
     * @param ttl      how long the material stays acceptable; see {@link #until(Instant, Duration, Clock)}
     */
    default Verdict check(Channel channel, String account, String material, byte[] body, Duration ttl) {
        String key = "replay:" + channel.id() + ":" + account + ":"
                + sha256(material.getBytes(StandardCharsets.UTF_8));
        String bodyHash = sha256(body);
        Optional<String> before = putIfAbsent(key, bodyHash, ttl);
        if (before.isEmpty()) {
            return Verdict.FIRST;
        }
        return before.get().equals(bodyHash) ? Verdict.RETRY : Verdict.REPLAY;
    }

    /**
     * How long material stamped at {@code stamped} stays inside a {@code window} of ± that much around the clock:
     * until {@code stamped + window}, plus one second for second-resolution timestamps and clock skew between
     * instances; never less than one second.
     */
    static Duration until(Instant stamped, Duration window, Clock clock) {
        Duration left = Duration.between(clock.instant(), stamped.plus(window));
        return (left.isNegative() ? Duration.ZERO : left).plusSeconds(1);
    }

    /** Remembers nothing: every delivery is {@link Verdict#FIRST}. For tools and tests that never see a replay. */
    static ReplayGuard none() {
        return (key, value, ttl) -> Optional.empty();
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    static String sha256(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
