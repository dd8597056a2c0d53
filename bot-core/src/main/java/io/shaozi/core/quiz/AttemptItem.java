package io.shaozi.core.quiz;

import java.time.Instant;
import java.util.Optional;

/**
 * One question shown in an attempt ({@code seq} from 1): {@code perm} is the member's option order — the shown
 * letter {@code i} (A, B, …) is the bank's option {@code perm.charAt(i)} — stored so the order stays the same on
 * every instance and after a restart. Answered: the shown letters given, the outcome, whether it was flagged as
 * too fast to have been read (then it earns no points).
 */
public record AttemptItem(long attempt, int seq, String member, String questionId, String category, String perm,
                          Instant shownAt, Optional<String> answer, Optional<Outcome> outcome, boolean flagged,
                          Optional<Instant> answeredAt) {
    /** A question just shown, not answered. */
    public static AttemptItem shown(long attempt, int seq, String member, Question q, String perm, Instant at) {
        return new AttemptItem(attempt, seq, member, q.id(), q.category(), perm, at, Optional.empty(),
                Optional.empty(), false, Optional.empty());
    }

    public boolean answered() {
        return outcome.isPresent();
    }
}
