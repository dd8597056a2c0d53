package io.shaozi.core.quiz;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where the bank's questions live ({@code store.QuestionJdbc}). */
public interface QuestionStore {
    /** Who wrote a question: the shipped sample bank, or an operator's import. */
    enum Origin { SAMPLE, IMPORT }

    /**
     * Inserts or updates {@code questions} by id in one transaction, all or none. Never changes whether a question is
     * retired. With {@link Origin#SAMPLE}, a question an operator imported under the same id is left as it is.
     */
    void upsert(List<Question> questions, Origin origin, Instant at);

    /** Retires a question (idempotent); false when there is no such question. */
    boolean retire(String id, Instant at);

    Optional<StoredQuestion> find(String id);

    /** Questions by category then id, at most {@code size}; {@code retired}: empty = both, else only that state. */
    List<StoredQuestion> list(Optional<String> category, Optional<Boolean> retired, int size);
}
