package io.shaozi.core.store;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.quiz.ImportOutcome;
import io.shaozi.core.quiz.QuestionBank;
import io.shaozi.core.quiz.QuizReport;
import io.shaozi.core.quiz.QuizStore;
import io.shaozi.core.quiz.Quizzes;
import io.shaozi.core.quiz.Topic;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The secretary's report lists each 专项答题 open in its period for its members, on H2 and PostgreSQL: who completed
 * it, the completion rate, the average score and accuracy of those who did, who is still in it, and who has not
 * completed it (before the deadline, once it has passed); topics of another branch, or not open in the period, are
 * left out.
 */
class TopicReportTest {
    static final LocalDate FROM = LocalDate.of(2026, 12, 1);
    static final LocalDate TO = LocalDate.of(2026, 12, 7);

    static Topic topic(String code, List<String> questions, Optional<String> branch, Instant deadline,
                       Instant created) {
        return new Topic(code, "专项" + code, Optional.empty(), questions, branch, deadline, "gb-001", created);
    }

    /** The stores and quizzes of a test over a bank of three questions (t1, t2 single; t3 judge). */
    record Bed(QuizStore store, TopicJdbc topics, Quizzes quizzes) {
    }

    static Bed bed(TestDatabases.Handle h, MutableClock clock) {
        QuestionBank bank = new QuestionBank(new QuestionJdbc(h.db().dataSource()), clock);
        assertThat(bank.importCsv(("id,type,stem,A,B,C,D,answer,explanation,category\n"
                + "t1,single,第一题题干,甲,乙,丙,丁,B,解析,党章党规\n"
                + "t2,single,第二题题干,甲,乙,丙,丁,C,解析,党章党规\n"
                + "t3,judge,第三题题干,,,,,A,解析,党史\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ImportOutcome.Imported.class);
        QuizStore store = new QuizJdbc(h.db().dataSource());
        TopicJdbc topics = new TopicJdbc(h.db().dataSource());
        return new Bed(store, topics, new Quizzes(bank, store, Quizzes.Settings.defaults(), clock, new Random(3), topics));
    }

    /** Answers the member's current question right or wrong after a human reading time. */
    static void answer(Quizzes q, MutableClock clock, String member, boolean right) {
        Quizzes.Shown s = q.current(member).orElseThrow();
        clock.advance(Duration.ofSeconds(9 + (member.hashCode() & 3)));
        String letter = right ? s.answer() : s.answer().equals("A") ? "B" : "A";
        assertThat(q.answer(member, letter)).isInstanceOf(Quizzes.Answer.Recorded.class);
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void report_listsTopicCompletion_perTopicOfTheBranchAndPeriod(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-02T09:00");
            Bed bed = bed(h, clock);
            QuizStore store = bed.store();
            TopicJdbc topics = bed.topics();
            Quizzes q = bed.quizzes();
            Instant now = clock.instant();
            Topic dfx = topic("dfx_1", List.of("t1", "t2", "t3"), Optional.of("zb-dfx-1"),
                    beijing("2026-12-10T18:00"), now);
            Topic street = topic("street", List.of("t3"), Optional.empty(), beijing("2026-12-03T18:00"), now);
            Topic sj = topic("sj", List.of("t1"), Optional.of("zb-sj-1"), beijing("2026-12-10T18:00"), now);
            Topic before = topic("before", List.of("t1"), Optional.empty(), beijing("2026-11-30T18:00"),
                    beijing("2026-11-20T09:00"));
            Topic after = topic("after", List.of("t1"), Optional.empty(), beijing("2026-12-20T18:00"),
                    beijing("2026-12-08T09:00"));
            for (Topic t : List.of(dfx, street, sj, before, after)) {
                assertThat(topics.create(t)).isTrue();
            }
            // 李明 completes dfx_1 (2 of 3 right) and street; 王芳 answers one of dfx_1 and stops; 陈刚 completes sj
            assertThat(q.startTopic("dy-001", dfx)).isInstanceOf(Quizzes.TopicStart.Started.class);
            answer(q, clock, "dy-001", true);
            answer(q, clock, "dy-001", false);
            answer(q, clock, "dy-001", true);
            assertThat(q.startTopic("dy-001", street)).isInstanceOf(Quizzes.TopicStart.Started.class);
            answer(q, clock, "dy-001", true);
            assertThat(q.startTopic("dy-002", dfx)).isInstanceOf(Quizzes.TopicStart.Started.class);
            answer(q, clock, "dy-002", false);
            assertThat(q.startTopic("dy-003", sj)).isInstanceOf(Quizzes.TopicStart.Started.class);
            answer(q, clock, "dy-003", true);

            clock.set(beijing("2026-12-05T09:00")); // street's deadline has passed, dfx_1's not
            QuizReport r = QuizReport.build(Fixtures.ORG, store, topics, Optional.of("zb-dfx-1"), FROM, TO,
                    clock.instant());
            assertThat(r.topics()).extracting(QuizReport.TopicCompletion::code)
                    .as("latest deadline first; another branch's and those not open in the period left out")
                    .containsExactly("dfx_1", "street");
            QuizReport.TopicCompletion d = r.topics().get(0);
            assertThat(d.members()).isEqualTo(2);
            assertThat(d.completed()).isEqualTo(1);
            assertThat(d.completionRate()).isEqualTo(0.5);
            assertThat(d.inProgress()).isEqualTo(1);
            assertThat(d.averageCorrect()).isEqualTo(2.0);
            assertThat(d.averageAnswered()).isEqualTo(3.0);
            assertThat(d.accuracy()).isEqualTo(2.0 / 3);
            assertThat(d.closed()).isFalse();
            assertThat(d.notCompleted()).containsExactly(
                    new QuizReport.TopicMember("dy-002", "王芳", "zb-dfx-1", "open", 1));
            QuizReport.TopicCompletion s = r.topics().get(1);
            assertThat(s.closed()).isTrue();
            assertThat(s.members()).as("the branch's members, not the street's").isEqualTo(2);
            assertThat(s.completed()).isEqualTo(1);
            assertThat(s.notCompleted()).extracting(QuizReport.TopicMember::id, QuizReport.TopicMember::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("dy-002", "none"));

            // the whole street: every topic open in the period, each for its own members
            QuizReport all = QuizReport.build(Fixtures.ORG, store, topics, Optional.empty(), FROM, TO,
                    clock.instant());
            assertThat(all.topics()).extracting(QuizReport.TopicCompletion::code)
                    .containsExactlyInAnyOrder("dfx_1", "sj", "street");
            QuizReport.TopicCompletion sjRow = all.topics().stream().filter(t -> t.code().equals("sj")).findFirst()
                    .orElseThrow();
            assertThat(sjRow.completed()).isEqualTo(1);
            assertThat(sjRow.notCompleted()).extracting(QuizReport.TopicMember::id).doesNotContain("dy-003")
                    .allSatisfy(id -> assertThat(Fixtures.ORG.person(id).orElseThrow().branch()).contains("zb-sj-1"));
            QuizReport.TopicCompletion streetAll = all.topics().stream().filter(t -> t.code().equals("street"))
                    .findFirst().orElseThrow();
            assertThat(streetAll.members()).isEqualTo(all.members());
            assertThat(streetAll.completed()).isEqualTo(1);

            // a period before the topics were published lists none of them
            assertThat(QuizReport.build(Fixtures.ORG, store, topics, Optional.of("zb-dfx-1"),
                    LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 10), clock.instant()).topics()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void report_aTopicFinishedAfterItsDeadline_isNotCompleted_butLate(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-03T17:55");
            Bed bed = bed(h, clock);
            QuizStore store = bed.store();
            TopicJdbc topics = bed.topics();
            Quizzes q = bed.quizzes();
            Topic due = topic("due", List.of("t1", "t2"), Optional.of("zb-dfx-1"), beijing("2026-12-03T18:00"),
                    beijing("2026-12-02T09:00"));
            assertThat(topics.create(due)).isTrue();
            // 李明 finishes before 18:00; 王芳 starts before it and answers the second question after it
            assertThat(q.startTopic("dy-001", due)).isInstanceOf(Quizzes.TopicStart.Started.class);
            answer(q, clock, "dy-001", true);
            answer(q, clock, "dy-001", true);
            assertThat(q.startTopic("dy-002", due)).isInstanceOf(Quizzes.TopicStart.Started.class);
            answer(q, clock, "dy-002", true);
            clock.set(beijing("2026-12-03T18:01"));
            Quizzes.Shown s = q.current("dy-002").orElseThrow();
            clock.advance(Duration.ofSeconds(10));
            assertThat(q.answer("dy-002", s.answer())).as("an attempt started in time may still be finished")
                    .isInstanceOf(Quizzes.Answer.Recorded.class);
            clock.set(beijing("2026-12-05T09:00"));
            QuizReport.TopicCompletion t = QuizReport.build(Fixtures.ORG, store, topics, Optional.of("zb-dfx-1"), FROM, TO,
                    clock.instant()).topics().get(0);
            assertThat(t.closed()).isTrue();
            assertThat(t.completed()).as("only 李明 finished by the deadline").isEqualTo(1);
            assertThat(t.notCompleted()).extracting(QuizReport.TopicMember::id, QuizReport.TopicMember::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("dy-002", "late"));
        }
    }
}
