package io.shaozi.core.campaign;

import io.shaozi.core.schedule.Schedule;
import io.shaozi.core.schedule.WorkingCalendar;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a campaign repeats: on these days of the week at this time (Beijing time), optionally skipping public holidays
 * (a Monday to Friday that the calendar does not count as a working day). Stored as {@code MON,THU@08:00} or {@code MON@08:00!workdays}.
 */
public record Repeat(Set<DayOfWeek> days, LocalTime time, boolean skipHolidays) {
    public Repeat {
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        Objects.requireNonNull(time, "time");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("repeat.days: give at least one day (MON … SUN)");
        }
    }

    /** The first run strictly after {@code after}. */
    public Instant nextAfter(Instant after, WorkingCalendar calendar) {
        LocalDate date = after.atZone(Schedule.ZONE).toLocalDate();
        for (int i = 0; i < 800; i++) {
            LocalDate d = date.plusDays(i);
            // skipHolidays skips public holidays (a weekday that is not a working day); a chosen Saturday or Sunday
            // is never skipped for being a weekend
            boolean holiday = d.getDayOfWeek().getValue() <= 5 && !calendar.isWorkingDay(d);
            if (!days.contains(d.getDayOfWeek()) || skipHolidays && holiday) {
                continue;
            }
            Instant at = ZonedDateTime.of(d, time, Schedule.ZONE).toInstant();
            if (at.isAfter(after)) {
                return at;
            }
        }
        throw new IllegalStateException("no run within 800 days for " + this);
    }

    /** The stored form. */
    public String code() {
        List<String> names = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            if (days.contains(d)) {
                names.add(d.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT));
            }
        }
        return String.join(",", names) + "@" + time + (skipHolidays ? "!workdays" : "");
    }

    /** Reads {@link #code()}; empty for a malformed value. */
    public static Optional<Repeat> parse(String code) {
        try {
            boolean skip = code.endsWith("!workdays");
            String s = skip ? code.substring(0, code.length() - "!workdays".length()) : code;
            int at = s.indexOf('@');
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (String d : s.substring(0, at).split(",", -1)) {
                days.add(day(d).orElseThrow());
            }
            return Optional.of(new Repeat(days, LocalTime.parse(s.substring(at + 1)), skip));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** MON … SUN (also MONDAY, 周一 … 周日, 星期一 …). */
    public static Optional<DayOfWeek> day(String s) {
        String t = s.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t) || d.name().substring(0, 3).equals(t)) {
                return Optional.of(d);
            }
        }
        String cn = "一二三四五六日";
        String bare = t.replaceFirst("^(周|星期|礼拜)", "");
        if (bare.length() == 1 && cn.contains(bare)) {
            return Optional.of(DayOfWeek.of(cn.indexOf(bare) + 1));
        }
        if (bare.equals("天")) {
            return Optional.of(DayOfWeek.SUNDAY);
        }
        return Optional.empty();
    }
}
