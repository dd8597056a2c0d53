package io.shaozi.core.ticket;

import io.shaozi.core.testing.MutableClock;
import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WorkingCalendarTest {
    private final HolidayCalendar cal = Fixtures.CALENDAR;
    private final WorkingTime wt = Fixtures.WORKING_TIME;

    private int workingDays(int year) {
        int n = 0;
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            if (cal.isWorkingDay(d)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void publishedYearsHave248WorkingDays() {
        assertThat(workingDays(2025)).isEqualTo(248);
        assertThat(workingDays(2026)).isEqualTo(248);
        assertThat(cal.publishedYears()).containsExactlyInAnyOrder(2025, 2026);
        assertThat(cal.provisionalYears()).containsExactly(2027);
    }

    @Test
    void springFestivalAndMakeUpDays2026() {
        assertThat(cal.isWorkingDay(LocalDate.parse("2026-02-14"))).as("Sat make-up day").isTrue();
        for (LocalDate d = LocalDate.parse("2026-02-15"); !d.isAfter(LocalDate.parse("2026-02-23")); d = d.plusDays(1)) {
            assertThat(cal.isWorkingDay(d)).as(d.toString()).isFalse();
        }
        assertThat(cal.isWorkingDay(LocalDate.parse("2026-02-24"))).isTrue();
        assertThat(cal.isWorkingDay(LocalDate.parse("2026-02-28"))).as("Sat make-up day").isTrue();
        assertThat(cal.isWorkingDay(LocalDate.parse("2026-03-01"))).as("ordinary Sunday").isFalse();
        assertThat(cal.isWorkingDay(LocalDate.parse("2026-01-04"))).as("Sun make-up day for 元旦").isTrue();
        assertThat(cal.isWorkingDay(LocalDate.parse("2026-01-02"))).as("元旦 Friday").isFalse();
    }

    @Test
    void springFestival2025AndNationalDay() {
        assertThat(cal.isWorkingDay(LocalDate.parse("2025-01-26"))).isTrue();
        assertThat(cal.isWorkingDay(LocalDate.parse("2025-01-28"))).as("除夕 now a holiday").isFalse();
        assertThat(cal.isWorkingDay(LocalDate.parse("2025-02-04"))).isFalse();
        assertThat(cal.isWorkingDay(LocalDate.parse("2025-02-08"))).isTrue();
        assertThat(cal.isWorkingDay(LocalDate.parse("2025-10-08"))).isFalse();
        assertThat(cal.isWorkingDay(LocalDate.parse("2025-10-11"))).isTrue();
    }

    @Test
    void sevenWorkingDaysAcrossSpringFestival() {
        // Fri 13 Feb: 14 (Sat, make-up) = 1, 15–23 off, 24..27 = 2..5, 28 (Sat, make-up) = 6, Mon 2 Mar = 7
        assertThat(SlaSpan.parse("7wd").dueFrom(beijing("2026-02-13T10:00"), wt)).isEqualTo(beijing("2026-03-02T17:30"));
        assertThat(wt.isProvisional(beijing("2026-02-13T10:00"), beijing("2026-03-02T17:30"))).isFalse();
    }

    @Test
    void workingHoursRollOverWeekendsHolidaysAndMakeUpDays() {
        // Fri 16:30 + 2 wh: 1 h left on Friday, then the make-up Saturday 14 Feb from 09:00
        assertThat(SlaSpan.parse("2wh").dueFrom(beijing("2026-02-13T16:30"), wt)).isEqualTo(beijing("2026-02-14T10:00"));
        // Sat 14 Feb 17:00 + 2 wh: 30 min, then nine days off, then Tue 24 Feb
        assertThat(SlaSpan.parse("2wh").dueFrom(beijing("2026-02-14T17:00"), wt)).isEqualTo(beijing("2026-02-24T10:30"));
        // before office hours on a make-up Saturday
        assertThat(SlaSpan.parse("2wh").dueFrom(beijing("2026-10-10T07:00"), wt)).isEqualTo(beijing("2026-10-10T11:00"));
        // an ordinary weekend
        assertThat(SlaSpan.parse("1wh").dueFrom(beijing("2026-11-28T12:00"), wt)).isEqualTo(beijing("2026-11-30T10:00"));
        // wall-clock spans ignore the calendar
        assertThat(SlaSpan.parse("24h").dueFrom(beijing("2026-02-14T17:00"), wt)).isEqualTo(beijing("2026-02-15T17:00"));
        assertThat(wt.workingMinutesBetween(beijing("2026-02-13T17:00"), beijing("2026-02-24T09:30"))).isEqualTo(30 + 510 + 30);
    }

    @Test
    void deadlinesInto2027AreProvisional() {
        // 2027 counts weekends only: Fri 1 Jan 2027 is a working day until the notice is published
        assertThat(cal.isWorkingDay(LocalDate.parse("2027-01-01"))).isTrue();
        assertThat(cal.isProvisional(LocalDate.parse("2027-01-01"))).isTrue();
        assertThat(SlaSpan.parse("7wd").dueFrom(beijing("2026-12-28T10:00"), wt)).isEqualTo(beijing("2027-01-06T17:30"));
        assertThat(wt.isProvisional(beijing("2026-12-28T10:00"), beijing("2027-01-06T17:30"))).isTrue();
        assertThat(CalendarLoader.loadDefaults().warnings()).singleElement().asString().contains("2027").contains("provisional");
        Ticket t = Fixtures.MACHINE.open("202612280001", Fixtures.streetLight(), Fixtures.RESIDENT_ACTOR,
                beijing("2026-12-30T10:00")).ticket(); // 3wd: 31 Dec, 1 Jan 2027, 4 Jan
        assertThat(t.provisional()).isTrue();
        assertThat(t.resolveDue()).contains(beijing("2027-01-04T17:30"));
        Ticket early = Fixtures.MACHINE.open("202612280001", Fixtures.streetLight(), Fixtures.RESIDENT_ACTOR,
                beijing("2026-12-28T10:00")).ticket();
        assertThat(early.provisional()).isFalse();
    }

    @Test
    void shippedConfigMatchesClasspathDefaults() {
        var dir = java.nio.file.Path.of("..", "config", "calendar");
        if (java.nio.file.Files.isDirectory(dir)) {
            var loaded = CalendarLoader.loadDirectory(dir);
            for (LocalDate d = LocalDate.of(2025, 1, 1); d.getYear() < 2028; d = d.plusDays(1)) {
                assertThat(loaded.calendar().isWorkingDay(d)).as(d.toString()).isEqualTo(cal.isWorkingDay(d));
            }
        }
    }
}
