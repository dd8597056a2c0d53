package io.shaozi.core.quiz;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.identity.Org;
import io.shaozi.core.push.Outbox;
import io.shaozi.core.push.OutboxMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The 每日一题 push (job {@value #JOB}, working days at {@code quiz.dailyAt}): one question, answerable in chat,
 * through the outbox to every member who opted in ({@code 订阅答题}) and has an alert address. Once a member a day:
 * the day's question is one attempt per member (dedupe key) and its outbox row has the dedupe key
 * {@code quiz-daily:<member>:<date>}, so a run taken over by another instance queues nothing twice.
 */
public final class DailyPush {
    public static final String JOB = "quiz-daily-push";
    private final Quizzes quizzes;
    private final QuizChat chat;
    private final Supplier<Org> org;
    private final Outbox outbox;

    public DailyPush(Quizzes quizzes, QuizChat chat, Supplier<Org> org, Outbox outbox) {
        this.quizzes = quizzes;
        this.chat = chat;
        this.org = org;
        this.outbox = outbox;
    }

    /** Pushes the question of the day of {@code due} (Beijing); returns how many were queued now. */
    public int run(Instant due) {
        LocalDate day = Quizzes.day(due);
        Set<String> subscribers = quizzes.store().subscribers();
        int queued = 0;
        for (Org.Person p : org.get().people()) {
            if (!QuizChat.member(p) || !subscribers.contains(p.id()) || p.alerts().isEmpty()) {
                continue;
            }
            Optional<Quizzes.Shown> s = quizzes.startPushed(p.id(), day);
            if (s.isEmpty() || s.get().item().answered()) {
                continue;
            }
            Org.Notify n = p.alerts().get();
            if (outbox.enqueue(new OutboxMessage(Channel.of(n.channel()), n.account(), n.recipient(),
                    new Outbound.Text(chat.render(s.get()) + "\n答完回复“答题”开始今天的每日答题。\n（回复“退订答题”不再接收）"),
                    Optional.of("quiz-daily:" + p.id() + ":" + day)))) {
                queued++;
            }
        }
        return queued;
    }
}
