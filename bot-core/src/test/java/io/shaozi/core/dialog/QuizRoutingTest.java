package io.shaozi.core.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.ChannelRegistry;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.quiz.QuestionBank;
import io.shaozi.core.quiz.QuizChat;
import io.shaozi.core.quiz.Quizzes;
import io.shaozi.core.store.QuestionJdbc;
import io.shaozi.core.store.QuizJdbc;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Quiz commands reach the quiz from anyone (non-members are told it is for members); a member's letters reach it
 * only while a question waits for them; everything else still goes to the resident (or cadre) dialog.
 */
class QuizRoutingTest {
    private final TestDatabases.Handle db = TestDatabases.h2();
    private final MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
    private final List<Inbound> toResidents = new ArrayList<>();
    private final DialogRouter router;
    private final java.util.concurrent.atomic.AtomicReference<io.shaozi.core.identity.Org> org =
            new java.util.concurrent.atomic.AtomicReference<>(Fixtures.ORG);
    private final QuizJdbc store;

    QuizRoutingTest() {
        QuestionBank bank = QuestionBank.open(new QuestionJdbc(db.db().dataSource()), clock, true);
        store = new QuizJdbc(db.db().dataSource());
        Quizzes quizzes = new Quizzes(bank, store, Quizzes.Settings.defaults(), clock,
                new Random(3));
        Bot residents = in -> {
            toResidents.add(in);
            return List.of(new Outbound.Text("resident dialog"));
        };
        router = new DialogRouter(residents, null, org::get, clock, false, true, ChannelRegistry.builtIn(),
                Optional.empty(), Optional.of(new QuizChat(quizzes, clock)));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String say(String user, String text) {
        Inbound in = new Inbound.Text(new Origin(Channel.WECOM, "gov", user, "m" + System.nanoTime(), Instant.EPOCH),
                text);
        return router.reply(in).stream().map(o -> ((Outbound.Text) o).text()).reduce((x, y) -> x + "\n" + y).orElse("");
    }

    @Test
    void quizCommands_goToTheQuiz_lettersOnlyWhileAQuestionWaits() {
        assertThat(say("someone-else", "答题")).isEqualTo(QuizChat.MEMBERS_ONLY);
        assertThat(say("someone-else", "积分")).isEqualTo(QuizChat.MEMBERS_ONLY);
        assertThat(toResidents).isEmpty();
        assertThat(say("liming", "A")).as("no question open").isEqualTo("resident dialog");
        assertThat(say("liming", "答题")).contains("【每日答题 第1/5题");
        assertThat(say("liming", "帮助")).isEqualTo("resident dialog");
        clock.advance(Duration.ofSeconds(10));
        assertThat(say("liming", "ａ")).contains("正确答案：").contains("【每日答题 第2/5题");
        assertThat(say("someone-else", "A")).isEqualTo("resident dialog");
        assertThat(toResidents).hasSize(3);
    }

    @Test
    void aQuestion_isAMessageOfItsOwn_stemThenOneOptionPerLine() {
        List<Outbound> replies = router.reply(new Inbound.Text(new Origin(Channel.WECOM, "gov", "liming", "q1",
                Instant.EPOCH), "答题"));
        assertThat(replies).hasSize(2);
        String[] lines = ((Outbound.Text) replies.get(1)).text().split("\n");
        assertThat(lines[0]).doesNotStartWith("【").isNotBlank();
        assertThat(lines[1]).startsWith("A. ");
        assertThat(lines[2]).startsWith("B. ");
        assertThat(lines[lines.length - 1]).startsWith("【每日答题 第1/5题·");
    }

    @Test
    void aCadreInABranch_takesQuizzesToo() {
        assertThat(say("wangjianguo", "挑战")).contains("【挑战答题 第1题"); // street cadre, branch zb-jd-jg
        clock.advance(Duration.ofSeconds(10));
        assertThat(say("wangjianguo", "Z")).startsWith("没有选项“Z”");
        assertThat(toResidents).isEmpty();
    }

    @Test
    void aMemberWhoLeft_midQuiz_isToldQuizzesAreForMembers_andTheLedgerIsUntouched() {
        assertThat(say("liming", "答题")).contains("【每日答题 第1/5题");
        clock.advance(Duration.ofSeconds(12));
        say("liming", "A");
        java.time.LocalDate today = Quizzes.day(clock.instant());
        int before = store.points("dy-001", Optional.empty(), today, today);
        io.shaozi.core.identity.Org o = org.get();
        org.set(o.withPeople(o.people().stream().map(p -> p.id().equals("dy-001") ? p.deactivated(clock.instant()) : p)
                .toList()));
        clock.advance(Duration.ofSeconds(9));
        assertThat(say("liming", "答题")).isEqualTo(QuizChat.MEMBERS_ONLY);
        assertThat(say("liming", "B")).as("no longer read as an answer").isEqualTo("resident dialog");
        assertThat(store.points("dy-001", Optional.empty(), today, today)).isEqualTo(before);
        assertThat(store.current("dy-001").orElseThrow().seq()).as("the open question stays unanswered").isEqualTo(2);
    }

    @Test
    void aLetterAfterTheQuizExpired_isToldItExpired_andEarnsNothing() {
        assertThat(say("liming", "挑战")).contains("【挑战答题 第1题");
        clock.advance(Duration.ofMinutes(31));
        assertThat(say("liming", "a")).startsWith("这道题已过期").contains("挑战答题");
        java.time.LocalDate today = Quizzes.day(clock.instant());
        assertThat(store.points("dy-001", Optional.empty(), today, today)).isZero();
        clock.advance(Duration.ofHours(3));
        assertThat(say("liming", "a")).as("long after: not a quiz answer").isEqualTo("resident dialog");
    }
}
