package io.shaozi.core.store;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Character bigrams for the {@code ticket_gram} index. Text is normalized code point by code point (lower case;
 * anything but letters and digits dropped), so a substring of the raw text normalizes to a substring of the
 * normalized text: every gram of a query that occurs in a ticket's text is among that ticket's grams. The grams only
 * narrow the candidates; the exact {@code LIKE} on the raw text decides.
 */
final class TextGrams {
    private TextGrams() {
    }

    /** Lower-cased letters and digits of {@code s}, as code points. */
    static int[] normalize(String s) {
        return s.codePoints().map(Character::toLowerCase).filter(Character::isLetterOrDigit).toArray();
    }

    /** Distinct two-code-point windows of each text (windows never span two texts), in order of first occurrence. */
    static Set<String> grams(String... texts) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : texts) {
            if (t == null) {
                continue;
            }
            int[] cps = normalize(t);
            for (int i = 0; i + 1 < cps.length; i++) {
                out.add(new String(cps, i, 2));
            }
        }
        return out;
    }
}
