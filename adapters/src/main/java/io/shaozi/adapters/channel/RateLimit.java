package io.shaozi.adapters.channel;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A declared rate limit: at most {@code permits} per {@code per}, counted per {@link Scope}.
 *
 * @param name    the limit's name, its config key under {@code channels.<channel>.limits}
 * @param permits how many, &gt; 0
 * @param per     in what time, &gt; 0
 * @param kind    how the count refills
 * @param scope   what one count is kept for
 */
public record RateLimit(String name, int permits, Duration per, Kind kind, Scope scope) {
    private static final Pattern TEXT = Pattern.compile("([0-9]{1,7})\\s*/\\s*([0-9]{0,7})\\s*(ms|s|m|h)");

    /** How a limit refills. */
    public enum Kind {
        /**
         * A token bucket: up to {@code permits} at once, refilled evenly over {@code per} (a platform's "N per
         * second" API quota, a person's message rate).
         */
        BUCKET,
        /**
         * At most {@code permits} in any window of length {@code per}, exactly (a platform that counts sends in a
         * sliding window and punishes the one over it, as DingTalk group robots do: 20 a minute, then 10 minutes
         * blocked).
         */
        WINDOW
    }

    /** What one count is kept for. */
    public enum Scope {
        /** One count per configured account (app, robot, official account): a platform API quota. */
        ACCOUNT,
        /** One count per account and recipient (a group robot, a chat, a member). */
        RECIPIENT,
        /** One count per person writing to Shaozi (a resident, a chat page session). */
        SENDER
    }

    public RateLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(per, "per");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        if (!name.matches("[a-zA-Z][a-zA-Z0-9]{0,47}")) {
            throw new IllegalArgumentException("limit name must be letters and digits: " + name);
        }
        if (permits <= 0) {
            throw new IllegalArgumentException("permits must be positive");
        }
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("per must be positive");
        }
        if (kind == Kind.WINDOW && permits > 1000) {
            throw new IllegalArgumentException("a window limit allows at most 1000 per window");
        }
    }

    public static RateLimit bucket(String name, int permits, Duration per, Scope scope) {
        return new RateLimit(name, permits, per, Kind.BUCKET, scope);
    }

    public static RateLimit window(String name, int permits, Duration per, Scope scope) {
        return new RateLimit(name, permits, per, Kind.WINDOW, scope);
    }

    /** The same limit with another rate, from config text {@code "<permits>/<period>"}: {@code 20/1m}, {@code 50/s}. */
    public RateLimit withRate(String text) {
        Matcher m = TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a rate like 20/1m or 50/s (units ms, s, m, h)");
        }
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration unit = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(1);
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        Duration period = unit.multipliedBy(amount);
        if (period.isZero() || period.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("\"" + text + "\": the period must be more than 0 and at most 24h");
        }
        return new RateLimit(name, Integer.parseInt(m.group(1)), period, kind, scope);
    }

    /** {@code 20/1m}, the form config takes. */
    public String rate() {
        long s = per.toSeconds();
        if (per.toMillis() % 1000 != 0) {
            return permits + "/" + per.toMillis() + "ms";
        }
        if (s % 3600 == 0) {
            return permits + "/" + s / 3600 + "h";
        }
        return s % 60 == 0 ? permits + "/" + s / 60 + "m" : permits + "/" + s + "s";
    }
}
