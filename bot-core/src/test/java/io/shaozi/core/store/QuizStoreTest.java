package io.shaozi.core.store;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.quiz.Activity;
import io.shaozi.core.quiz.Attempt;
import io.shaozi.core.quiz.AttemptItem;
import io.shaozi.core.quiz.DailyPush;
import io.shaozi.core.quiz.Outcome;
import io.shaozi.core.quiz.PointsEntry;
import io.shaozi.core.quiz.QuestionBank;
import io.shaozi.core.quiz.Question;
import io.shaozi.core.quiz.QuizChat;
import io.shaozi.core.quiz.QuizStore;
import io.shaozi.core.quiz.Quizzes;
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
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Quiz attempts, the points ledger and 每日一题 opt-ins on H2 and PostgreSQL (PostgreSQL fails, not skips, when
 * CI=true and it does not answer), and the daily push queuing once a member a day through the real outbox.
 */
class QuizStoreTest {
    static final Instant T = beijing("2026-12-01T09:00");
    static final LocalDate D = LocalDate.of(2026, 12, 1);

    static Question question(String id, String category) {
        return new Question(id, io.shaozi.core.quiz.QuestionType.SINGLE, "题干" + id, List.of("甲", "乙", "丙"), "B",
                "解析", category, List.of(), Optional.empty());
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void attempts_items_andAnswers_areRecordedOnce(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            QuizStore s = new QuizJdbc(h.db().dataSource());
            Attempt a = s.create("dy-001", Activity.DAILY, D, 5, T, T.plusSeconds(1800), Optional.empty()).orElseThrow();
            assertThat(a.status()).isEqualTo(Attempt.Status.OPEN);
            assertThat(s.create("dy-001", Activity.PUSH, D, 1, T, T.plusSeconds(60), Optional.of("push:dy-001:" + D)))
                    .isPresent();
            assertThat(s.create("dy-001", Activity.PUSH, D, 1, T, T.plusSeconds(60), Optional.of("push:dy-001:" + D)))
                    .as("dedupe key taken").isEmpty();
            assertThat(s.attemptByDedupe("push:dy-001:" + D)).get().extracting(Attempt::activity)
                    .isEqualTo(Activity.PUSH);
            s.show(AttemptItem.shown(a.id(), 1, "dy-001", question("q1", "党史"), "CAB", T.plusSeconds(1)),
                    T.plusSeconds(1801));
            s.show(AttemptItem.shown(a.id(), 1, "dy-001", question("q2", "党史"), "ABC", T.plusSeconds(2)),
                    T.plusSeconds(1802));
            assertThat(s.items(a.id())).singleElement().satisfies(i -> {
                assertThat(i.questionId()).isEqualTo("q1");
                assertThat(i.perm()).isEqualTo("CAB");
                assertThat(i.answered()).isFalse();
            });
            assertThat(s.current("dy-001")).get().extracting(AttemptItem::questionId).isEqualTo("q1");
            assertThat(s.answer(a.id(), 1, "A", Outcome.WRONG, true, T.plusSeconds(3))).isTrue();
            assertThat(s.answer(a.id(), 1, "C", Outcome.CORRECT, false, T.plusSeconds(4))).isFalse();
            AttemptItem answered = s.items(a.id()).get(0);
            assertThat(answered.answer()).contains("A");
            assertThat(answered.outcome()).contains(Outcome.WRONG);
            assertThat(answered.flagged()).isTrue();
            assertThat(s.asked("dy-001")).containsExactly("q1");
            assertThat(s.wrongByCategory("dy-001")).isEqualTo(Map.of("党史", 1));
            assertThat(s.open("dy-001")).hasSize(2);
            s.finish(a.id(), T.plusSeconds(5));
            assertThat(s.attempt(a.id())).get().extracting(Attempt::status).isEqualTo(Attempt.Status.DONE);
            assertThat(s.dailyDone("dy-001", D.minusDays(1))).containsExactly(D);
            assertThat(s.expire("dy-001", T.plusSeconds(59))).isZero();
            assertThat(s.expire("dy-001", T.plusSeconds(60))).isEqualTo(1);
            assertThat(s.open("dy-001")).isEmpty();
            assertThat(s.answerCounts(D, D)).containsExactly(
                    new QuizStore.AnswerCount("dy-001", "党史", Outcome.WRONG, true, 1));
            assertThat(s.answerCounts(D.plusDays(1), D.plusDays(1))).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void ledger_isAppendOnce_perAttemptAndSeq_andSums(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            QuizStore s = new QuizJdbc(h.db().dataSource());
            PointsEntry e1 = new PointsEntry(1, 1, "dy-001", Activity.DAILY, "答对 q1", Optional.of("q1"), 1, D, T);
            assertThat(s.award(e1)).isTrue();
            assertThat(s.award(e1)).isFalse();
            assertThat(s.award(new PointsEntry(1, 0, "dy-001", Activity.STREAK, "连续答题 3 天", Optional.empty(), 1, D,
                    T))).isTrue();
            assertThat(s.award(new PointsEntry(2, 1, "dy-001", Activity.CHALLENGE, "答对 q2", Optional.of("q2"), 1,
                    D.plusDays(1), T.plus(Duration.ofDays(1))))).isTrue();
            assertThat(s.award(new PointsEntry(3, 1, "dy-002", Activity.DAILY, "答对 q3", Optional.of("q3"), 1, D,
                    T))).isTrue();
            assertThat(s.points("dy-001", Optional.empty(), D, D)).isEqualTo(2);
            assertThat(s.points("dy-001", Optional.of(Activity.DAILY), D, D)).isEqualTo(1);
            assertThat(s.points("dy-001", Optional.empty(), D, D.plusDays(1))).isEqualTo(3);
            assertThat(s.points("dy-003", Optional.empty(), D, D)).isZero();
            assertThat(s.pointsOfAttempt(1)).isEqualTo(2);
            assertThat(s.pointsByMember(D, D)).isEqualTo(Map.of("dy-001", 2, "dy-002", 1));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void subscriptions_canBeTurnedOnAndOff(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            QuizStore s = new QuizJdbc(h.db().dataSource());
            assertThat(s.subscribed("dy-001")).isFalse();
            s.subscribe("dy-001", true, T);
            s.subscribe("dy-002", true, T);
            s.subscribe("dy-002", false, T.plusSeconds(1));
            s.subscribe("dy-003", false, T);
            s.subscribe("dy-003", true, T.plusSeconds(1));
            assertThat(s.subscribers()).containsExactlyInAnyOrder("dy-001", "dy-003");
            assertThat(s.subscribed("dy-002")).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void dailyPush_queuesOneQuestionAMemberADay_toOptedInMembersWithAnAddress(TestDatabases.Engine engine)
            throws SQLException {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T08:00");
            QuestionBank bank = QuestionBank.open(new QuestionJdbc(h.db().dataSource()), clock, true);
            QuizStore store = new QuizJdbc(h.db().dataSource());
            Quizzes quizzes = new Quizzes(bank, store, Quizzes.Settings.defaults(), clock, new Random(7));
            QuizChat chat = new QuizChat(quizzes, clock);
            DailyPush push = new DailyPush(quizzes, chat, () -> Fixtures.ORG, new OutboxJdbc(h.db().dataSource(), clock));
            store.subscribe("dy-001", true, clock.instant()); // alerts: wecom gov liming
            store.subscribe("dy-002", true, clock.instant()); // no alert address
            assertThat(push.run(clock.instant())).isEqualTo(1);
            assertThat(push.run(clock.instant())).as("a run taken over queues nothing twice").isZero();
            List<String[]> rows = outbox(h);
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)[0]).isEqualTo("wecom");
            assertThat(rows.get(0)[1]).isEqualTo("liming");
            assertThat(rows.get(0)[2]).isEqualTo("quiz-daily:dy-001:2026-12-01");
            assertThat(rows.get(0)[3]).contains("【每日一题·").contains("\\nA. ").contains("\\nB. ");
            // answered in chat hours later: not timed, one point
            clock.advance(Duration.ofHours(3));
            Quizzes.Shown s = quizzes.current("dy-001").orElseThrow();
            assertThat(s.attempt().activity()).isEqualTo(Activity.PUSH);
            assertThat(chat.reply(Fixtures.ORG.person("dy-001"), s.answer(), Fixtures.ORG)).singleElement()
                    .asString().startsWith("正确！+1 分").contains("每日一题已完成");
            assertThat(quizzes.points("dy-001").total()).isEqualTo(1);
            clock.setBeijing("2026-12-02T08:00");
            store.subscribe("dy-001", false, clock.instant());
            assertThat(push.run(clock.instant())).as("opted out").isZero();
        }
    }

    private static List<String[]> outbox(TestDatabases.Handle h) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Connection c = h.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT channel, recipient, dedupe_key, payload FROM outbox"
                     + " ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        return out;
    }
}
