package io.shaozi.adapters.tencent;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Request timestamp window check (seconds since the epoch, as received). */
public final class Freshness {
    private Freshness() {
    }

    /**
     * @return empty when {@code timestamp} is a decimal number of seconds within {@code window} of the clock;
     *         otherwise the reason ("timestamp is not a number", "stale timestamp")
     */
    public static Optional<String> check(String timestamp, Clock clock, Duration window) {
        if (timestamp == null || timestamp.isEmpty() || timestamp.length() > 12) {
            return Optional.of("timestamp is not a number");
        }
        for (int i = 0; i < timestamp.length(); i++) {
            char c = timestamp.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.of("timestamp is not a number");
            }
        }
        long ts = Long.parseLong(timestamp);
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - ts) > window.getSeconds()) {
            return Optional.of("stale timestamp");
        }
        return Optional.empty();
    }
}
