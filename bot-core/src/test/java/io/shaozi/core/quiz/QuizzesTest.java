package io.shaozi.core.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.store.QuestionJdbc;
import io.shaozi.core.store.QuizJdbc;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attempts, selection, shuffling, points, caps and streaks on a real (H2) store with a hand-moved clock. */
class QuizzesTest {
    private static final String HEADER = "id,type,stem,A,B,C,D,answer,explanation,category,paraphrases,validUntil\n";
    private final TestDatabases.Handle db = TestDatabases.h2();
    private final MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
    private final QuestionBank bank = new QuestionBank(new QuestionJdbc(db.db().dataSource()), clock);
    private final QuizStore store = new QuizJdbc(db.db().dataSource());

    @AfterEach
    void close() {
        db.close();
    }

    private void questions(String... categories) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 0; i < categories.length; i++) {
            sb.append("q").append(i + 1).append(",single,第").append(i + 1).append("题题干,甲").append(i)
                    .append(",乙").append(i).append(",丙").append(i).append(",丁").append(i)
                    .append(",B,解析").append(i + 1).append(",").append(categories[i]).append(",,\n");
        }
        assertThat(bank.importCsv(sb.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ImportOutcome.Imported.class);
    }

    private void questions(int n) {
        String[] cats = new String[n];
        java.util.Arrays.fill(cats, "党章党规");
        questions(cats);
    }

    private Quizzes quizzes(Quizzes.Settings s, long seed) {
        return new Quizzes(bank, store, s, clock, new Random(seed));
    }

    private Quizzes quizzes() {
        return quizzes(Quizzes.Settings.defaults(), 1);
    }

    private static Quizzes.Settings settings(int daily, int dailyCap) {
        Quizzes.Settings d = Quizzes.Settings.defaults();
        return new Quizzes.Settings(daily, d.perQuestion(), d.challengeMax(), dailyCap, d.challengeCap(),
                d.streakBonusFrom(), d.streakBonus(), d.abandonAfter());
    }

    private int answers;

    /** Waits a reading time (8-20 s, unevenly, as people do), then answers the current question right (or wrong). */
    private Quizzes.Answer.Recorded answer(Quizzes q, String member, boolean right) {
        Quizzes.Shown s = q.current(member).orElseThrow();
        clock.advance(Duration.ofSeconds(8 + (answers++ % 5) * 3L));
        String letter = right ? s.answer() : s.answer().equals("A") ? "B" : "A";
        return (Quizzes.Answer.Recorded) q.answer(member, letter.toLowerCase());
    }

    private Quizzes.Summary dailyQuiz(Quizzes q, String member, int n) {
        assertThat(q.start(member, Activity.DAILY)).isInstanceOf(Quizzes.Start.Started.class);
        Quizzes.Answer.Recorded last = null;
        for (int i = 0; i < n; i++) {
            last = answer(q, member, true);
        }
        return last.finished().orElseThrow();
    }

    @Test
    void questions_doNotRepeatAcrossAttempts_untilTheBankIsUsedUp() {
        questions(12);
        Quizzes q = quizzes();
        List<String> shown = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            Quizzes.Start s = q.start("dy-001", Activity.DAILY);
            Set<String> inAttempt = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                String id = q.current("dy-001").orElseThrow().question().id();
                shown.add(id);
                assertThat(inAttempt.add(id)).as("no repeat within an attempt").isTrue();
                answer(q, "dy-001", true);
            }
            assertThat(s).isInstanceOf(Quizzes.Start.Started.class);
        }
        assertThat(new HashSet<>(shown.subList(0, 12))).hasSize(12);
    }

    @Test
    void selection_isWeightedTowardCategoriesTheMemberGotWrong() {
        questions("X", "X", "X", "X", "Y", "Y", "Y");
        for (int i = 0; i < 5; i++) {
            Attempt a = store.create("dy-001", Activity.DAILY, LocalDate.of(2026, 11, 1), 1, clock.instant(),
                    clock.instant(), Optional.empty()).orElseThrow();
            store.show(AttemptItem.shown(a.id(), 1, "dy-001", bank.find("q1").orElseThrow().question(), "ABCD",
                    clock.instant()), clock.instant());
            store.answer(a.id(), 1, "A", Outcome.WRONG, false, clock.instant());
        }
        Quizzes q = quizzes();
        int x = 0;
        for (int i = 0; i < 700; i++) {
            Question picked = q.pick("dy-001", Set.of()).orElseThrow();
            assertThat(picked.id()).isNotEqualTo("q1"); // asked before, the bank still has fresh ones
            x += picked.category().equals("X") ? 1 : 0;
        }
        assertThat(x / 700.0).as("weights 6:1 for X, expected share 18/21").isBetween(0.8, 0.91);
    }

    @Test
    void shuffle_isStored_andTheSameOnAnotherInstance() {
        questions(20);
        Quizzes q = quizzes();
        Set<List<String>> orders = new HashSet<>();
        for (int attempt = 0; attempt < 4; attempt++) {
            q.start("dy-001", Activity.DAILY);
            for (int i = 0; i < 5; i++) {
                Quizzes.Shown s = q.current("dy-001").orElseThrow();
                Quizzes.Shown elsewhere = quizzes(Quizzes.Settings.defaults(), 99 + i).current("dy-001").orElseThrow();
                assertThat(elsewhere.options()).isEqualTo(s.options());
                assertThat(elsewhere.answer()).isEqualTo(s.answer());
                assertThat(s.options()).containsExactlyInAnyOrderElementsOf(s.question().options());
                // the right answer in the member's letters is the bank's option B
                assertThat(s.options().get(s.answer().charAt(0) - 'A')).isEqualTo(s.question().options().get(1));
                orders.add(s.options().stream().map(o -> o.substring(0, 1)).toList());
                assertThat(answer(q, "dy-001", true).outcome()).isEqualTo(Outcome.CORRECT);
            }
        }
        assertThat(orders).as("options are shuffled").hasSizeGreaterThan(3);
    }

    @Test
    void unknownLetter_getsAReply_andTheQuestionStaysOpen() {
        questions(5);
        Quizzes q = quizzes();
        q.start("dy-001", Activity.DAILY);
        Quizzes.Shown s = q.current("dy-001").orElseThrow();
        assertThat(q.answer("dy-001", "E")).isEqualTo(new Quizzes.Answer.Unreadable(s, "E"));
        assertThat(q.answer("dy-001", "AB")).isInstanceOf(Quizzes.Answer.Unreadable.class); // single choice
        assertThat(q.current("dy-001")).contains(s);
    }

    @Test
    void dailyCap_limitsPoints_andARepeatedAwardCountsOnce() {
        questions(10);
        Quizzes q = quizzes(settings(5, 3), 1);
        Quizzes.Summary s = dailyQuiz(q, "dy-001", 5);
        assertThat(s.correct()).isEqualTo(5);
        assertThat(s.points()).isEqualTo(3);
        assertThat(q.points("dy-001").today()).isEqualTo(3);
        // a second daily quiz the same day earns nothing more
        assertThat(dailyQuiz(q, "dy-001", 5).points()).isZero();
        // the same attempt and question again (a redelivery on another instance) is not appended twice
        Attempt a = store.create("dy-002", Activity.DAILY, LocalDate.of(2026, 12, 1), 5, clock.instant(),
                clock.instant().plusSeconds(60), Optional.empty()).orElseThrow();
        PointsEntry e = new PointsEntry(a.id(), 1, "dy-002", Activity.DAILY, "答对 q1", Optional.of("q1"), 1,
                LocalDate.of(2026, 12, 1), clock.instant());
        assertThat(store.award(e)).isTrue();
        assertThat(store.award(e)).isFalse();
        assertThat(q.points("dy-002").total()).isEqualTo(1);
        // and an answer is recorded once
        store.show(AttemptItem.shown(a.id(), 1, "dy-002", bank.find("q1").orElseThrow().question(), "ABCD",
                clock.instant()), clock.instant());
        assertThat(store.answer(a.id(), 1, "B", Outcome.CORRECT, false, clock.instant())).isTrue();
        assertThat(store.answer(a.id(), 1, "B", Outcome.CORRECT, false, clock.instant())).isFalse();
    }

    @Test
    void tooFast_isFlaggedWithoutPoints_tooLate_isTimedOut() {
        questions(5);
        Quizzes q = quizzes();
        q.start("dy-001", Activity.DAILY);
        Quizzes.Shown s = q.current("dy-001").orElseThrow();
        clock.advance(Duration.ofMillis(900));
        Quizzes.Answer.Recorded fast = (Quizzes.Answer.Recorded) q.answer("dy-001", s.answer());
        assertThat(fast.outcome()).isEqualTo(Outcome.CORRECT);
        assertThat(fast.flagged()).isTrue();
        assertThat(fast.points()).isZero();
        clock.advance(Duration.ofSeconds(61));
        Quizzes.Shown next = q.current("dy-001").orElseThrow();
        Quizzes.Answer.Recorded late = (Quizzes.Answer.Recorded) q.answer("dy-001", next.answer());
        assertThat(late.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(late.points()).isZero();
        assertThat(q.points("dy-001").total()).isZero();
        QuizReport r = QuizReport.build(io.shaozi.core.ticket.Fixtures.ORG, store, Optional.of("zb-dfx-1"),
                LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 1));
        assertThat(r.flagged()).isEqualTo(1);
        assertThat(r.participants()).isEqualTo(1);
        assertThat(r.absent()).extracting(QuizReport.MemberRow::id).contains("dy-002").doesNotContain("dy-001");
    }

    @Test
    void abandonedAttempt_expires_andANewOneStarts() {
        questions(10);
        Quizzes q = quizzes();
        q.start("dy-001", Activity.DAILY);
        answer(q, "dy-001", true);
        assertThat(q.start("dy-001", Activity.DAILY)).isInstanceOf(Quizzes.Start.Resumed.class);
        clock.advance(Duration.ofMinutes(31));
        assertThat(q.current("dy-001")).isEmpty();
        assertThat(q.start("dy-001", Activity.DAILY)).isInstanceOf(Quizzes.Start.Started.class);
    }

    @Test
    void challenge_endsAtTheFirstMistake() {
        questions(30);
        Quizzes q = quizzes();
        q.start("dy-001", Activity.CHALLENGE);
        for (int i = 0; i < 7; i++) {
            assertThat(answer(q, "dy-001", true).next()).isPresent();
        }
        Quizzes.Answer.Recorded wrong = answer(q, "dy-001", false);
        assertThat(wrong.next()).isEmpty();
        assertThat(wrong.finished().orElseThrow().correct()).isEqualTo(7);
        assertThat(wrong.finished().orElseThrow().points()).isEqualTo(6); // challenge cap 6 a day
        assertThat(q.current("dy-001")).isEmpty();
    }

    @Test
    void streak_countsConsecutiveBeijingDays_withABonusFromTheThird() {
        questions(40);
        Quizzes q = quizzes();
        assertThat(dailyQuiz(q, "dy-001", 5)).extracting(Quizzes.Summary::streak, Quizzes.Summary::bonus)
                .containsExactly(1, 0);
        clock.setBeijing("2026-12-02T23:50");
        assertThat(dailyQuiz(q, "dy-001", 5)).extracting(Quizzes.Summary::streak, Quizzes.Summary::bonus)
                .containsExactly(2, 0);
        clock.setBeijing("2026-12-03T00:10"); // the next Beijing day, 20 minutes later
        Quizzes.Summary third = dailyQuiz(q, "dy-001", 5);
        assertThat(third.streak()).isEqualTo(3);
        assertThat(third.bonus()).isEqualTo(1);
        assertThat(third.points()).isEqualTo(6);
        assertThat(q.points("dy-001")).isEqualTo(new Quizzes.Points(6, 16, 3));
        assertThat(dailyQuiz(q, "dy-001", 5).bonus()).as("one bonus a day").isZero();
        clock.setBeijing("2026-12-04T12:00");
        assertThat(q.points("dy-001").streak()).as("today not done yet: the streak still stands").isEqualTo(3);
        clock.setBeijing("2026-12-05T12:00");
        assertThat(q.points("dy-001").streak()).isZero();
        assertThat(q.points("dy-001").total()).isEqualTo(16);
    }

    @Test
    void quitOrSwitching_abandonsTheOpenQuiz_whichDoesNotCountForTheStreak() {
        questions(30);
        Quizzes q = quizzes();
        q.start("dy-001", Activity.DAILY);
        answer(q, "dy-001", true);
        assertThat(q.quit("dy-001")).isTrue();
        assertThat(q.current("dy-001")).isEmpty();
        assertThat(q.quit("dy-001")).isFalse();
        q.start("dy-001", Activity.DAILY);
        assertThat(q.start("dy-001", Activity.CHALLENGE)).isInstanceOf(Quizzes.Start.Started.class);
        assertThat(store.open("dy-001")).singleElement().extracting(Attempt::activity).isEqualTo(Activity.CHALLENGE);
        assertThat(q.points("dy-001")).isEqualTo(new Quizzes.Points(1, 1, 0));
    }

    @Test
    void paraphrasedStems_areShownInTurn_theSameWordingAgainForTheSameQuestionOfAnAttempt() {
        assertThat(bank.importCsv((HEADER + "p1,single,原题干：党的最高领导机关是什么？,甲,乙,丙,丁,B,解析,党章党规,"
                + "换个说法：党的最高领导机关是？|再换个说法：哪个是党的最高领导机关？,\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ImportOutcome.Imported.class);
        Quizzes q = quizzes();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String member = "m-" + i;
            q.start(member, Activity.DAILY);
            String wording = q.current(member).orElseThrow().stem();
            assertThat(q.current(member).orElseThrow().stem()).as("stable for the attempt").isEqualTo(wording);
            assertThat(new Quizzes(bank, store, Quizzes.Settings.defaults(), clock, new Random(99)).current(member)
                    .orElseThrow().stem()).as("another instance shows the same").isEqualTo(wording);
            assertThat(new QuizChat(q, clock).render(q.current(member).orElseThrow())).as("the message shows it")
                    .startsWith(wording + "\nA. ");
            seen.add(wording);
        }
        assertThat(seen).containsExactlyInAnyOrder("原题干：党的最高领导机关是什么？", "换个说法：党的最高领导机关是？",
                "再换个说法：哪个是党的最高领导机关？");
    }

    @Test
    void studied_earnsOnePointOncePerLedgerRow_upToTheDailyStudyCap() {
        Quizzes q = quizzes();
        assertThat(q.studied("dy-001", "7:1:3", "学习内容")).isEqualTo(1);
        assertThat(q.studied("dy-001", "7:1:3", "学习内容")).as("the same row again").isZero();
        assertThat(q.studied("dy-001", "8:1:1", "学习内容")).isEqualTo(1);
        assertThat(q.studied("dy-001", "9:1:1", "学习内容")).as("cap 2 a day").isZero();
        assertThat(store.points("dy-001", Optional.of(Activity.STUDY), LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 1))).isEqualTo(2);
        assertThat(q.points("dy-001").today()).as("积分 includes study points").isEqualTo(2);
        assertThat(q.current("dy-001")).as("a study is no open question").isEmpty();
        clock.advance(Duration.ofDays(1));
        assertThat(q.studied("dy-001", "10:1:1", "学习内容")).as("a new day").isEqualTo(1);
        assertThat(q.studied("dy-001", "9:1:1", "学习内容")).as("a row capped before is not retried").isZero();
        assertThat(q.points("dy-001").total()).isEqualTo(3);
    }

    /** Answers the current question right after exactly {@code seconds} (a script's even pace). */
    private Quizzes.Answer.Recorded answerAfter(Quizzes q, String member, long seconds) {
        Quizzes.Shown s = q.current(member).orElseThrow();
        clock.advance(Duration.ofSeconds(seconds));
        return (Quizzes.Answer.Recorded) q.answer(member, s.answer());
    }

    @Test
    void machineLike_isNearConstantAnswerTimes_notAPersonsUnevenOnes() {
        List<Duration> script = List.of(Duration.ofMillis(9000), Duration.ofMillis(9100), Duration.ofMillis(9050),
                Duration.ofMillis(9200));
        assertThat(Quizzes.machineLike(script)).isTrue();
        assertThat(Quizzes.machineLike(script.subList(0, 3))).as("too few answers to judge").isFalse();
        assertThat(Quizzes.machineLike(List.of(Duration.ofMillis(20_000), Duration.ofMillis(20_400),
                Duration.ofMillis(20_700), Duration.ofMillis(20_200)))).as("within 3 % of the mean").isTrue();
        assertThat(Quizzes.machineLike(List.of(Duration.ofSeconds(8), Duration.ofSeconds(11), Duration.ofSeconds(14),
                Duration.ofSeconds(17)))).isFalse();
    }

    @Test
    void regularAnswerTimes_flagTheAttempt_cancelItsPoints_thenWarnGentlyAndOnARepeatStrongly() {
        questions(20);
        Quizzes q = quizzes();
        q.start("dy-001", Activity.DAILY);
        for (int i = 0; i < 3; i++) {
            Quizzes.Answer.Recorded r = answerAfter(q, "dy-001", 10);
            assertThat(r.points()).isEqualTo(1);
            assertThat(r.warning()).isEmpty();
        }
        assertThat(q.points("dy-001").today()).isEqualTo(3);
        Quizzes.Answer.Recorded fourth = answerAfter(q, "dy-001", 10);
        assertThat(fourth.flagged()).isTrue();
        assertThat(fourth.points()).isZero();
        assertThat(fourth.warning()).contains(new Quizzes.Warning(Quizzes.FlagReason.REGULAR, 1));
        assertThat(q.points("dy-001").today()).as("the attempt's earlier points are cancelled").isZero();
        Quizzes.Answer.Recorded fifth = answer(q, "dy-001", true);
        assertThat(fifth.points()).as("a flagged attempt earns nothing more").isZero();
        assertThat(fifth.warning()).as("one warning an attempt").isEmpty();
        Quizzes.Summary end = fifth.finished().orElseThrow();
        assertThat(end.points()).isZero();
        assertThat(end.streak()).as("a flagged daily quiz does not count for the streak").isZero();
        assertThat(store.open("dy-001")).isEmpty();
        // the ledger stays append-only: the cancelled points are a reversal row, totals are derived
        assertThat(q.points("dy-001").total()).isZero();
        // never a ban: the member can take another quiz, and an honest one earns points again
        assertThat(dailyQuiz(q, "dy-001", 5).points()).isEqualTo(5);
        clock.advance(Duration.ofDays(1));
        q.start("dy-001", Activity.CHALLENGE);
        Quizzes.Answer.Recorded fast = answerAfter(q, "dy-001", 1);
        assertThat(fast.warning()).as("a repeat within 30 days").contains(new Quizzes.Warning(Quizzes.FlagReason.FAST,
                2));
        QuizReport r = QuizReport.build(io.shaozi.core.ticket.Fixtures.ORG, store, Optional.of("zb-dfx-1"),
                LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 2));
        assertThat(r.flaggedAttempts()).extracting(QuizReport.FlaggedAttempt::reason,
                QuizReport.FlaggedAttempt::level).containsExactly(org.assertj.core.groups.Tuple.tuple("regular", 1),
                org.assertj.core.groups.Tuple.tuple("fast", 2));
        assertThat(r.warned()).extracting(QuizReport.MemberRow::id).containsExactly("dy-001");
        QuizReport.MemberRow li = r.rows().stream().filter(x -> x.id().equals("dy-001")).findFirst().orElseThrow();
        assertThat(li.points()).isEqualTo(5);
        assertThat(li.flaggedAttempts()).isEqualTo(2);
        assertThat(li.streak()).as("the honest daily quiz of Dec 1").isEqualTo(1);
    }

    @Test
    void report_comparesWithThePreviousPeriod_andCountsStreaks() {
        questions(40);
        Quizzes q = quizzes();
        clock.setBeijing("2026-11-24T09:00");
        dailyQuiz(q, "dy-001", 5);
        for (String day : List.of("2026-11-29", "2026-11-30", "2026-12-01")) {
            clock.setBeijing(day + "T09:00");
            dailyQuiz(q, "dy-002", 5);
        }
        QuizReport r = QuizReport.build(io.shaozi.core.ticket.Fixtures.ORG, store, Optional.of("zb-dfx-1"),
                LocalDate.of(2026, 11, 25), LocalDate.of(2026, 12, 1));
        assertThat(r.participants()).isEqualTo(1);
        assertThat(r.previous().from()).isEqualTo(LocalDate.of(2026, 11, 18));
        assertThat(r.previous().to()).isEqualTo(LocalDate.of(2026, 11, 24));
        assertThat(r.previous().participants()).isEqualTo(1);
        assertThat(r.previous().answered()).isEqualTo(5);
        assertThat(r.answered()).isEqualTo(15);
        assertThat(r.longestStreak()).isEqualTo(3);
        assertThat(r.membersWithStreak()).isEqualTo(1);
        assertThat(r.averagePoints() - r.previous().averagePoints()).as("trend").isPositive();
        assertThat(r.absent()).extracting(QuizReport.MemberRow::id).containsExactly("dy-001");
    }

    @Test
    void studyPoint_isAwardedOnceEvenWhenACrashCutTheFirstCallShort() {
        Quizzes q = quizzes();
        // a crash after the study attempt was written but before its ledger row
        store.create("dy-001", Activity.STUDY, LocalDate.of(2026, 12, 1), 1, clock.instant(), clock.instant(),
                Optional.of("study:5:1:1")).orElseThrow();
        assertThat(q.points("dy-001").total()).isZero();
        assertThat(q.studied("dy-001", "5:1:1", "学习内容")).as("the repeat completes it").isEqualTo(1);
        assertThat(q.studied("dy-001", "5:1:1", "学习内容")).isZero();
        assertThat(q.points("dy-001").total()).isEqualTo(1);
        assertThat(store.open("dy-001")).isEmpty();
        assertThat(q.studied("dy-002", "5:1:1", "学习内容")).as("another member's key is not theirs").isZero();
    }
}
