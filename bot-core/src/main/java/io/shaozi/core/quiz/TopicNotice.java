package io.shaozi.core.quiz;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.identity.Org;
import io.shaozi.core.push.Outbox;
import io.shaozi.core.push.OutboxMessage;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Tells the members a newly published 专项答题 is for (its branch's, or every member's for a street-wide topic) that it
 * is there and when it is due: one-off job {@value #JOB} scheduled when the topic is created, through the outbox to
 * the members who opted in ({@code 订阅答题}) and have an address. The outbox key
 * {@code quiz-topic:<code>:<member>} makes a run that is taken over or repeated queue nobody twice; a topic that is
 * gone, or past its deadline, is announced to nobody.
 */
public final class TopicNotice {
    public static final String JOB = "quiz-topic-notice";
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("M月d日HH:mm")
            .withZone(ZoneId.of("Asia/Shanghai"));
    private final Quizzes quizzes;
    private final Supplier<Org> org;
    private final Outbox outbox;
    private final Clock clock;

    public TopicNotice(Quizzes quizzes, Supplier<Org> org, Outbox outbox, Clock clock) {
        this.quizzes = quizzes;
        this.org = org;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Announces topic {@code code}; returns how many notices were queued now. */
    public int announce(String code) {
        Optional<Topic> found = quizzes.topics().find(code);
        if (found.isEmpty() || !found.get().deadline().isAfter(clock.instant())) {
            return 0;
        }
        Topic t = found.get();
        Set<String> subscribers = quizzes.store().subscribers();
        String text = "【专项答题】" + t.name() + "\n截止：" + DUE.format(t.deadline()) + "\n回复“专项 " + t.code()
                + "”开始作答，回复“专项”查看全部专项。\n（回复“退订答题”不再接收）";
        int queued = 0;
        for (Org.Person p : org.get().people()) {
            if (!QuizChat.member(p) || !subscribers.contains(p.id()) || p.alerts().isEmpty()
                    || t.branch().isPresent() && !t.branch().equals(p.branch())) {
                continue;
            }
            Org.Notify n = p.alerts().get();
            if (outbox.enqueue(new OutboxMessage(Channel.of(n.channel()), n.account(), n.recipient(),
                    new Outbound.Text(text), Optional.of("quiz-topic:" + t.code() + ":" + p.id())))) {
                queued++;
            }
        }
        return queued;
    }
}
