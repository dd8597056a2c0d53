package io.shaozi.core.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Grams for the {@code ticket_gram} index. Text is normalized code point by code point (lower case; anything but
 * letters and digits dropped), so a substring of the raw text normalizes to a substring of the normalized text. Five
 * kinds of grams are indexed, all chosen from the gram's own characters only, never from its context, so every gram
 * of a query that occurs in a ticket's text is among that ticket's grams:
 * <ul>
 *   <li>{@link #grams bigrams} (V13): every two-code-point window;</li>
 *   <li>{@link #sparseGrams sparse grams} (V14): windows of {@value #SPARSE_MIN} to {@value #SPARSE_MAX} code points
 *       whose two end bigrams both weigh strictly more than every bigram inside (the "sparse n-grams" of GitHub code
 *       search). Bigrams of two digits weigh least and bigrams of two Han characters most (then a fixed hash), so
 *       a run of digits sits inside grams bounded by the characters around it: {@code 同17号} or {@code 容123456}
 *       are grams although every bigram of them is common. At most about one per code point of text.</li>
 *   <li>{@link #digitGrams digit windows} (V16): every window of {@value #DIGIT_WINDOW} consecutive digits. A query
 *       that ends inside a run of digits (a five-digit string, {@code 内容281164}) may have no sparse gram at all:
 *       when the weights of its digit bigrams only rise and then only fall there is no interior minimum. Its windows
 *       of four digits are in a few hundred tickets each where each of its bigrams is in tens of thousands.</li>
 *   <li>{@link #digitTriples digit triples} (V17): every window of {@value #DIGIT_TRIPLE} consecutive digits, for a
 *       query that ends (or starts) in a run of exactly three digits ({@code 896}, {@code 内容281}): a few thousand
 *       postings each on 1,000,000 tickets where each of its bigrams has tens of thousands. Their keys have three
 *       characters, so they share no key with another kind.</li>
 *   <li>{@link #anchoredGrams anchored grams} (V18): for every maximal run of at least {@value #DIGIT_TRIPLE} digits,
 *       the code point just before it (a letter, never a digit: the run is maximal) and its first three digits
 *       ({@code 容281}), and its last three digits and the code point just after it ({@code 281号}); a run at the
 *       start or the end of the text has no key on that side. Put the other way round: every window of four code
 *       points that is a non-digit and three digits, or three digits and a non-digit. The neighbour is a non-digit,
 *       so the key is in a text exactly when the text contains that four-code-point string: a query with a non-digit
 *       and then three or more digits ({@code 内容281}) contains one of them and every text that contains the query
 *       has it, even where the text's run is longer than the query's (the query's run may only extend in the text on
 *       the side without a neighbour). Its list is about the size of the match set: on the benchmark data {@code 容281} is in just the
 *       1,026 tickets that contain {@code 内容281}, where the triple {@code 281} has 6,990 postings.</li>
 * </ul>
 * Every key means the same thing, whatever kind produced it: the normalized text contains that string (or, for a
 * {@code #} key, a string with that hash). So a sparse gram and a digit window with the same key (both {@code 1820}),
 * or a sparse gram and an anchored gram with the same key (both {@code 281号}), share their postings.
 * The grams only narrow the candidates; the exact {@code LIKE} on the raw text decides. <b>The weights, the hash and
 * the key format below define what V14 stored: changing any of them needs a new migration that rebuilds the
 * sparse grams.</b>
 */
final class TextGrams {
    /** Shortest sparse gram indexed (shorter windows are bigrams and trigrams; every trigram would qualify). */
    static final int SPARSE_MIN = 4;
    /** Longest sparse gram indexed: bounds the work and the rows per ticket; queries use the same bound. */
    static final int SPARSE_MAX = 16;
    /** Length in code points of the digit windows (V16). */
    static final int DIGIT_WINDOW = 4;
    /** Length in code points of the digit triples (V17), and of the digits in an anchored gram (V18). */
    static final int DIGIT_TRIPLE = 3;
    /** Keys longer than this many chars are stored as a hash ({@code ticket_gram.gram} is VARCHAR(8)). */
    private static final int RAW_KEY = 8;
    private static final int HASH_DIGITS = 7;
    private static final long HASH_RANGE = 78_364_164_096L; // 36^7

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

    /** Keys of the distinct sparse grams of each text (never spanning two texts), in order of first occurrence. */
    static Set<String> sparseGrams(String... texts) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : texts) {
            if (t != null) {
                int[] cps = normalize(t);
                for (int[] w : sparseWindows(cps)) {
                    out.add(key(cps, w[0], w[1]));
                }
            }
        }
        return out;
    }

    /**
     * Keys of the distinct windows of {@value #DIGIT_WINDOW} consecutive digits of each text (never spanning two
     * texts), in order of first occurrence.
     */
    static Set<String> digitGrams(String... texts) {
        return digitGrams(DIGIT_WINDOW, texts);
    }

    /**
     * Keys of the distinct windows of {@value #DIGIT_TRIPLE} consecutive digits of each text (never spanning two
     * texts), in order of first occurrence (V17).
     */
    static Set<String> digitTriples(String... texts) {
        return digitGrams(DIGIT_TRIPLE, texts);
    }

    private static Set<String> digitGrams(int width, String... texts) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : texts) {
            if (t != null) {
                int[] cps = normalize(t);
                for (int start : digitWindows(cps, width)) {
                    out.add(key(cps, start, start + width));
                }
            }
        }
        return out;
    }

    /**
     * Keys of the distinct anchored grams of each text (never spanning two texts), in order of first occurrence (V18):
     * for every maximal run of at least {@value #DIGIT_TRIPLE} digits, the code point before it and its first three
     * digits, then its last three digits and the code point after it (each only if the text has that neighbour).
     */
    static Set<String> anchoredGrams(String... texts) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : texts) {
            if (t != null) {
                int[] cps = normalize(t);
                for (int start : anchoredWindows(cps)) {
                    out.add(key(cps, start, start + DIGIT_TRIPLE + 1));
                }
            }
        }
        return out;
    }

    /**
     * Every key stored for a ticket with these texts: bigrams, sparse grams, digit windows, digit triples and anchored
     * grams, each once.
     */
    static Set<String> allGrams(String... texts) {
        Set<String> out = new LinkedHashSet<>(grams(texts));
        out.addAll(sparseGrams(texts));
        out.addAll(digitGrams(texts));
        out.addAll(digitTriples(texts));
        out.addAll(anchoredGrams(texts));
        return out;
    }

    /** The digit windows of a query, in order. Every one of them is a digit window of any text containing the query. */
    static List<Gram> queryDigitGrams(String q) {
        return queryDigitGrams(DIGIT_WINDOW, q);
    }

    /** The digit triples of a query, in order. Every one of them is a digit triple of any text containing the query. */
    static List<Gram> queryDigitTriples(String q) {
        return queryDigitGrams(DIGIT_TRIPLE, q);
    }

    private static List<Gram> queryDigitGrams(int width, String q) {
        int[] cps = normalize(q);
        Set<Gram> out = new LinkedHashSet<>();
        for (int start : digitWindows(cps, width)) {
            out.add(new Gram(new String(cps, start, width), key(cps, start, start + width)));
        }
        return new ArrayList<>(out);
    }

    /**
     * The anchored grams of a query, in order. Every one of them is an anchored gram of any text containing the query:
     * the query's run of digits has its non-digit neighbour on that side in the text too, so the text's maximal run
     * starts (or ends) at the same place and its first (or last) three digits are the query's. A run at the start or
     * the end of the query may extend further in the text: it gives no key on that side.
     */
    static List<Gram> queryAnchoredGrams(String q) {
        int[] cps = normalize(q);
        Set<Gram> out = new LinkedHashSet<>();
        for (int start : anchoredWindows(cps)) {
            out.add(new Gram(new String(cps, start, DIGIT_TRIPLE + 1), key(cps, start, start + DIGIT_TRIPLE + 1)));
        }
        return new ArrayList<>(out);
    }

    /**
     * Whether a gram (its normalized text) is a digit triple or has the shape of an anchored gram (three digits with a
     * non-digit before or after them): its list is part of a digit triple's, which may hold a few thousand postings.
     */
    static boolean tripleOrAnchored(String gram) {
        int[] cps = gram.codePoints().toArray();
        int digits = (int) Arrays.stream(cps).filter(Character::isDigit).count();
        return digits == DIGIT_TRIPLE && (cps.length == DIGIT_TRIPLE
                || cps.length == DIGIT_TRIPLE + 1 && (!Character.isDigit(cps[0]) || !Character.isDigit(cps[DIGIT_TRIPLE])));
    }

    /**
     * Start offsets of the anchored windows of {@code cps}: for every maximal run of at least {@value #DIGIT_TRIPLE}
     * digits, the window of its preceding code point and first three digits, then the window of its last three digits
     * and its following code point (each only where that neighbour exists).
     */
    private static List<Integer> anchoredWindows(int[] cps) {
        List<Integer> out = new ArrayList<>();
        int i = 0;
        while (i < cps.length) {
            if (!Character.isDigit(cps[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < cps.length && Character.isDigit(cps[i])) {
                i++;
            }
            if (i - start >= DIGIT_TRIPLE) { // the run is cps[start, i); its neighbours are non-digits
                if (start > 0) {
                    out.add(start - 1);
                }
                if (i < cps.length) {
                    out.add(i - DIGIT_TRIPLE);
                }
            }
        }
        return out;
    }

    /** Start offsets of the windows of {@code width} consecutive digits of {@code cps}. */
    private static List<Integer> digitWindows(int[] cps, int width) {
        List<Integer> out = new ArrayList<>();
        int run = 0;
        for (int i = 0; i < cps.length; i++) {
            run = Character.isDigit(cps[i]) ? run + 1 : 0;
            if (run >= width) {
                out.add(i - width + 1);
            }
        }
        return out;
    }

    /** A gram of a query: its normalized text and the key stored for it in {@code ticket_gram.gram}. */
    record Gram(String text, String key) {
    }

    /**
     * The sparse grams of a query, longest first (longer grams tend to have fewer postings). Every one of them is a
     * sparse gram of any text containing the query.
     */
    static List<Gram> querySparseGrams(String q) {
        int[] cps = normalize(q);
        List<int[]> windows = sparseWindows(cps);
        windows.sort(Comparator.comparingInt((int[] w) -> w[1] - w[0]).reversed());
        Set<Gram> out = new LinkedHashSet<>();
        for (int[] w : windows) {
            out.add(new Gram(new String(cps, w[0], w[1] - w[0]), key(cps, w[0], w[1])));
        }
        return new ArrayList<>(out);
    }

    /**
     * Windows {@code [start, end)} of {@code cps}, {@link #SPARSE_MIN}–{@link #SPARSE_MAX} code points long, whose
     * first and last bigram weigh strictly more than every bigram between them.
     */
    static List<int[]> sparseWindows(int[] cps) {
        List<int[]> out = new ArrayList<>();
        int bigrams = cps.length - 1;
        if (bigrams < SPARSE_MIN - 1) {
            return out;
        }
        long[] w = new long[bigrams];
        for (int i = 0; i < bigrams; i++) {
            w[i] = weight(cps[i], cps[i + 1]);
        }
        // bigram i spans code points i, i+1; a window from bigram i to bigram j spans code points i .. j+1
        for (int i = 0; i < bigrams; i++) {
            long inner = Long.MIN_VALUE; // the heaviest bigram strictly between i and j
            for (int j = i + 1; j < bigrams && j - i + 2 <= SPARSE_MAX; j++) {
                if (j - i >= 2 && w[j] > inner && w[i] > inner) {
                    out.add(new int[] {i, j + 2});
                }
                inner = Math.max(inner, w[j]);
                if (inner >= w[i]) {
                    break; // every longer window from i has an inner bigram at least as heavy as its first one
                }
            }
        }
        return out;
    }

    /**
     * The weight of a bigram: its kind first (two digits &lt; digit and Latin letter &lt; two Latin letters &lt; digit
     * and Han &lt; Latin letter and Han &lt; two Han characters: fewer distinct characters, more common pairs), then a
     * fixed hash of the two code points.
     */
    static long weight(int a, int b) {
        int kind = kind(a) + kind(b); // digit 0, Latin 1, other 3: 0, 1, 2, 3, 4, 6
        long h = mix(((long) a << 21) ^ b) >>> 32;
        return ((long) kind << 32) | h;
    }

    private static int kind(int cp) {
        if (Character.isDigit(cp)) {
            return 0;
        }
        return cp < 0x0250 ? 1 : 3; // Latin (Basic, Supplement, Extended-A/B) vs everything else (Han, kana, ...)
    }

    /** The stored key of the gram {@code cps[start, end)}: itself if short, else {@code #} and a base-36 hash. */
    private static String key(int[] cps, int start, int end) {
        String s = new String(cps, start, end - start);
        if (s.length() <= RAW_KEY) {
            return s;
        }
        long h = 0xcbf29ce484222325L; // FNV-1a over the code points, then mixed
        for (int i = start; i < end; i++) {
            h ^= cps[i];
            h *= 0x100000001b3L;
        }
        StringBuilder b = new StringBuilder("#").append(Long.toString(Math.floorMod(mix(h), HASH_RANGE), 36));
        while (b.length() < HASH_DIGITS + 1) {
            b.insert(1, '0');
        }
        return b.toString();
    }

    /** The SplitMix64 finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
