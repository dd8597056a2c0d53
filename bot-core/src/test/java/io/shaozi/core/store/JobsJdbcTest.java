package io.shaozi.core.store;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.core.schedule.Jobs;
import io.shaozi.core.schedule.Schedule;
import io.shaozi.core.schedule.WorkingCalendar;
import io.shaozi.core.testing.Await;
import io.shaozi.core.testing.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scheduler on a real database (H2 file, PostgreSQL schema): restarts, several instances, working days. Due
 * times come from a fake clock the tests move; the schedulers poll every 50 ms of real time.
 */
class JobsJdbcTest {
    static final JobsJdbc.Settings FAST = new JobsJdbc.Settings(Duration.ofMillis(50), Duration.ofMinutes(5), 2,
            Duration.ofSeconds(5));

    /** A job's stored next run. */
    record Row(Instant executionTime, boolean picked) {
    }

    /** The stored row of {@code task}'s instance {@code instance}, if any. */
    static Optional<Row> row(Database db, String task, String instance) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT execution_time, picked FROM scheduled_tasks WHERE task_name = ? AND task_instance = ?")) {
            ps.setString(1, task);
            ps.setString(2, instance);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Row(rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getBoolean(2))) : Optional.empty();
            }
        }
    }

    /** True when the recurring job {@code task} waits for a run after now (its last run finished and rescheduled). */
    static boolean waitsForLater(Database db, String task, Clock clock) throws SQLException {
        Optional<Row> r = row(db, task, "recurring");
        return r.isPresent() && !r.get().picked() && r.get().executionTime().isAfter(clock.instant());
    }

    static JobsJdbc jobs(Database db, Clock clock, String node) {
        return new JobsJdbc(db, clock, WorkingCalendar.mondayToFriday(), FAST, node);
    }

    static Database open(TestDatabases.Engine engine, String url) {
        return Database.open(url, engine == TestDatabases.Engine.POSTGRESQL ? TestDatabases.PG_USER : "", "", 4);
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void oneOffJob_survivesARestartOfTheScheduler(TestDatabases.Engine engine) throws Exception {
        String url = TestDatabases.freshUrl(engine);
        MutableClock clock = MutableClock.atBeijing("2026-11-30T10:00");
        List<Jobs.Run> beforeRestart = new CopyOnWriteArrayList<>();
        try (Database db = open(engine, url); JobsJdbc first = jobs(db, clock, "node-a")) {
            Jobs.OneOff reminders = first.oneOff("campaign-reminder", beforeRestart::add);
            first.start();
            assertThat(reminders.schedule("campaign-42", beijing("2026-11-30T11:00"), "42")).isTrue();
            assertThat(reminders.schedule("campaign-42", beijing("2026-11-30T12:00"), "changed"))
                    .as("a second schedule of the same id leaves the first").isFalse();
        }
        // the process is gone; when it comes back (new pool, new scheduler, another name) the run is due
        clock.setBeijing("2026-11-30T11:00");
        List<Jobs.Run> afterRestart = new CopyOnWriteArrayList<>();
        try (Database db = open(engine, url); JobsJdbc second = jobs(db, clock, "node-b")) {
            second.oneOff("campaign-reminder", afterRestart::add);
            second.start();
            Await.until("the reminder runs after the restart", () -> afterRestart.size() == 1);
            Await.until("its row is removed once it succeeded", () -> row(db, "campaign-reminder", "campaign-42")
                    .isEmpty());
            assertThat(afterRestart).containsExactly(new Jobs.Run("campaign-42", "42", beijing("2026-11-30T11:00")));
        }
        assertThat(beforeRestart).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void twoInstances_runARecurringJobOncePerDueTime(TestDatabases.Engine engine) throws Exception {
        String url = TestDatabases.freshUrl(engine);
        MutableClock clock = MutableClock.atBeijing("2026-11-30T10:00");
        record Ran(String node, Instant due) {
        }
        List<Ran> runs = new CopyOnWriteArrayList<>();
        try (Database dbA = open(engine, url); Database dbB = open(engine, url);
             JobsJdbc a = jobs(dbA, clock, "node-a"); JobsJdbc b = jobs(dbB, clock, "node-b")) {
            a.recurring("tick", Schedule.every(Duration.ofMinutes(1)), due -> runs.add(new Ran("node-a", due)));
            b.recurring("tick", Schedule.every(Duration.ofMinutes(1)), due -> runs.add(new Ran("node-b", due)));
            a.start();
            b.start();
            Await.until("the first run is stored", () -> waitsForLater(dbA, "tick", clock));
            assertThat(row(dbA, "tick", "recurring").orElseThrow().executionTime())
                    .isEqualTo(beijing("2026-11-30T10:01"));
            for (int i = 1; i <= 6; i++) {
                clock.advance(Duration.ofMinutes(1));
                int expected = i;
                Await.until(() -> "run " + expected + " done and the next stored; runs " + runs, Await.DEADLINE,
                        () -> runs.size() >= expected && waitsForLater(dbA, "tick", clock));
            }
        }
        assertThat(runs).extracting(Ran::due).containsExactly(beijing("2026-11-30T10:01"),
                beijing("2026-11-30T10:02"), beijing("2026-11-30T10:03"), beijing("2026-11-30T10:04"),
                beijing("2026-11-30T10:05"), beijing("2026-11-30T10:06"));
    }

    @Test
    void workingDaysJob_skipsAConfiguredHolidayAndRunsOnAConfiguredMakeUpSaturday() throws Exception {
        MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00"); // Tuesday, after the day's run time
        WorkingCalendar calendar = WorkingCalendar.mondayToFriday()
                .overriddenBy(Set.of(LocalDate.parse("2026-12-02")), Set.of(LocalDate.parse("2026-12-05")));
        List<Instant> dues = new CopyOnWriteArrayList<>();
        try (TestDatabases.Handle h = TestDatabases.h2();
             JobsJdbc jobs = new JobsJdbc(h.db(), clock, calendar, FAST, "node-a")) {
            jobs.recurring("daily-quiz", Schedule.workingDaysAt(LocalTime.of(9, 0)), dues::add);
            jobs.start();
            Await.until("the first run is stored", () -> waitsForLater(h.db(), "daily-quiz", clock));
            assertThat(row(h.db(), "daily-quiz", "recurring").orElseThrow().executionTime())
                    .as("Wednesday is a holiday").isEqualTo(beijing("2026-12-03T09:00"));
            for (String day : List.of("2026-12-03", "2026-12-04", "2026-12-05")) {
                clock.setBeijing(day + "T09:00");
                Await.until("the run of " + day, () -> dues.contains(beijing(day + "T09:00"))
                        && waitsForLater(h.db(), "daily-quiz", clock));
            }
            assertThat(row(h.db(), "daily-quiz", "recurring").orElseThrow().executionTime())
                    .as("Sunday is off").isEqualTo(beijing("2026-12-07T09:00"));
        }
        assertThat(dues).containsExactly(beijing("2026-12-03T09:00"), beijing("2026-12-04T09:00"),
                beijing("2026-12-05T09:00"));
    }

    @Test
    void oneOff_cancelDropsAWaitingRun_andJobsAreRegisteredBeforeStart() throws Exception {
        MutableClock clock = MutableClock.atBeijing("2026-11-30T10:00");
        List<Jobs.Run> runs = new CopyOnWriteArrayList<>();
        try (TestDatabases.Handle h = TestDatabases.h2(); JobsJdbc jobs = jobs(h.db(), clock, "node-a")) {
            Jobs.OneOff reminders = jobs.oneOff("reminder", runs::add);
            assertThatThrownBy(() -> reminders.schedule("early", clock.instant(), ""))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> jobs.oneOff("reminder", runs::add)).hasMessageContaining("twice");
            assertThatThrownBy(() -> jobs.oneOff("Bad Name", runs::add)).hasMessageContaining("Bad Name");
            jobs.start();
            assertThatThrownBy(() -> jobs.recurring("late", Schedule.every(Duration.ofMinutes(1)), due -> { }))
                    .hasMessageContaining("before the scheduler starts");
            assertThat(reminders.schedule("dropped", beijing("2026-11-30T10:30"), "x")).isTrue();
            assertThat(reminders.cancel("dropped")).isTrue();
            assertThat(reminders.cancel("dropped")).as("nothing left to cancel").isFalse();
            assertThat(row(h.db(), "reminder", "dropped")).isEmpty();
            clock.setBeijing("2026-11-30T10:30");
            assertThat(reminders.schedule("kept", clock.instant(), "y")).isTrue();
            Await.until("the run that was not cancelled", () -> runs.size() == 1);
            assertThat(runs).extracting(Jobs.Run::id).containsExactly("kept");
        }
    }
}
