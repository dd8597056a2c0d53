package io.shaozi.core.campaign;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.schedule.WorkingCalendar;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Weekly repetition: the next run, holidays, the stored form and the day names people type. */
class RepeatTest {
    static final WorkingCalendar WEEK = WorkingCalendar.mondayToFriday();
    static final Repeat MONDAY_8 = new Repeat(Set.of(DayOfWeek.MONDAY), LocalTime.of(8, 0), false);

    @Test
    void nextAfter_aMinuteBefore_isTheSameMonday() {
        assertThat(MONDAY_8.nextAfter(beijing("2026-11-30T07:59"), WEEK)).isEqualTo(beijing("2026-11-30T08:00"));
    }

    @Test
    void nextAfter_atTheTime_isTheNextMonday() {
        assertThat(MONDAY_8.nextAfter(beijing("2026-11-30T08:00"), WEEK)).isEqualTo(beijing("2026-12-07T08:00"));
    }

    @Test
    void nextAfter_onSunday_isTheNextDay() {
        assertThat(MONDAY_8.nextAfter(beijing("2026-12-06T21:00"), WEEK)).isEqualTo(beijing("2026-12-07T08:00"));
    }

    @Test
    void nextAfter_skipsAHolidayMonday_onlyWhenAsked() {
        WorkingCalendar holiday = new WorkingCalendar(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                Set.of(LocalDate.of(2026, 12, 7)), Set.of());
        Repeat workdays = new Repeat(Set.of(DayOfWeek.MONDAY), LocalTime.of(8, 0), true);
        assertThat(workdays.nextAfter(beijing("2026-12-06T21:00"), holiday)).isEqualTo(beijing("2026-12-14T08:00"));
        assertThat(MONDAY_8.nextAfter(beijing("2026-12-06T21:00"), holiday)).isEqualTo(beijing("2026-12-07T08:00"));
    }

    @Test
    void severalDays_theNearestComesFirst() {
        Repeat monThu = new Repeat(Set.of(DayOfWeek.THURSDAY, DayOfWeek.MONDAY), LocalTime.of(8, 0), false);
        assertThat(monThu.nextAfter(beijing("2026-11-30T09:00"), WEEK)).isEqualTo(beijing("2026-12-03T08:00"));
        assertThat(monThu.code()).isEqualTo("MON,THU@08:00");
    }

    @Provide
    Arbitrary<Set<DayOfWeek>> daySets() {
        return Arbitraries.of(DayOfWeek.class).set().ofMinSize(1).ofMaxSize(7);
    }

    @Property(tries = 300)
    void codeAndParse_roundTrip(@ForAll("daySets") Set<DayOfWeek> days, @ForAll @IntRange(max = 23) int hour,
                                @ForAll @IntRange(max = 59) int minute, @ForAll @IntRange(max = 59) int second,
                                @ForAll boolean skip) {
        Repeat r = new Repeat(days, LocalTime.of(hour, minute, second), skip);
        assertThat(Repeat.parse(r.code())).contains(r);
    }

    @Test
    void parse_malformed_isEmpty() {
        for (String bad : new String[] {"", "@", "@08:00", "MON", "MON@", "MON@25:00", "MON@8:00", "XYZ@08:00",
            "MON,,TUE@08:00", "MON,@08:00", ",MON@08:00", "MON@08:00!weekdays", "MON@08:00@09:00", "MON;TUE@08:00"}) {
            assertThat(Repeat.parse(bad)).as("'" + bad + "'").isEmpty();
        }
    }

    @Test
    void day_acceptsEnglishAndChineseNames() {
        assertThat(Repeat.day("MON")).contains(DayOfWeek.MONDAY);
        assertThat(Repeat.day("monday")).contains(DayOfWeek.MONDAY);
        assertThat(Repeat.day(" Tue ")).contains(DayOfWeek.TUESDAY);
        assertThat(Repeat.day("周一")).contains(DayOfWeek.MONDAY);
        assertThat(Repeat.day("星期日")).contains(DayOfWeek.SUNDAY);
        assertThat(Repeat.day("周日")).contains(DayOfWeek.SUNDAY);
        assertThat(Repeat.day("星期天")).contains(DayOfWeek.SUNDAY);
        assertThat(Repeat.day("礼拜三")).contains(DayOfWeek.WEDNESDAY);
        assertThat(Repeat.day("周六")).contains(DayOfWeek.SATURDAY);
        for (String bad : new String[] {"", "MO", "MONDAYS", "周八", "星期", "周一二", "XYZ"}) {
            assertThat(Repeat.day(bad)).as("'" + bad + "'").isEqualTo(Optional.empty());
        }
    }
}
