package io.shaozi.adapters.tencent;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.ReplayGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** Request timestamp window check (seconds since the epoch, as received) and the replay check inside it. */
public final class Freshness {
    private Freshness() {
    }

    /**
     * @return empty when {@code timestamp} is a decimal number of seconds within {@code window} of the clock;
     *         otherwise the reason ("timestamp is not a number", "stale timestamp")
     */
    public static Optional<String> check(String timestamp, Clock clock, Duration window) {
        OptionalLong ts = seconds(timestamp);
        if (ts.isEmpty()) {
            return Optional.of("timestamp is not a number");
        }
        if (Math.abs(clock.instant().getEpochSecond() - ts.getAsLong()) > window.getSeconds()) {
            return Optional.of("stale timestamp");
        }
        return Optional.empty();
    }

    /** 1 to 12 ASCII digits (seconds since the epoch, as WeChat sends them); nothing else. */
    public static OptionalLong seconds(String s) {
        if (s == null || s.isEmpty() || s.length() > 12) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(s));
    }

    /**
     * The replay check of an authenticated WeChat / WeCom delivery whose signature covers {@code timestamp} (a
     * number already checked by {@link #check}) and {@code nonce}: a reason to refuse when the same signature
     * material came before with another message, otherwise empty (first delivery, or the platform's retry).
     *
     * @param message what the delivery says: the raw body, or the decrypted message of an envelope
     */
    public static Optional<String> replayed(ReplayGuard guard, Channel channel, String account, String signature,
                                            String timestamp, String nonce, byte[] message, Clock clock,
                                            Duration window) {
        Duration ttl = ReplayGuard.until(Instant.ofEpochSecond(seconds(timestamp).orElseThrow()), window, clock);
        if (guard.check(channel, account, signature + "&" + timestamp + "&" + nonce, message, ttl)
                == ReplayGuard.Verdict.REPLAY) {
            return Optional.of("replayed signature: the same signature, timestamp and nonce came with another message");
        }
        return Optional.empty();
    }
}
