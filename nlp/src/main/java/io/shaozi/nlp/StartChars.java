package io.shaozi.nlp;

import java.util.BitSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pattern plus the set of characters that can begin one of its matches, so a scan tries only those positions.
 *
 * <p>{@link Matcher#find()} attempts a match at every position, and an alternation of many literals (街道|小区|…|园)
 * or a lookahead over a large character class costs a walk through every branch each time: on a 500-character letter
 * that was half of {@code analyze()}. The start set is derived from the pattern itself: every character that occurs
 * in its source, digits and ASCII letters are tried as one-character input, and a character that neither matches nor
 * makes the matcher ask for more input ({@link Matcher#hitEnd()}) cannot begin a match. A pattern that can match the
 * empty string gets no filter. {@code StartCharsTest} checks the derived sets against every BMP character.
 */
final class StartChars {
    private final Pattern pattern;
    private final BitSet starts; // empty: no filter

    private StartChars(Pattern pattern, BitSet starts) {
        this.pattern = pattern;
        this.starts = starts;
    }

    static StartChars of(Pattern pattern) {
        if (pattern.matcher("").lookingAt()) {
            return new StartChars(pattern, new BitSet());
        }
        BitSet candidates = new BitSet(Character.MAX_VALUE + 1);
        String source = pattern.pattern();
        for (int i = 0; i < source.length(); i++) {
            candidates.set(source.charAt(i));
        }
        candidates.set('0', '9' + 1);
        candidates.set('A', 'Z' + 1);
        candidates.set('a', 'z' + 1);
        BitSet starts = new BitSet(Character.MAX_VALUE + 1);
        for (int c = candidates.nextSetBit(0); c >= 0; c = candidates.nextSetBit(c + 1)) {
            if (canStart(pattern, (char) c)) {
                starts.set(c);
            }
        }
        return new StartChars(pattern, starts);
    }

    /** Whether a match of {@code pattern} can begin with {@code c} (exact for one-character lookahead). */
    static boolean canStart(Pattern pattern, char c) {
        Matcher m = pattern.matcher(String.valueOf(c));
        return m.lookingAt() || m.hitEnd();
    }

    Pattern pattern() {
        return pattern;
    }

    boolean filtered() {
        return !starts.isEmpty();
    }

    boolean mayStartAt(char c) {
        return starts.isEmpty() || starts.get(c);
    }

    Scan scan(String text) {
        return new Scan(text);
    }

    /** Like a {@link Matcher} used with {@code while (m.find())}, with the same matches in the same order. */
    final class Scan {
        private final String text;
        private final Matcher m;
        private int from;

        private Scan(String text) {
            this.text = text;
            this.m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        }

        boolean find() {
            if (!filtered()) {
                return m.find();
            }
            int n = text.length();
            for (int i = from; i < n; i++) {
                if (!mayStartAt(text.charAt(i))) {
                    continue;
                }
                m.region(i, n);
                if (m.lookingAt()) {
                    from = m.end() > m.start() ? m.end() : m.start() + 1;
                    return true;
                }
            }
            from = n + 1;
            return false;
        }

        int start() {
            return m.start();
        }

        int end() {
            return m.end();
        }

        String group() {
            return m.group();
        }

        String group(int g) {
            return m.group(g);
        }
    }
}
