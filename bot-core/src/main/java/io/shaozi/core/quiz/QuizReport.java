package io.shaozi.core.quiz;

import io.shaozi.core.identity.Org;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The secretary's report of a branch (or of every branch) over days {@code from..to}: who took part, average
 * points a member, accuracy by category, answers flagged as too fast, and the members who did not take part.
 */
public record QuizReport(Optional<String> branch, LocalDate from, LocalDate to, int members, int participants,
                         double participationRate, double averagePoints, List<CategoryAccuracy> accuracy,
                         int flagged, List<MemberRow> rows) {

    /** Answers and correct answers in one category. */
    public record CategoryAccuracy(String category, int answered, int correct) {
        public double accuracy() {
            return answered == 0 ? 0 : (double) correct / answered;
        }
    }

    /** One member's figures. */
    public record MemberRow(String id, String name, String branch, int points, int answered, int correct, int flagged) {
        public boolean tookPart() {
            return answered > 0;
        }
    }

    public List<MemberRow> absent() {
        return rows.stream().filter(r -> !r.tookPart()).toList();
    }

    public static QuizReport build(Org org, QuizStore store, Optional<String> branch, LocalDate from, LocalDate to) {
        Map<String, Integer> points = store.pointsByMember(from, to);
        Map<String, int[]> perMember = new HashMap<>(); // answered, correct, flagged
        Map<String, int[]> perCategory = new TreeMap<>(); // answered, correct
        List<Org.Person> members = org.people().stream().filter(QuizChat::member)
                .filter(p -> branch.isEmpty() || p.branch().equals(branch)).toList();
        java.util.Set<String> ids = new java.util.HashSet<>();
        members.forEach(p -> ids.add(p.id()));
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
        List<MemberRow> rows = new ArrayList<>();
        int sum = 0;
        int flagged = 0;
        int took = 0;
        for (Org.Person p : members) {
            int[] m = perMember.getOrDefault(p.id(), new int[3]);
            int pts = points.getOrDefault(p.id(), 0);
            rows.add(new MemberRow(p.id(), p.name(), p.branch().orElse(""), pts, m[0], m[1], m[2]));
            sum += pts;
            flagged += m[2];
            took += m[0] > 0 ? 1 : 0;
        }
        List<CategoryAccuracy> acc = new ArrayList<>();
        perCategory.forEach((c, v) -> acc.add(new CategoryAccuracy(c, v[0], v[1])));
        int n = members.size();
        return new QuizReport(branch, from, to, n, took, n == 0 ? 0 : (double) took / n, n == 0 ? 0 : (double) sum / n,
                acc, flagged, rows);
    }
}
