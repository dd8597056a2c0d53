package io.shaozi.nlp;

import java.util.Objects;
import java.util.Optional;

/**
 * The recognized intent with its arguments.
 *
 * @param ticketNumber digits as the user typed them (our numbers have at least 10)
 * @param rating for {@link IntentKind#RATE}
 * @param answer for {@link IntentKind#QUIZ_ANSWER}: "A" to "D"
 * @param text free-text remainder, e.g. the detail after "补充"
 */
public record Intent(IntentKind kind, Optional<String> ticketNumber, Optional<Rating> rating, Optional<String> answer,
        Optional<String> text) {

    public Intent {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(ticketNumber);
        Objects.requireNonNull(rating);
        Objects.requireNonNull(answer);
        Objects.requireNonNull(text);
    }

    static Intent of(IntentKind kind) {
        return new Intent(kind, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
