package io.shaozi.core.quiz;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One question of the bank as written in its CSV: {@code options} are the given options A, B, … in order (a judge
 * question's are 对, 错); {@code answer} is its letters in order ({@code B}, {@code AC}); {@code paraphrases} are
 * other wordings of the stem; after {@code validUntil} (a date, inclusive) the question is out of date.
 */
public record Question(String id, QuestionType type, String stem, List<String> options, String answer,
                       String explanation, String category, List<String> paraphrases, Optional<LocalDate> validUntil) {
    /** The letters of options, in order. */
    public static final String LETTERS = "ABCD";

    public Question {
        options = List.copyOf(options);
        paraphrases = List.copyOf(paraphrases);
    }
}
