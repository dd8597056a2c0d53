package io.shaozi.core.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Which dates are working days for schedules: a date is a working day iff it is a listed make-up working day
 * (调休), or it falls on one of the working weekdays (Monday–Friday unless configured) and is not a listed holiday.
 */
public final class WorkingCalendar {
    /** The longest run of days off a calendar may have; beyond it a working-day schedule is refused. */
    static final int MAX_GAP_DAYS = 366;

    private final Set<DayOfWeek> weekdays;
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> workdays;

    /**
     * @param weekdays the working days of a normal week (not empty)
     * @param holidays days off that would otherwise be worked
     * @param workdays make-up working days that would otherwise be off (a date cannot be in both sets)
     */
    public WorkingCalendar(Set<DayOfWeek> weekdays, Set<LocalDate> holidays, Set<LocalDate> workdays) {
        if (weekdays.isEmpty()) {
            throw new IllegalArgumentException("a working week needs at least one working weekday");
        }
        for (LocalDate d : workdays) {
            if (holidays.contains(d)) {
                throw new IllegalArgumentException(d + " is listed both as a holiday and as a make-up working day");
            }
        }
        this.weekdays = Set.copyOf(EnumSet.copyOf(weekdays));
        this.holidays = Set.copyOf(holidays);
        this.workdays = Set.copyOf(workdays);
    }

    /** Monday to Friday, no holidays. */
    public static WorkingCalendar mondayToFriday() {
        return new WorkingCalendar(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Set.of(), Set.of());
    }

    public boolean isWorkingDay(LocalDate date) {
        return workdays.contains(date) || !holidays.contains(date) && weekdays.contains(date.getDayOfWeek());
    }

    /**
     * This calendar with {@code moreHolidays} off and {@code moreWorkdays} worked, whatever it said for those
     * dates before (local additions win over the published notice).
     */
    public WorkingCalendar overriddenBy(Set<LocalDate> moreHolidays, Set<LocalDate> moreWorkdays) {
        Set<LocalDate> h = new HashSet<>(holidays);
        Set<LocalDate> w = new HashSet<>(workdays);
        h.removeAll(moreWorkdays);
        w.removeAll(moreHolidays);
        h.addAll(moreHolidays);
        w.addAll(moreWorkdays);
        return new WorkingCalendar(weekdays, h, w);
    }
}
