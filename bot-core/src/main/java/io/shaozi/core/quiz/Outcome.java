package io.shaozi.core.quiz;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How one shown question ended: answered right, answered wrong, or answered after its time limit. */
public enum Outcome {
    CORRECT, WRONG, TIMEOUT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Outcome> parse(String code) {
        return Arrays.stream(values()).filter(o -> o.code().equals(code)).findFirst();
    }
}
