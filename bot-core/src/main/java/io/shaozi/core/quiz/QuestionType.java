package io.shaozi.core.quiz;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a question is answered: one letter ({@code single}), two or more ({@code multi}), 对/错 ({@code judge}). */
public enum QuestionType {
    SINGLE, MULTI, JUDGE;

    /** The CSV and JSON spelling: {@code single}, {@code multi}, {@code judge}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<QuestionType> parse(String code) {
        return Arrays.stream(values()).filter(t -> t.code().equals(code)).findFirst();
    }
}
