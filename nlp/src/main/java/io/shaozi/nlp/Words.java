package io.shaozi.nlp;

import java.util.ArrayList;
import java.util.List;

/**
 * HanLP words (with the governance dictionary) for other packages, such as the knowledge-base retrieval: the same
 * segmentation {@link TextAnalyzer} uses, without classifying. Thread-safe, never throws.
 */
public final class Words {

    private Words() {}

    /** The words of already normalized text ({@link Normalizer#normalize}), blanks dropped, Latin in lower case. */
    public static List<String> of(String normalized) {
        if (normalized == null || normalized.isBlank()) {
            return List.of();
        }
        try {
            List<HanLp.Token> tokens = HanLp.get().segment(normalized);
            List<String> out = new ArrayList<>(tokens.size());
            for (HanLp.Token t : tokens) {
                String w = t.word().strip();
                if (!w.isEmpty()) {
                    out.add(w.toLowerCase(java.util.Locale.ROOT));
                }
            }
            return out;
        } catch (RuntimeException | StackOverflowError e) {
            return List.of();
        }
    }
}
