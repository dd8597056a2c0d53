package io.shaozi.core.store;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.audience.Audience;
import io.shaozi.core.audience.Recipient;
import io.shaozi.core.campaign.DeliveryStatus;
import io.shaozi.core.campaign.LedgerEntry;
import io.shaozi.core.quiz.Activity;
import io.shaozi.core.quiz.Attempt;
import io.shaozi.core.quiz.QuestionBank;
import io.shaozi.core.quiz.QuizStore;
import io.shaozi.core.quiz.Quizzes;
import io.shaozi.core.quiz.StudyPoints;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Study points a stop cut short (已学 recorded on the campaign ledger, its point not yet written, the member never
 * says 已学 again) are awarded by the backfill on H2 and PostgreSQL: once, on the day studied, never for a row
 * settled already, never twice even when two instances run it at once alongside a live 已学.
 */
class StudyBackfillTest {
    static final Instant T = beijing("2026-12-01T23:50");
    static final LocalDate D = LocalDate.of(2026, 12, 1);

    static LedgerEntry row(long campaign, int seq, String person, String address) {
        return new LedgerEntry(campaign, 1, seq, 7, new Recipient("generic", "chat", address),
                Optional.ofNullable(person), Optional.empty(), Optional.of("zb-dfx-1"),
                "tok_" + campaign + "_1_" + seq + "_0123456789", DeliveryStatus.SENT, Optional.empty(), T,
                Optional.of(T), Optional.empty(), Optional.empty());
    }

