package io.shaozi.core.quiz;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A 专项答题: the questions of one category, or a list of question ids (asked in that order), for the members of one
 * branch (empty: every member) until {@code deadline}.
 */
public record Topic(String code, String name, Optional<String> category, List<String> questions,
                    Optional<String> branch, Instant deadline, String createdBy, Instant createdAt) {
    /** The most questions of a topic (a category topic asks at most this many of its questions). */
    public static final int MAX_QUESTIONS = 50;

    public Topic {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        questions = List.copyOf(questions);
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(deadline, "deadline");
        if (category.isPresent() == !questions.isEmpty()) {
            throw new IllegalArgumentException("a topic has a category or a list of questions, not both or neither");
        }
    }

    /** Open to this member's branch at {@code now}. */
    public boolean openTo(Optional<String> memberBranch, Instant now) {
        return now.isBefore(deadline) && (branch.isEmpty() || branch.equals(memberBranch));
    }

    /** The attempt dedupe key of a member's attempt at this topic. */
    public String attemptKey(String member) {
        return "topic:" + code + ":" + member;
    }

    /** The topic code of an attempt's dedupe key ({@link #attemptKey}). */
    static Optional<String> codeOf(Optional<String> dedupe) {
        return dedupe.filter(d -> d.startsWith("topic:") && d.indexOf(':', 6) > 6)
                .map(d -> d.substring(6, d.indexOf(':', 6)));
    }
}
