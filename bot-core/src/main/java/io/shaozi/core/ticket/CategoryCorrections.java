package io.shaozi.core.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Dispatchers' category corrections (改派 with a new category, or an explicit correction): the request text with the
 * label a person chose instead of the classifier's, kept as training data for {@code ./bot train --from-store}.
 */
public interface CategoryCorrections {

    /** The OPENED event's data key for the version of the model that classified the request. */
    String MODEL_VERSION = "modelVersion";

    /**
     * One correction.
     *
     * @param predicted    the category the ticket had (the classifier's, or an earlier correction's)
     * @param modelVersion version of the model that classified the request ("" when unknown)
     */
    record Correction(String ticket, String text, String predicted, String corrected, String modelVersion,
                      String correctedBy, Instant at) {
        public Correction {
            Objects.requireNonNull(ticket, "ticket");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(predicted, "predicted");
            Objects.requireNonNull(corrected, "corrected");
            Objects.requireNonNull(modelVersion, "modelVersion");
            Objects.requireNonNull(correctedBy, "correctedBy");
            Objects.requireNonNull(at, "at");
        }
    }

    void record(Correction c);

    /** Every correction, oldest first. */
    List<Correction> all();

    /** Records nothing (tests and tools without a store). */
    CategoryCorrections NONE = new CategoryCorrections() {
        @Override
        public void record(Correction c) {
        }

        @Override
        public List<Correction> all() {
            return List.of();
        }
    };
}
