package io.shaozi.core.quiz;

import io.shaozi.core.identity.Org;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The secretary's report of a branch (or of every branch) over days {@code from..to}: who took part, average
 * points a member, accuracy by category, streaks (连续答题天数 as of {@code to}), the same figures for the period of
 * the same length just before ({@code previous}, for the trend), answers and attempts flagged by fair play with the
 * warning each member got, the members who did not take part, and how far each 专项答题 open in the period got
 * ({@link TopicCompletion}). Members are the org's current Party members (a member who left the branch is no longer
 * in its report; their answers stay in the store).
 */
public record QuizReport(Optional<String> branch, LocalDate from, LocalDate to, int members, int participants,
                         double participationRate, double averagePoints, List<CategoryAccuracy> accuracy,
                         int flagged, List<MemberRow> rows, Period previous, List<FlaggedAttempt> flaggedAttempts,
                         List<TopicCompletion> topics) {

    /**
     * One 专项答题 open at some time in the period (published before its end, deadline after its start) for the
     * report's members: of the {@code members} it is for (its branch's, or all when it is for every branch), how many
     * completed it (answered every question), are still in it, and the rest, with the average correct and answered
     * questions and the accuracy of those who completed it; {@code closed}: the deadline has passed, so
     * {@link #notCompleted} did not complete it before the deadline.
     */
    public record TopicCompletion(String code, String name, Optional<String> branch, java.time.Instant deadline,
                                  boolean closed, int members, int completed, int inProgress, int flagged,
                                  int answered, int correct, List<TopicMember> notCompleted) {
        public double completionRate() {
            return members == 0 ? 0 : (double) completed / members;
        }

        /** Correct answers a member who completed it (their score). */
        public double averageCorrect() {
            return completed == 0 ? 0 : (double) correct / completed;
        }

        /** Questions a member who completed it answered. */
        public double averageAnswered() {
            return completed == 0 ? 0 : (double) answered / completed;
        }

        public double accuracy() {
            return answered == 0 ? 0 : (double) correct / answered;
        }
    }

    /**
     * A member who has not completed a topic: {@code state} {@code none} (not started), {@code open} (started, not
     * finished), {@code expired} (started, then quit or timed out) or {@code late} (finished after the deadline), and how
     * many questions they answered.
     */
    public record TopicMember(String id, String name, String branch, String state, int answered) {
    }

    /** Answers and correct answers in one category. */
    public record CategoryAccuracy(String category, int answered, int correct) {
        public double accuracy() {
            return answered == 0 ? 0 : (double) correct / answered;
        }
    }

    /**
     * One member's figures: points (net of fair-play reversals), answers, correct answers, answers flagged,
     * attempts flagged, the strongest warning given (0 none, 1 gentle, 2 strong) and the streak as of {@code to}.
     */
    public record MemberRow(String id, String name, String branch, int points, int answered, int correct, int flagged,
                            int flaggedAttempts, int warning, int streak) {
        public boolean tookPart() {
            return answered > 0;
        }
    }

    /** The headline figures of a period (the previous one, for the trend). */
    public record Period(LocalDate from, LocalDate to, int members, int participants, double participationRate,
                         double averagePoints, int answered, int correct) {
        public double accuracy() {
            return answered == 0 ? 0 : (double) correct / answered;
        }
    }

    /** An attempt fair play flagged, with its member's name. */
    public record FlaggedAttempt(long attempt, String member, String name, Activity activity, LocalDate day,
                                 String reason, int level) {
    }

    public List<MemberRow> absent() {
        return rows.stream().filter(r -> !r.tookPart()).toList();
    }

    /** Answers and correct answers over every category. */
    public int answered() {
        return accuracy.stream().mapToInt(CategoryAccuracy::answered).sum();
    }

    public int correct() {
        return accuracy.stream().mapToInt(CategoryAccuracy::correct).sum();
    }

    public double overallAccuracy() {
        return answered() == 0 ? 0 : (double) correct() / answered();
    }

    /** The mean streak of the members, the longest, and how many have one. */
    public double averageStreak() {
        return rows.isEmpty() ? 0 : rows.stream().mapToInt(MemberRow::streak).average().orElse(0);
    }

    public int longestStreak() {
        return rows.stream().mapToInt(MemberRow::streak).max().orElse(0);
    }

    public int membersWithStreak() {
        return (int) rows.stream().filter(r -> r.streak() > 0).count();
    }

    /** Members who were given the strong (repeat) warning in the period. */
    public List<MemberRow> warned() {
        return rows.stream().filter(r -> r.warning() >= 2).toList();
    }

    public static QuizReport build(Org org, QuizStore store, Optional<String> branch, LocalDate from, LocalDate to) {
        return build(org, store, TopicStore.none(), branch, from, to,
                to.plusDays(1).atStartOfDay(io.shaozi.core.schedule.Schedule.ZONE).toInstant());
    }

    /** The report, with the completion of the topics of {@code topics} ({@code now}: which deadlines have passed). */
    public static QuizReport build(Org org, QuizStore store, TopicStore topics, Optional<String> branch,
                                   LocalDate from, LocalDate to, java.time.Instant now) {
        List<Org.Person> members = org.people().stream().filter(QuizChat::member)
                .filter(p -> branch.isEmpty() || p.branch().equals(branch)).toList();
        Set<String> ids = new HashSet<>();
        members.forEach(p -> ids.add(p.id()));
        Map<String, String> names = new HashMap<>();
        members.forEach(p -> names.put(p.id(), p.name()));

        Map<String, Integer> points = store.pointsByMember(from, to);
        Map<String, int[]> perMember = new HashMap<>(); // answered, correct, flagged
        Map<String, int[]> perCategory = new TreeMap<>(); // answered, correct
        count(store, ids, from, to, perMember, perCategory);
        Map<String, int[]> flagsByMember = new HashMap<>(); // attempts, strongest level
        List<FlaggedAttempt> flaggedAttempts = new ArrayList<>();
        for (QuizStore.Flagged f : store.flagged(from, to)) {
            if (ids.contains(f.member())) {
                flaggedAttempts.add(new FlaggedAttempt(f.attempt(), f.member(), names.get(f.member()), f.activity(),
                        f.day(), f.reason(), f.level()));
                int[] x = flagsByMember.computeIfAbsent(f.member(), k -> new int[2]);
                x[0]++;
                x[1] = Math.max(x[1], f.level());
            }
        }
        Map<String, Set<LocalDate>> done = store.dailyDoneByMember(to.minusDays(400), to);
        List<MemberRow> rows = new ArrayList<>();
        int sum = 0;
        int flagged = 0;
        int took = 0;
        for (Org.Person p : members) {
            int[] m = perMember.getOrDefault(p.id(), new int[3]);
            int[] f = flagsByMember.getOrDefault(p.id(), new int[2]);
            int pts = points.getOrDefault(p.id(), 0);
            rows.add(new MemberRow(p.id(), p.name(), p.branch().orElse(""), pts, m[0], m[1], m[2], f[0], f[1],
                    streak(done.getOrDefault(p.id(), Set.of()), to)));
            sum += pts;
            flagged += m[2];
            took += m[0] > 0 ? 1 : 0;
        }
        List<CategoryAccuracy> acc = new ArrayList<>();
        perCategory.forEach((c, v) -> acc.add(new CategoryAccuracy(c, v[0], v[1])));
        int n = members.size();
        return new QuizReport(branch, from, to, n, took, n == 0 ? 0 : (double) took / n, n == 0 ? 0 : (double) sum / n,
                acc, flagged, rows, previous(store, ids, from, to), flaggedAttempts,
                topics(store, topics, members, branch, from, to, now));
    }

    /** The most topics a report lists. */
    static final int MAX_TOPICS = 100;

    private static List<TopicCompletion> topics(QuizStore store, TopicStore topics, List<Org.Person> members,
                                                Optional<String> branch, LocalDate from, LocalDate to,
                                                java.time.Instant now) {
        java.time.Instant start = from.atStartOfDay(io.shaozi.core.schedule.Schedule.ZONE).toInstant();
        java.time.Instant end = to.plusDays(1).atStartOfDay(io.shaozi.core.schedule.Schedule.ZONE).toInstant();
        List<TopicCompletion> out = new ArrayList<>();
        for (Topic t : topics.list(500)) {
            if (out.size() == MAX_TOPICS) {
                break;
            }
            if (!t.createdAt().isBefore(end) || !t.deadline().isAfter(start)) {
                continue; // not open in the period
            }
            if (branch.isPresent() && t.branch().isPresent() && !t.branch().equals(branch)) {
                continue; // another branch's topic
            }
            List<Org.Person> forWhom = members.stream()
                    .filter(p -> t.branch().isEmpty() || t.branch().equals(p.branch())).toList();
            Map<String, QuizStore.TopicResult> results = new HashMap<>();
            for (QuizStore.TopicResult r : store.topicResults(t.code(), forWhom.stream().map(Org.Person::id).toList())) {
                results.put(r.member(), r);
            }
            int completed = 0;
            int open = 0;
            int flagged = 0;
            int answered = 0;
            int correct = 0;
            List<TopicMember> notCompleted = new ArrayList<>();
            for (Org.Person p : forWhom) {
                QuizStore.TopicResult r = results.get(p.id());
                // finished after the deadline: not completed (shown as 逾期完成)
                boolean late = r != null && r.finishedAt().filter(f -> f.isAfter(t.deadline())).isPresent();
                if (r != null && r.status() == Attempt.Status.DONE && !late) {
                    completed++;
                    flagged += r.flagged() ? 1 : 0;
                    answered += r.answered();
                    correct += r.correct();
                    continue;
                }
                open += r != null && r.status() == Attempt.Status.OPEN ? 1 : 0;
                notCompleted.add(new TopicMember(p.id(), p.name(), p.branch().orElse(""),
                        r == null ? "none" : r.status() == Attempt.Status.DONE ? "late"
                                : r.status().name().toLowerCase(java.util.Locale.ROOT),
                        r == null ? 0 : r.answered()));
            }
            out.add(new TopicCompletion(t.code(), t.name(), t.branch(), t.deadline(), !now.isBefore(t.deadline()),
                    forWhom.size(), completed, open, flagged, answered, correct, notCompleted));
        }
        return out;
    }

    /** The period of the same length ending the day before {@code from}, over the same members. */
    private static Period previous(QuizStore store, Set<String> ids, LocalDate from, LocalDate to) {
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        LocalDate pTo = from.minusDays(1);
        LocalDate pFrom = from.minusDays(days);
        Map<String, int[]> perMember = new HashMap<>();
        Map<String, int[]> perCategory = new HashMap<>();
        count(store, ids, pFrom, pTo, perMember, perCategory);
        int sum = 0;
        for (Map.Entry<String, Integer> e : store.pointsByMember(pFrom, pTo).entrySet()) {
            if (ids.contains(e.getKey())) {
                sum += e.getValue();
            }
        }
        int took = (int) perMember.values().stream().filter(m -> m[0] > 0).count();
        int answered = perCategory.values().stream().mapToInt(v -> v[0]).sum();
        int correct = perCategory.values().stream().mapToInt(v -> v[1]).sum();
        int n = ids.size();
        return new Period(pFrom, pTo, n, took, n == 0 ? 0 : (double) took / n, n == 0 ? 0 : (double) sum / n,
                answered, correct);
    }

    private static void count(QuizStore store, Set<String> ids, LocalDate from, LocalDate to,
                              Map<String, int[]> perMember, Map<String, int[]> perCategory) {
        for (QuizStore.AnswerCount c : store.answerCounts(from, to)) {
            if (!ids.contains(c.member())) {
                continue;
            }
            int[] m = perMember.computeIfAbsent(c.member(), k -> new int[3]);
            int[] k = perCategory.computeIfAbsent(c.category(), x -> new int[2]);
            m[0] += c.count();
            k[0] += c.count();
            if (c.outcome() == Outcome.CORRECT) {
                m[1] += c.count();
                k[1] += c.count();
            }
            if (c.flagged()) {
                m[2] += c.count();
            }
        }
    }

    /** Consecutive days with a finished (unflagged) daily quiz up to {@code to}, or up to the day before. */
    static int streak(Set<LocalDate> done, LocalDate to) {
        LocalDate d = done.contains(to) ? to : to.minusDays(1);
        int n = 0;
        while (done.contains(d)) {
            n++;
            d = d.minusDays(1);
        }
        return n;
    }
}
