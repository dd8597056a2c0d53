package io.shaozi.core.app;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.config.ConfigLoader;
import io.shaozi.core.config.ShaoziConfig;
import io.shaozi.core.schedule.Schedule;
import io.shaozi.core.schedule.WorkingCalendar;
import io.shaozi.core.ticket.CalendarLoader;
import io.shaozi.core.ticket.HolidayCalendar;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The schedules' working days as Wiring builds them: the calendar files, then the {@code schedule} keys. */
class ScheduleCalendarTest {
    private static final HolidayCalendar SHIPPED = CalendarLoader.loadDefaults().calendar();

    private static WorkingCalendar calendar(Map<String, String> env) {
        ShaoziConfig.Schedule sc = ConfigLoader.load(Optional.empty(), Optional.empty(), env, Map.of()).config()
                .schedule();
        return Wiring.workingCalendar(SHIPPED, sc);
    }

    private static List<Instant> nineOClockRuns(WorkingCalendar cal, String fromBeijing, int n) {
        List<Instant> out = new ArrayList<>();
        Instant t = beijing(fromBeijing);
        for (int i = 0; i < n; i++) {
            t = Schedule.workingDaysAt(LocalTime.of(9, 0)).nextAfter(t, cal);
            out.add(t);
        }
        return out;
    }

    @Test
    void workingDays_skipAConfiguredHolidayAndRunOnAConfiguredMakeUpSaturday() {
        WorkingCalendar cal = calendar(Map.of("SHAOZI_SCHEDULE_HOLIDAYS", "2026-12-02",
                "SHAOZI_SCHEDULE_WORKDAYS", "2026-12-05"));
        assertThat(nineOClockRuns(cal, "2026-12-01T10:00", 4)).containsExactly(beijing("2026-12-03T09:00"),
                beijing("2026-12-04T09:00"), beijing("2026-12-05T09:00"), beijing("2026-12-07T09:00"));
    }

    @Test
    void workingDays_followThePublishedNotice_andLocalKeysWinOverIt() {
        WorkingCalendar national = calendar(Map.of());
        // 国庆 2026: 10-01..10-07 off, Saturday 10-10 a make-up working day
        assertThat(nineOClockRuns(national, "2026-09-30T10:00", 3)).containsExactly(beijing("2026-10-08T09:00"),
                beijing("2026-10-09T09:00"), beijing("2026-10-10T09:00"));
        WorkingCalendar local = calendar(Map.of("SHAOZI_SCHEDULE_HOLIDAYS", "2026-10-10",
                "SHAOZI_SCHEDULE_WORKDAYS", "2026-10-07"));
        assertThat(nineOClockRuns(local, "2026-09-30T10:00", 3)).containsExactly(beijing("2026-10-07T09:00"),
                beijing("2026-10-08T09:00"), beijing("2026-10-09T09:00"));
    }
}
