package io.shaozi.core.campaign;

import java.time.Instant;

/**
 * Told when a ledger row is marked studied for the first time (已学 in chat or on the read page); the quizzes give
 * Party members points for it ({@code quiz.StudyPoints}). Called after the ledger update, at most once a row.
 */
@FunctionalInterface
public interface StudyListener {
    void studied(LedgerEntry entry, Instant at);

    /** Does nothing. */
    static StudyListener none() {
        return (entry, at) -> { };
    }
}
