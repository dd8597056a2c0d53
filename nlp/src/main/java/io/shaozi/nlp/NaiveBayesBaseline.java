package io.shaozi.nlp;

import com.hankcs.hanlp.classification.classifiers.NaiveBayesClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HanLP's {@link NaiveBayesClassifier} trained on the same rows, for the side-by-side baseline. */
public final class NaiveBayesBaseline {

    private final NaiveBayesClassifier classifier;

    private NaiveBayesBaseline(NaiveBayesClassifier classifier) {
        this.classifier = classifier;
    }

    /** Trains on full texts only (the classic HanLP recipe). */
    public static NaiveBayesBaseline train(List<Split.Row> rows) {
        HanLp.get(); // classpath configuration first
        Map<String, List<String>> byLabel = new LinkedHashMap<>();
        for (Split.Row r : rows) {
            byLabel.computeIfAbsent(r.example().label(), k -> new ArrayList<>()).add(Normalizer.normalize(r.example().text()));
        }
        Map<String, String[]> corpus = new LinkedHashMap<>();
        byLabel.forEach((k, v) -> corpus.put(k, v.toArray(new String[0])));
        NaiveBayesClassifier nb = new NaiveBayesClassifier();
        // HanLP prints training progress on System.out; keep stdout for the evaluation report
        synchronized (System.class) {
            java.io.PrintStream stdout = System.out;
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream(), true,
                    java.nio.charset.StandardCharsets.UTF_8));
            try {
                nb.train(corpus);
            } finally {
                System.setOut(stdout);
            }
        }
        return new NaiveBayesBaseline(nb);
    }

    public String predict(String text) {
        String normalized = Normalizer.normalize(text);
        if (normalized.isBlank()) {
            normalized = "空";
        }
        return classifier.classify(normalized);
    }
}
