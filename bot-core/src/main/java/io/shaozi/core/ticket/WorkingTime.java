package io.shaozi.core.ticket;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Working-time arithmetic over a {@link HolidayCalendar}: office hours {@code [start, end)} on working days, in one
 * time zone (Asia/Shanghai).
 */
public final class WorkingTime {
    /** A deadline is never computed further out than this many days (guards against bad configuration). */
    private static final int MAX_DAYS = 3660;

    private final HolidayCalendar calendar;
    private final ZoneId zone;
    private final LocalTime start;
    private final LocalTime end;

    public WorkingTime(HolidayCalendar calendar, ZoneId zone, LocalTime start, LocalTime end) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.start = Objects.requireNonNull(start, "start");
        this.end = Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("office hours must start before they end: " + start + "-" + end);
        }
    }

    public HolidayCalendar calendar() {
        return calendar;
    }

    public ZoneId zone() {
        return zone;
    }

    public LocalTime start() {
        return start;
    }

    public LocalTime end() {
        return end;
    }

    /** Adds {@code minutes} of office time: the clock runs only inside office hours of working days. */
    public Instant plusWorkingMinutes(Instant from, long minutes) {
        if (minutes < 0) {
            throw new IllegalArgumentException("negative working minutes: " + minutes);
        }
        if (minutes == 0) {
            return from;
        }
        ZonedDateTime cur = from.atZone(zone);
        LocalDate day = cur.toLocalDate();
        long left = minutes;
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!calendar.isWorkingDay(day)) {
                continue;
            }
            ZonedDateTime open = day.atTime(start).atZone(zone);
            ZonedDateTime close = day.atTime(end).atZone(zone);
            ZonedDateTime begin = i == 0 && cur.isAfter(open) ? cur : open;
            if (!begin.isBefore(close)) {
                continue;
            }
            long available = Duration.between(begin, close).toMinutes();
            if (left <= available) {
                return begin.plusMinutes(left).toInstant();
            }
            left -= available;
        }
        throw new IllegalStateException("no working time found within " + MAX_DAYS + " days of " + from);
    }

    /** Office minutes between two instants (0 when {@code to} is not after {@code from}). */
    public long workingMinutesBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        long total = 0;
        LocalDate day = from.atZone(zone).toLocalDate();
        LocalDate last = to.atZone(zone).toLocalDate();
        for (int i = 0; !day.isAfter(last) && i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!calendar.isWorkingDay(day)) {
                continue;
            }
            Instant open = day.atTime(start).atZone(zone).toInstant();
            Instant close = day.atTime(end).atZone(zone).toInstant();
            Instant a = from.isAfter(open) ? from : open;
            Instant b = to.isBefore(close) ? to : close;
            if (b.isAfter(a)) {
                total += Duration.between(a, b).toMinutes();
            }
        }
        return total;
    }

    /**
     * Close of office on the {@code n}-th working day after the day of {@code from} (the day the clock starts does
     * not count, as with statutory periods: 期间开始的当日不计入). {@code n = 0} gives today's close, or the next
     * working day's close when {@code from} is outside a working day's office hours.
     */
    public Instant endOfWorkingDays(Instant from, int n) {
        ZonedDateTime cur = from.atZone(zone);
        LocalDate day = cur.toLocalDate();
        if (n == 0) {
            for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
                if (calendar.isWorkingDay(day) && (i > 0 || cur.toLocalTime().isBefore(end))) {
                    return day.atTime(end).atZone(zone).toInstant();
                }
            }
            throw new IllegalStateException("no working day found after " + from);
        }
        int counted = 0;
        for (int i = 0; i < MAX_DAYS; i++) {
            day = day.plusDays(1);
            if (calendar.isWorkingDay(day) && ++counted == n) {
                return day.atTime(end).atZone(zone).toInstant();
            }
        }
        throw new IllegalStateException("no working day found after " + from);
    }

    /** True when any date from {@code from} to {@code to} lies in a year without a published holiday notice. */
    public boolean isProvisional(Instant from, Instant to) {
        LocalDate a = from.atZone(zone).toLocalDate();
        LocalDate b = to.atZone(zone).toLocalDate();
        for (int y = a.getYear(); y <= b.getYear(); y++) {
            if (calendar.isProvisional(LocalDate.of(y, 6, 1))) {
                return true;
            }
        }
        return false;
    }
}
