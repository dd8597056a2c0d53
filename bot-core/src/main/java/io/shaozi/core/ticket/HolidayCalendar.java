package io.shaozi.core.ticket;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which dates are working days in mainland China: a date is a working day iff it is a listed 调休 make-up working
 * day, or it is Monday–Friday and not inside a listed holiday period. Years whose State Council notice is not
 * published (or not loaded) count weekends only and are <em>provisional</em>.
 */
public final class HolidayCalendar {

    /** One year's facts as loaded from {@code config/calendar/YYYY.yaml}. */
    public record Year(int year, boolean provisional, String source, Set<LocalDate> holidays, Set<LocalDate> workdays) {
        public Year {
            holidays = Set.copyOf(holidays);
            workdays = Set.copyOf(workdays);
        }
    }

    private final Set<LocalDate> holidays = new HashSet<>();
    private final Set<LocalDate> workdays = new HashSet<>();
    private final Set<Integer> published = new TreeSet<>();
    private final Set<Integer> provisional = new TreeSet<>();

    public HolidayCalendar(List<Year> years) {
        for (Year y : years) {
            holidays.addAll(y.holidays());
            workdays.addAll(y.workdays());
            if (y.provisional()) {
                provisional.add(y.year());
            } else {
                published.add(y.year());
            }
        }
        provisional.removeAll(published);
    }

    /** Weekends only, every year provisional (tests, or no calendar configured). */
    public static HolidayCalendar weekendsOnly() {
        return new HolidayCalendar(List.of());
    }

    public boolean isWorkingDay(LocalDate d) {
        if (workdays.contains(d)) {
            return true;
        }
        DayOfWeek w = d.getDayOfWeek();
        return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY && !holidays.contains(d);
    }

    public boolean isHoliday(LocalDate d) {
        return holidays.contains(d);
    }

    /** Every listed holiday date (the notices' days off). */
    public Set<LocalDate> holidays() {
        return Set.copyOf(holidays);
    }

    /** Every listed 调休 make-up working day. */
    public Set<LocalDate> makeUpWorkdays() {
        return Set.copyOf(workdays);
    }

    /** True when the date's year has no published notice loaded: its working days are a weekends-only guess. */
    public boolean isProvisional(LocalDate d) {
        return !published.contains(d.getYear());
    }

    public Set<Integer> publishedYears() {
        return Set.copyOf(published);
    }

    public Set<Integer> provisionalYears() {
        return Set.copyOf(provisional);
    }
}
