package io.shaozi.core.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where attempts, the questions shown in them, the points ledger and 每日一题 opt-ins live ({@code store.QuizJdbc}). */
public interface QuizStore {
    /** Creates an open attempt; empty when its dedupe key is taken (the attempt exists already). */
    Optional<Attempt> create(String member, Activity activity, LocalDate day, int planned, Instant at,
                             Instant expiresAt, Optional<String> dedupe);

    Optional<Attempt> attempt(long id);

    Optional<Attempt> attemptByDedupe(String dedupe);

    /** The member's open attempts, newest first. */
    List<Attempt> open(String member);

    /** Marks the member's open attempts whose time ran out ({@code expiresAt <= now}) as expired. */
    int expire(String member, Instant now);

    /** Records a question shown (idempotent per attempt and seq) and moves the attempt's expiry. */
    void show(AttemptItem item, Instant expiresAt);

    /** The questions shown in an attempt, by seq. */
    List<AttemptItem> items(long attempt);

    /** The question waiting for the member's answer: the last shown, unanswered one of an open attempt. */
    Optional<AttemptItem> current(String member);

    /** Records the answer once: false when the question was answered already (a repeated delivery). */
    boolean answer(long attempt, int seq, String letters, Outcome outcome, boolean flagged, Instant at);

    /** Marks an open attempt done. */
    void finish(long attempt, Instant at);

    /**
     * Marks an attempt done whatever its status (open, or expired by {@link #expire} meanwhile): a study record once
     * its point is settled ({@link Quizzes#studied}).
     */
    void settle(long attempt, Instant at);

    /** Of these dedupe keys, those whose attempt is done (a study record settled). */
    Set<String> settled(java.util.Collection<String> dedupes);

    /**
     * These members' attempts at the 专项答题 {@code code} (dedupe {@code topic:<code>:<member>}; a member without one
     * is absent), with how many of its questions were answered and answered right.
     */
    List<TopicResult> topicResults(String code, java.util.Collection<String> members);

    /** A member's attempt at a topic: its status, whether fair play flagged it, answered and correct answers. */
    record TopicResult(String member, Attempt.Status status, boolean flagged, int answered, int correct,
                       java.util.Optional<java.time.Instant> finishedAt) {
    }

    /** Marks an open attempt expired (quit, or replaced by another): it does not count as a finished quiz. */
    void abandon(long attempt, Instant at);

    /** The member's latest daily quiz, challenge or topic attempt that expired (or was quit) at or after {@code since}. */
    Optional<Attempt> lastExpired(String member, Instant since);

    /** Every question ever shown to the member. */
    Set<String> asked(String member);

    /** How many questions the member answered wrong (or too late), by category. */
    Map<String, Integer> wrongByCategory(String member);

    /** Appends to the ledger; false when this attempt and seq earned points already. */
    boolean award(PointsEntry e);

    /** The points an attempt earned (its answers and its streak bonus). */
    int pointsOfAttempt(long attempt);

    /** The member's points on days {@code from..to} (inclusive), of one activity or all. */
    int points(String member, Optional<Activity> activity, LocalDate from, LocalDate to);

    /** Everyone's points on days {@code from..to} (inclusive), by member (members without points are absent). */
    Map<String, Integer> pointsByMember(LocalDate from, LocalDate to);

    /** The days since {@code since} (inclusive) on which the member finished a daily quiz. */
    Set<LocalDate> dailyDone(String member, LocalDate since);

    /** Answers given on days {@code from..to} (inclusive, Beijing), counted by member, category, outcome, flagged. */
    List<AnswerCount> answerCounts(LocalDate from, LocalDate to);

    /** A count of answers of one member, category, outcome and flag. */
    record AnswerCount(String member, String category, Outcome outcome, boolean flagged, int count) {
    }

    /**
     * Flags an attempt once (fair play): records why and the warning level given; false when it was flagged already.
     */
    boolean flag(long attempt, String reason, int level, Instant at);

    /** How many of the member's attempts were flagged at or after {@code since}. */
    int flaggedSince(String member, Instant since);

    /** Attempts begun on days {@code from..to} (inclusive) that were flagged, oldest first. */
    List<Flagged> flagged(LocalDate from, LocalDate to);

    /** A flagged attempt: whose, which activity and day, why, the warning level given. */
    record Flagged(long attempt, String member, Activity activity, LocalDate day, String reason, int level,
                   Instant at) {
    }

    /** Per member, the days in {@code from..to} (inclusive) on which they finished a daily quiz. */
    Map<String, Set<LocalDate>> dailyDoneByMember(LocalDate from, LocalDate to);

    /** Opts a member in to (or out of) the daily pushed question. */
    void subscribe(String member, boolean on, Instant at);

    boolean subscribed(String member);

    /** Members opted in to the daily pushed question. */
    Set<String> subscribers();
}
