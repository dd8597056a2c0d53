package io.shaozi.nlp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The department-level category of a message.
 *
 * @param label one of {@link CategoryModel#CATEGORIES}
 * @param confidence calibrated probability of {@code label}; at least 0.95 when an operator rule decided
 * @param unsure true when {@code confidence} is below the configured threshold: ask or route to a person
 * @param top the three most probable labels, best first
 * @param subcategory the finer category of the operator rule that matched, if any
 * @param slaClass the SLA class (from categories.yaml)
 *
 * <p>No department: which department handles a category or subcategory is the organisation's business (the duty
 * lists of bot-core's {@code org.yaml}), not the text's.
 */
public record Category(String label, double confidence, boolean unsure, List<LabelProbability> top,
        Optional<String> subcategory, String slaClass) {

    public Category {
        Objects.requireNonNull(label);
        top = List.copyOf(top);
        Objects.requireNonNull(subcategory);
        Objects.requireNonNull(slaClass);
    }

    /** A label with its probability. */
    public record LabelProbability(String label, double probability) {}
}
