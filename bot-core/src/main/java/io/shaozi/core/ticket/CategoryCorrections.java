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

    /**
     * The corrections a change made: one per {@link EventType#RECATEGORIZED} event of {@code log} after version
     * {@code since} (predicted: the category before that event; model version: the OPENED event's).
     */
    static List<Correction> madeAfter(Ticket t, List<TicketEvent> log, int since) {
        String model = log.stream().filter(e -> e.type() == EventType.OPENED).findFirst()
                .map(e -> e.data().getOrDefault(MODEL_VERSION, "")).orElse("");
        return log.stream().filter(e -> e.seq() > since && e.type() == EventType.RECATEGORIZED)
                .map(e -> new Correction(t.number(), t.text(), e.get(Keys.PREVIOUS_CATEGORY), e.get(Keys.CATEGORY), model,
                        e.actor().id(), e.at()))
                .toList();
    }

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