    static int ledgerRows(TestDatabases.Handle h, String member) throws SQLException {
        try (Connection c = h.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*) FROM quiz_points WHERE member_id = ? AND activity = 'study'")) {
            ps.setString(1, member);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    record Setup(CampaignJdbc ledger, QuizStore store, Quizzes quizzes, StudyPoints points, List<LedgerEntry> rows) {
    }

    static Setup setup(TestDatabases.Handle h, MutableClock clock) {
        CampaignJdbc ledger = new CampaignJdbc(h.db().dataSource());
        long id = ledger.create(7, new Audience(false, Set.of(), true, Set.of("zb-dfx-1"), Set.of(), Set.of(),
                List.of()), T, Optional.empty(), 5, "gb-001", T.minus(Duration.ofHours(1))).id();
        List<LedgerEntry> rows = List.of(row(id, 0, "dy-001", "a"), row(id, 1, "dy-001", "b"),
                row(id, 2, "dy-001", "c"), row(id, 3, "dy-002", "d"), row(id, 4, "cg-001", "e"),
                row(id, 5, null, "f"));
        ledger.record(rows, List.of());
        QuizStore store = new QuizJdbc(h.db().dataSource());
        Quizzes.Settings d = Quizzes.Settings.defaults();
        Quizzes quizzes = new Quizzes(new QuestionBank(new QuestionJdbc(h.db().dataSource()), clock), store,
                new Quizzes.Settings(d.dailyQuestions(), d.perQuestion(), d.challengeMax(), d.dailyCap(),
                        d.challengeCap(), d.streakBonusFrom(), d.streakBonus(), d.abandonAfter(), 5, d.topicCap()),
                clock, new Random(1));
        return new Setup(ledger, store, quizzes, new StudyPoints(quizzes, () -> Fixtures.ORG), rows);
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void backfill_awardsAStudyPointAStopCutShort_once_onTheDayStudied(TestDatabases.Engine engine) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T23:50");
            Setup s = setup(h, clock);
            List<LedgerEntry> r = s.rows();
            // the process stopped right after the ledger update of rows 0, 4 and 5: no study record at all
            for (LedgerEntry e : List.of(r.get(0), r.get(4), r.get(5))) {
                assertThat(s.ledger().markStudied(e.publicToken(), T)).isTrue();
            }
            // row 1: stopped after the study record was written, before its point
            assertThat(s.ledger().markStudied(r.get(1).publicToken(), T)).isTrue();
            s.store().create("dy-001", Activity.STUDY, D, 1, T, T, Optional.of("study:" + r.get(1).campaignId()
                    + ":1:1")).orElseThrow();
            // row 3: a complete, live 已学 (point and record settled)
            assertThat(s.ledger().markStudied(r.get(3).publicToken(), T)).isTrue();
            s.points().studied(s.ledger().byToken(r.get(3).publicToken()).orElseThrow(), T);
            assertThat(ledgerRows(h, "dy-002")).isEqualTo(1);
            // row 2 was never studied
            assertThat(s.store().points("dy-001", Optional.empty(), D, D.plusDays(1))).isZero();

            // the next day, after the restart: the recurring pass
            clock.set(beijing("2026-12-02T08:00"));
            assertThat(s.points().backfill(s.ledger(), clock)).isEqualTo(2);
            assertThat(s.store().points("dy-001", Optional.of(Activity.STUDY), D, D))
                    .as("on the day studied, not the day of the pass").isEqualTo(2);
            assertThat(ledgerRows(h, "dy-001")).isEqualTo(2);
            assertThat(ledgerRows(h, "dy-002")).as("a settled row is left alone").isEqualTo(1);
            assertThat(ledgerRows(h, "cg-001")).as("not a Party member").isZero();
            assertThat(s.store().attemptByDedupe("study:" + r.get(1).campaignId() + ":1:1")).get()
                    .extracting(Attempt::status).isEqualTo(Attempt.Status.DONE);

            // again, and the member's own 已学 on the same rows afterwards: nothing more
            assertThat(s.points().backfill(s.ledger(), clock)).isZero();
            s.points().studied(s.ledger().byToken(r.get(0).publicToken()).orElseThrow(), clock.instant());
            assertThat(s.quizzes().studied("dy-001", r.get(1).campaignId() + ":1:1", "学习内容")).isZero();
            assertThat(ledgerRows(h, "dy-001")).isEqualTo(2);
            assertThat(s.store().points("dy-001", Optional.empty(), D, D.plusDays(1))).isEqualTo(2);

            // rows studied before the window are not looked at
            clock.set(beijing("2026-12-04T08:00"));
            assertThat(s.ledger().markStudied(r.get(2).publicToken(), beijing("2026-12-01T08:00"))).isTrue();
            assertThat(s.points().backfill(s.ledger(), clock)).isZero();
            assertThat(ledgerRows(h, "dy-001")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void backfill_onTwoInstancesAtOnce_andALiveStudied_awardsEachRowOnce(TestDatabases.Engine engine)
            throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T23:50");
            Setup s = setup(h, clock);
            for (LedgerEntry e : s.rows()) {
                assertThat(s.ledger().markStudied(e.publicToken(), T)).isTrue();
            }
            clock.set(beijing("2026-12-02T00:30"));
            Setup other = setup2(h, clock);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Callable<Integer>> work = new ArrayList<>();
                work.add(() -> {
                    go.await();
                    return s.points().backfill(s.ledger(), clock);
                });
                work.add(() -> {
                    go.await();
                    return other.points().backfill(other.ledger(), clock);
                });
                work.add(() -> {
                    go.await();
                    s.points().studied(s.ledger().byToken(s.rows().get(0).publicToken()).orElseThrow(),
                            clock.instant());
                    return 0;
                });
                List<Future<Integer>> done = new ArrayList<>();
                work.forEach(w -> done.add(pool.submit(w)));
                go.countDown();
                for (Future<Integer> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(ledgerRows(h, "dy-001")).as("three rows studied, three points").isEqualTo(3);
            assertThat(ledgerRows(h, "dy-002")).isEqualTo(1);
            assertThat(s.store().points("dy-001", Optional.of(Activity.STUDY), D, D)).isEqualTo(3);
            assertThat(s.points().backfill(s.ledger(), clock)).isZero();
            assertThat(ledgerRows(h, "dy-001")).isEqualTo(3);
        }
    }

    /** A second instance's objects over the same database (the campaign and its rows exist already). */
    static Setup setup2(TestDatabases.Handle h, MutableClock clock) {
        QuizStore store = new QuizJdbc(h.db().dataSource());
        Quizzes.Settings d = Quizzes.Settings.defaults();
        Quizzes quizzes = new Quizzes(new QuestionBank(new QuestionJdbc(h.db().dataSource()), clock), store,
                new Quizzes.Settings(d.dailyQuestions(), d.perQuestion(), d.challengeMax(), d.dailyCap(),
                        d.challengeCap(), d.streakBonusFrom(), d.streakBonus(), d.abandonAfter(), 5, d.topicCap()),
                clock, new Random(2));
        return new Setup(new CampaignJdbc(h.db().dataSource()), store, quizzes,
                new StudyPoints(quizzes, () -> Fixtures.ORG), List.of());
    }
}
