package io.shaozi.core.quiz;

import java.time.Instant;
import java.util.Optional;

/** A question as the bank keeps it: retired questions stay, with the time they were retired. */
public record StoredQuestion(Question question, Optional<Instant> retiredAt, Instant updatedAt) {
    public boolean retired() {
        return retiredAt.isPresent();
    }
}
