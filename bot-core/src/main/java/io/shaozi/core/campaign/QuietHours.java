package io.shaozi.core.campaign;

import io.shaozi.core.schedule.Schedule;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * Hours in which nothing but emergencies is pushed (Beijing time), e.g. 22:00–07:00; {@code from == to} means none.
 */
public record QuietHours(LocalTime from, LocalTime to) {
    public QuietHours {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    public static QuietHours none() {
        return new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    }

    /** When {@code at} falls in the quiet hours, the moment they end; else empty. */
    public Optional<Instant> endIfInside(Instant at) {
        if (from.equals(to)) {
            return Optional.empty();
        }
        ZonedDateTime z = at.atZone(Schedule.ZONE);
        LocalTime t = z.toLocalTime();
        boolean inside = from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        if (!inside) {
            return Optional.empty();
        }
        ZonedDateTime end = z.with(to);
        if (!end.isAfter(z)) {
            end = end.plusDays(1);
        }
        return Optional.of(end.toInstant());
    }
}
