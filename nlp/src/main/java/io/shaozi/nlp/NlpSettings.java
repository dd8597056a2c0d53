package io.shaozi.nlp;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to load a {@link TextAnalyzer}: an optional model file and categories YAML overriding the classpath
 * defaults, and the confidence below which a category is "unsure".
 */
public record NlpSettings(Optional<Path> model, Optional<Path> categoriesYaml, double unsureThreshold) {

    public static final double DEFAULT_UNSURE_THRESHOLD = 0.5;

    public NlpSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(categoriesYaml, "categoriesYaml");
        if (!(unsureThreshold >= 0 && unsureThreshold <= 1)) {
            throw new IllegalArgumentException("unsureThreshold must be within 0..1: " + unsureThreshold);
        }
    }

    /** Everything from the classpath, threshold {@value #DEFAULT_UNSURE_THRESHOLD}. */
    public static NlpSettings defaults() {
        return new NlpSettings(Optional.empty(), Optional.empty(), DEFAULT_UNSURE_THRESHOLD);
    }
}
