package io.shaozi.core.campaign;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** Quiet hours in Beijing time, across midnight and within one day. */
class QuietHoursTest {
    static final QuietHours NIGHT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));

    @Test
    void acrossMidnight_insideBeforeMidnight_endsNextMorning() {
        assertThat(NIGHT.endIfInside(beijing("2026-12-01T23:30"))).contains(beijing("2026-12-02T07:00"));
        assertThat(NIGHT.endIfInside(beijing("2026-12-01T22:00"))).contains(beijing("2026-12-02T07:00"));
    }

    @Test
    void acrossMidnight_insideAfterMidnight_endsTheSameMorning() {
        assertThat(NIGHT.endIfInside(beijing("2026-12-02T06:59"))).contains(beijing("2026-12-02T07:00"));
        assertThat(NIGHT.endIfInside(beijing("2026-12-02T00:00"))).contains(beijing("2026-12-02T07:00"));
    }

    @Test
    void theEndAndTheHourBeforeTheStart_areOutside() {
        assertThat(NIGHT.endIfInside(beijing("2026-12-02T07:00"))).isEmpty();
        assertThat(NIGHT.endIfInside(beijing("2026-12-01T21:59"))).isEmpty();
        assertThat(NIGHT.endIfInside(beijing("2026-12-01T12:00"))).isEmpty();
    }

    @Test
    void fromEqualTo_isNeverQuiet() {
        QuietHours same = new QuietHours(LocalTime.of(22, 0), LocalTime.of(22, 0));
        for (String t : new String[] {"2026-12-01T22:00", "2026-12-01T23:30", "2026-12-02T06:59", "2026-12-02T12:00"}) {
            assertThat(same.endIfInside(beijing(t))).as(t).isEmpty();
            assertThat(QuietHours.none().endIfInside(beijing(t))).as(t).isEmpty();
        }
    }

    @Test
    void withinOneDay_endsTheSameDay() {
        QuietHours noon = new QuietHours(LocalTime.of(12, 0), LocalTime.of(14, 0));
        assertThat(noon.endIfInside(beijing("2026-12-01T13:15"))).contains(beijing("2026-12-01T14:00"));
        assertThat(noon.endIfInside(beijing("2026-12-01T14:00"))).isEmpty();
        assertThat(noon.endIfInside(beijing("2026-12-01T11:59"))).isEmpty();
        assertThat(noon.endIfInside(beijing("2026-12-01T23:00"))).isEmpty();
    }
}
