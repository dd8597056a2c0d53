package io.shaozi.core.schedule;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Run times by calculation: Beijing times of day, working days with holidays and 调休 make-up days. */
class ScheduleTest {
    /** Wednesday 2026-12-02 off (a local holiday), Saturday 2026-12-05 worked (调休). */
    private static final WorkingCalendar CALENDAR = WorkingCalendar.mondayToFriday()
            .overriddenBy(Set.of(LocalDate.parse("2026-12-02")), Set.of(LocalDate.parse("2026-12-05")));

    private static List<Instant> runs(Schedule s, WorkingCalendar cal, Instant from, int n) {
        List<Instant> out = new ArrayList<>();
        Instant t = from;
        for (int i = 0; i < n; i++) {
            t = s.nextAfter(t, cal);
            out.add(t);
        }
        return out;
    }

    @Test
    void workingDaysAt_skipsAConfiguredHolidayAndRunsOnAConfiguredMakeUpSaturday() {
        assertThat(runs(Schedule.workingDaysAt(LocalTime.of(9, 0)), CALENDAR, beijing("2026-11-30T10:00"), 5))
                .containsExactly(
                        beijing("2026-12-01T09:00"), // Tue
                        beijing("2026-12-03T09:00"), // Thu: Wed is a holiday
                        beijing("2026-12-04T09:00"), // Fri
                        beijing("2026-12-05T09:00"), // Sat: a make-up working day
                        beijing("2026-12-07T09:00")); // Mon: Sun is off
    }

    @Test
    void workingDaysAt_runsTodayWhenTheTimeIsStillAhead_andNeverAtTheSameInstantTwice() {
        Schedule nine = Schedule.workingDaysAt(LocalTime.of(9, 0));
        assertThat(nine.nextAfter(beijing("2026-12-01T08:59"), CALENDAR)).isEqualTo(beijing("2026-12-01T09:00"));
        assertThat(nine.nextAfter(beijing("2026-12-01T09:00"), CALENDAR)).isEqualTo(beijing("2026-12-03T09:00"));
        // Beijing time, not UTC: 2026-12-03 00:30 UTC is already 08:30 on Thursday in Beijing
        assertThat(nine.nextAfter(Instant.parse("2026-12-03T00:30:00Z"), CALENDAR))
                .isEqualTo(Instant.parse("2026-12-03T01:00:00Z"));
    }

    @Test
    void workingDaysAt_followsTheConfiguredWeek() {
        WorkingCalendar sixDays = new WorkingCalendar(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY), Set.of(),
                Set.of());
        assertThat(runs(Schedule.workingDaysAt(LocalTime.of(18, 30)), sixDays, beijing("2026-12-04T19:00"), 2))
                .containsExactly(beijing("2026-12-05T18:30"), beijing("2026-12-07T18:30"));
    }

    @Test
    void localAdditionsWinOverTheCalendarTheyAreAddedTo() {
        WorkingCalendar national = new WorkingCalendar(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                Set.of(LocalDate.parse("2026-10-01")), Set.of(LocalDate.parse("2026-10-10")));
        WorkingCalendar local = national.overriddenBy(Set.of(LocalDate.parse("2026-10-10")),
                Set.of(LocalDate.parse("2026-10-01")));
        assertThat(national.isWorkingDay(LocalDate.parse("2026-10-10"))).isTrue();
        assertThat(local.isWorkingDay(LocalDate.parse("2026-10-10"))).isFalse();
        assertThat(local.isWorkingDay(LocalDate.parse("2026-10-01"))).isTrue();
    }

    @Test
    void dailyAt_runsEveryDayIncludingHolidays() {
        assertThat(runs(Schedule.dailyAt(LocalTime.of(7, 30)), CALENDAR, beijing("2026-12-01T08:00"), 2))
                .containsExactly(beijing("2026-12-02T07:30"), beijing("2026-12-03T07:30"));
    }

    @Test
    void every_countsFromTheEndOfThePreviousRun() {
        Schedule s = Schedule.every(Duration.ofMinutes(1));
        assertThat(s.nextAfter(beijing("2026-12-01T10:00"), CALENDAR)).isEqualTo(beijing("2026-12-01T10:01"));
        assertThat(s.fixedTimes()).isFalse();
        assertThat(Schedule.workingDaysAt(LocalTime.NOON).fixedTimes()).isTrue();
    }

    @Test
    void badSchedulesAndCalendarsAreRefused() {
        assertThatThrownBy(() -> Schedule.every(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkingCalendar(Set.of(), Set.of(), Set.of()))
                .hasMessageContaining("at least one working weekday");
        assertThatThrownBy(() -> new WorkingCalendar(EnumSet.of(DayOfWeek.MONDAY), Set.of(LocalDate.parse("2026-12-05")),
                Set.of(LocalDate.parse("2026-12-05")))).hasMessageContaining("2026-12-05");
    }
}
