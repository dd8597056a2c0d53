package io.shaozi.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code schedule} section: defaults, file and environment values, errors naming the key. */
class ScheduleConfigTest {
    @TempDir
    Path dir;

    private ShaoziConfig.Schedule fromFile(String yaml, Map<String, String> env) throws IOException {
        Path p = dir.resolve("s.yaml");
        Files.writeString(p, yaml);
        return ConfigLoader.load(Optional.empty(), Optional.of(p), env, Map.of()).config().schedule();
    }

    @Test
    void defaults_areMondayToFridayWithoutExtraDays() {
        ConfigLoader.Loaded loaded = ConfigLoader.load(Optional.empty(), Optional.empty(), Map.of(), Map.of());
        ShaoziConfig.Schedule s = loaded.config().schedule();
        assertThat(s.weekdays()).isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        assertThat(s.holidays()).isEmpty();
        assertThat(s.workdays()).isEmpty();
        assertThat(s.pollSeconds()).isEqualTo(10);
        assertThat(s.heartbeatSeconds()).isEqualTo(30);
        assertThat(s.threads()).isEqualTo(2);
        assertThat(loaded.effectiveMasked()).containsKeys("schedule.weekdays", "schedule.holidays",
                "schedule.workdays", "schedule.pollSeconds");
    }

    @Test
    void daysAndDates_comeFromTheFile_andTheEnvironmentOverridesThem() throws IOException {
        ShaoziConfig.Schedule s = fromFile("""
                schedule:
                  weekdays: [mon, Tuesday, WED, THU, FRI, SAT]
                  holidays: ["2026-12-02"]
                  workdays: ["2026-12-06"]
                  pollSeconds: 5
                """, Map.of("SHAOZI_SCHEDULE_HOLIDAYS", "2026-12-02, 2026-12-24"));
        assertThat(s.weekdays()).isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY));
        assertThat(s.holidays()).containsExactlyInAnyOrder(LocalDate.parse("2026-12-02"),
                LocalDate.parse("2026-12-24"));
        assertThat(s.workdays()).containsExactly(LocalDate.parse("2026-12-06"));
        assertThat(s.pollSeconds()).isEqualTo(5);
    }

    @Test
    void badValues_areErrorsNamingTheKey() {
        assertThatThrownBy(() -> fromFile("schedule:\n  holidays: [\"2026-12-02\", \"2026-13-01\"]\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("schedule.holidays[1]: \"2026-13-01\" is not a date like 2026-10-01");
        assertThatThrownBy(() -> fromFile("schedule:\n  weekdays: [MON, Funday]\n", Map.of()))
                .hasMessage("schedule.weekdays[1]: \"Funday\" is not a day of the week (MON, TUE, ... SUN)");
        assertThatThrownBy(() -> fromFile("schedule:\n  weekdays: []\n", Map.of()))
                .hasMessage("schedule.weekdays: name at least one working day of the week");
        assertThatThrownBy(() -> fromFile("schedule:\n  holidays: [\"2026-12-05\"]\n  workdays: [\"2026-12-05\"]\n",
                Map.of())).hasMessage("schedule.workdays: 2026-12-05 is also listed under schedule.holidays");
        assertThatThrownBy(() -> fromFile("schedule:\n  pollSeconds: 0\n", Map.of()))
                .hasMessageStartingWith("schedule.pollSeconds: 0 is out of range");
        assertThatThrownBy(() -> fromFile("schedule:\n  holiday: [\"2026-12-05\"]\n", Map.of()))
                .hasMessage("schedule.holiday: unknown key");
    }
}
