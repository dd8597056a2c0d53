package io.shaozi.nlp;

import java.util.Objects;
import java.util.Optional;

/**
 * The urgency of a message with the cue that decided it (e.g. "燃气泄漏") and, for emergencies, a safety hint in
 * Chinese for the resident.
 */
public record UrgencyAssessment(Urgency level, Optional<String> cue, Optional<String> safetyHint) {

    public UrgencyAssessment {
        Objects.requireNonNull(level);
        Objects.requireNonNull(cue);
        Objects.requireNonNull(safetyHint);
    }

    static final UrgencyAssessment NORMAL = new UrgencyAssessment(Urgency.NORMAL, Optional.empty(), Optional.empty());
}
