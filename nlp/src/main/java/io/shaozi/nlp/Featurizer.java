package io.shaozi.nlp;

import java.util.Arrays;
import java.util.List;

/**
 * Hashed bag of features for the category model: character 1-, 2- and 3-grams (n-grams do not cross
 * punctuation or spaces; digits fold to 0, Latin letters to lower case) plus HanLP words and word bigrams.
 * Counts are sublinear (1 + ln tf), multiplied by an IDF per bucket and L2-normalized.
 */
final class Featurizer {

    /** Sorted unique bucket indices and their counts or weights. */
    record Sparse(int[] index, float[] value) {
        static final Sparse EMPTY = new Sparse(new int[0], new float[0]);

        int size() {
            return index.length;
        }
    }

    private static final int SEED_CHAR1 = 0x1b873593;
    private static final int SEED_CHAR2 = 0x5bd1e995;
    private static final int SEED_CHAR3 = 0x2f3a7c19;
    private static final int SEED_WORD = 0x68e31da4;
    private static final int SEED_WORD2 = 0x4cf5ad43;

    static final int CHAR1 = 1;
    static final int CHAR2 = 2;
    static final int CHAR3 = 4;
    static final int WORD = 8;
    static final int WORD2 = 16;
    static final int CHAR4 = 32;
    /** Character bigrams of the first {@link #HEAD_CHARS} characters again, as separate features. */
    static final int HEAD = 64;
    static final int HEAD_CHARS = 40;
    private static final int SEED_HEAD = 0x3c6ef372;
    static final int DEFAULT_FLAGS = CHAR1 | CHAR2 | CHAR3 | WORD;
    private static final int SEED_CHAR4 = 0x7a3b9c51;

    private final int bits;
    private final int mask;
    private final int flags;

    Featurizer(int bits) {
        this(bits, DEFAULT_FLAGS);
    }

    Featurizer(int bits, int flags) {
        this.flags = flags;
        if (bits < 10 || bits > 24) {
            throw new IllegalArgumentException("bits out of range: " + bits);
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
    }

    int flags() {
        return flags;
    }

    int bits() {
        return bits;
    }

    int dimension() {
        return 1 << bits;
    }

    /** Raw feature counts for a normalized text and its tokens. */
    Sparse counts(String text, List<String> tokens) {
        int n = text.length();
        int[] hashes = new int[Math.max(16, 5 * n + 2 * tokens.size())];
        int k = 0;
        char p1 = 0;
        char p2 = 0;
        char p3 = 0; // previous in-run characters, 0 when none
        boolean c1 = (flags & CHAR1) != 0;
        boolean c2 = (flags & CHAR2) != 0;
        boolean c3 = (flags & CHAR3) != 0;
        boolean c4 = (flags & CHAR4) != 0;
        boolean head = (flags & HEAD) != 0;
        for (int i = 0; i < n; i++) {
            char c = fold(text.charAt(i));
            if (c == 0) {
                p1 = 0;
                p2 = 0;
                p3 = 0;
                continue;
            }
            if (c1) {
                hashes[k++] = bucket(mix(SEED_CHAR1 ^ c));
            }
            if (p1 != 0) {
                if (c2) {
                    hashes[k++] = bucket(mix(SEED_CHAR2 ^ (p1 << 16 | c)));
                }
                if (head && i < HEAD_CHARS) {
                    hashes[k++] = bucket(mix(SEED_HEAD ^ (p1 << 16 | c)));
                }
                if (p2 != 0) {
                    if (c3) {
                        hashes[k++] = bucket(mix(mix(SEED_CHAR3 ^ (p2 << 16 | p1)) ^ c));
                    }
                    if (p3 != 0 && c4) {
                        hashes[k++] = bucket(mix(mix(SEED_CHAR4 ^ (p3 << 16 | p2)) ^ (p1 << 16 | c)));
                    }
                }
            }
            p3 = p2;
            p2 = p1;
            p1 = c;
        }
        boolean w1 = (flags & WORD) != 0;
        boolean w2 = (flags & WORD2) != 0;
        int prev = 0;
        boolean hasPrev = false;
        for (String token : tokens) {
            if (!isWord(token)) {
                hasPrev = false;
                continue;
            }
            int h = hashString(token);
            if (w1) {
                hashes[k++] = bucket(mix(SEED_WORD ^ h));
            }
            if (hasPrev && w2) {
                hashes[k++] = bucket(mix(mix(SEED_WORD2 ^ prev) ^ h));
            }
            prev = h;
            hasPrev = true;
        }
        if (k == 0) {
            return Sparse.EMPTY;
        }
        Arrays.sort(hashes, 0, k);
        int unique = 1;
        for (int i = 1; i < k; i++) {
            if (hashes[i] != hashes[i - 1]) {
                unique++;
            }
        }
        int[] index = new int[unique];
        float[] value = new float[unique];
        int u = 0;
        index[0] = hashes[0];
        value[0] = 1;
        for (int i = 1; i < k; i++) {
            if (hashes[i] == hashes[i - 1]) {
                value[u]++;
            } else {
                u++;
                index[u] = hashes[i];
                value[u] = 1;
            }
        }
        return new Sparse(index, value);
    }

    private static final float[] SUBLINEAR = new float[256];

    static {
        for (int i = 1; i < SUBLINEAR.length; i++) {
            SUBLINEAR[i] = (float) (1 + Math.log(i));
        }
    }

    /** 1 + ln(tf), from a table for small counts. */
    static float sublinear(float tf) {
        int i = (int) tf;
        return i > 0 && i < SUBLINEAR.length && i == tf ? SUBLINEAR[i] : (float) (1 + Math.log(tf));
    }

    /** Applies sublinear tf, IDF and L2 normalization to raw counts; returns a new vector. */
    static Sparse weigh(Sparse counts, float[] idf) {
        int[] index = counts.index();
        float[] value = new float[index.length];
        double norm = 0;
        for (int i = 0; i < index.length; i++) {
            float v = sublinear(counts.value()[i]) * idf[index[i]];
            value[i] = v;
            norm += (double) v * v;
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < value.length; i++) {
                value[i] *= inv;
            }
        }
        return new Sparse(index, value);
    }

    private static boolean isWord(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isLetterOrDigit(token.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int hashString(String s) {
        int h = 0;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + fold0(s.charAt(i));
        }
        return h;
    }

    private static char fold0(char c) {
        char f = fold(c);
        return f == 0 ? c : f;
    }

    /** Folds a character for n-grams; 0 marks a boundary (space, punctuation, symbols). */
    static char fold(char c) {
        if (c >= '0' && c <= '9') {
            return '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + 32);
        }
        if (c >= 'a' && c <= 'z') {
            return c;
        }
        if (c < 0x80) {
            return 0;
        }
        return Character.isLetterOrDigit(c) ? c : 0;
    }

    private int bucket(int h) {
        return h & mask;
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
