package io.shaozi.core.quiz;

import io.shaozi.core.campaign.CampaignRepository;
import io.shaozi.core.campaign.LedgerEntry;
import io.shaozi.core.campaign.StudyListener;
import io.shaozi.core.identity.Org;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Points for studying a pushed learning item: when a ledger row is marked studied for the first time and its
 * recipient is a Party member of the org (an active person with a branch or the member role), 1 point of activity
 * {@code study}, at most {@code quiz.studyCap} a day (the day it was studied), once per ledger row (campaign, run,
 * seq). The listener runs after the ledger update; when the process stops between the two, {@link #backfill} (the
 * recurring job {@link #JOB}) awards the missing point, exactly once.
 */
public final class StudyPoints implements StudyListener {
    /** The recurring job that awards study points a stop cut short. */
    public static final String JOB = "quiz-study-backfill";
    /** How often the job runs. */
    public static final Duration EVERY = Duration.ofMinutes(10);
    /** How far back it looks (rows studied before that are left alone). */
    public static final Duration WINDOW = Duration.ofDays(2);
    /** Rows studied this recently are left to the call in progress. */
    public static final Duration GRACE = Duration.ofMinutes(1);
    private static final int PAGE = 1000;

    private final Quizzes quizzes;
    private final Supplier<Org> org;

    public StudyPoints(Quizzes quizzes, Supplier<Org> org) {
        this.quizzes = quizzes;
        this.org = org;
    }

    @Override
    public void studied(LedgerEntry entry, Instant at) {
        award(entry, entry.studiedAt().orElse(at));
    }

    private int award(LedgerEntry entry, Instant studiedAt) {
        return entry.person().flatMap(id -> org.get().person(id)).filter(QuizChat::member).map(p ->
                quizzes.studied(p.id(), key(entry), "推送的学习内容 " + entry.contentId(), studiedAt)).orElse(0);
    }

    private static String key(LedgerEntry e) {
        return e.campaignId() + ":" + e.run() + ":" + e.seq();
    }

    /** The backfill over the rows studied in the last {@link #WINDOW} (up to {@link #GRACE} ago). */
    public int backfill(CampaignRepository ledger, Clock clock) {
        Instant now = clock.instant();
        return backfill(ledger, now.minus(WINDOW), now.minus(GRACE));
    }

    /**
     * Awards the study point of every ledger row of a Party member studied in {@code [from, to)} whose study record
     * is missing or not settled ({@link Quizzes#studied}): a stop after 已学 was recorded and before its point was.
     * Settled rows (point awarded, or refused by that day's cap) are not touched. Safe to run on several instances
     * at once and alongside live 已学 (the ledger's key holds one point a row). Returns the points awarded.
     */
    public int backfill(CampaignRepository ledger, Instant from, Instant to) {
        int awarded = 0;
        Instant since = from;
        while (true) {
            List<LedgerEntry> page = ledger.studiedBetween(since, to, PAGE);
            List<String> keys = new ArrayList<>();
            page.forEach(e -> keys.add("study:" + key(e)));
            Set<String> settled = keys.isEmpty() ? Set.of() : quizzes.store().settled(keys);
            for (LedgerEntry e : page) {
                if (!settled.contains("study:" + key(e))) {
                    awarded += award(e, e.studiedAt().orElseThrow());
                }
            }
            if (page.size() < PAGE) {
                return awarded;
            }
            Instant last = page.get(page.size() - 1).studiedAt().orElseThrow();
            if (!last.isAfter(since)) {
                return awarded; // a full page studied at one instant: the rest waits for a later run
            }
            since = last;
        }
    }
}
