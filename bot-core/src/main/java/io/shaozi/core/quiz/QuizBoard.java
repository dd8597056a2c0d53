package io.shaozi.core.quiz;

import io.shaozi.core.identity.Org;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cross-branch board: branches (of one committee and the committees under it, or all) ranked by average points
 * a member over days {@code from..to}; members without points count in the average (as 0). Ties: more members
 * first, then by branch code.
 */
public record QuizBoard(Optional<String> committee, LocalDate from, LocalDate to, List<Row> rows) {
    public QuizBoard {
        rows = List.copyOf(rows);
    }

    /** One branch: its rank (1-based; equal averages share a rank), members, points, average points a member. */
    public record Row(int rank, String branch, String name, String committee, int members, int points,
                      double average) {
    }

    public static QuizBoard build(Org org, QuizStore store, Optional<String> committee, LocalDate from, LocalDate to) {
        Set<String> committees = new HashSet<>();
        committee.ifPresent(c -> {
            committees.add(c);
            boolean grew = true;
            while (grew) {
                grew = false;
                for (Org.Committee x : org.committees()) {
                    if (committees.contains(x.parent()) && committees.add(x.code())) {
                        grew = true;
                    }
                }
            }
        });
        Map<String, Integer> points = store.pointsByMember(from, to);
        Map<String, int[]> perBranch = new HashMap<>(); // members, points
        for (Org.Person p : org.people()) {
            if (QuizChat.member(p) && p.branch().isPresent()) {
                int[] b = perBranch.computeIfAbsent(p.branch().get(), k -> new int[2]);
                b[0]++;
                b[1] += points.getOrDefault(p.id(), 0);
            }
        }
        record Pre(Org.Branch b, int members, int points, double average) {
        }
        List<Pre> pre = new ArrayList<>();
        for (Org.Branch b : org.branches()) {
            if (committee.isPresent() && !committees.contains(b.committee())) {
                continue;
            }
            int[] v = perBranch.getOrDefault(b.code(), new int[2]);
            pre.add(new Pre(b, v[0], v[1], v[0] == 0 ? 0 : (double) v[1] / v[0]));
        }
        pre.sort(Comparator.comparingDouble(Pre::average).reversed()
                .thenComparing(Comparator.comparingInt(Pre::members).reversed())
                .thenComparing(x -> x.b().code()));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < pre.size(); i++) {
            Pre x = pre.get(i);
            int rank = i > 0 && pre.get(i - 1).average() == x.average() ? rows.get(i - 1).rank() : i + 1;
            rows.add(new Row(rank, x.b().code(), x.b().name(), x.b().committee(), x.members(), x.points(),
                    x.average()));
        }
        return new QuizBoard(committee, from, to, rows);
    }
}
