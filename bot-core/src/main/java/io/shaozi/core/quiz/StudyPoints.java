package io.shaozi.core.quiz;

import io.shaozi.core.campaign.LedgerEntry;
import io.shaozi.core.campaign.StudyListener;
import io.shaozi.core.identity.Org;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Points for studying a pushed learning item: when a ledger row is marked studied for the first time and its
 * recipient is a Party member of the org (an active person with a branch or the member role), 1 point of activity
 * {@code study}, at most {@code quiz.studyCap} a day, once per ledger row (campaign, run, seq).
 */
public final class StudyPoints implements StudyListener {
    private final Quizzes quizzes;
    private final Supplier<Org> org;

    public StudyPoints(Quizzes quizzes, Supplier<Org> org) {
        this.quizzes = quizzes;
        this.org = org;
    }

    @Override
    public void studied(LedgerEntry entry, Instant at) {
        entry.person().flatMap(id -> org.get().person(id)).filter(QuizChat::member).ifPresent(p ->
                quizzes.studied(p.id(), entry.campaignId() + ":" + entry.run() + ":" + entry.seq(),
                        "推送的学习内容 " + entry.contentId()));
    }
}
