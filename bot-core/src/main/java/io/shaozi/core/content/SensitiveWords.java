package io.shaozi.core.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The sensitive-word list ({@code content.sensitiveWordsFile}, default {@code config/sensitive-words.txt}): one word
 * or phrase per line, {@code #} starts a comment line, blank lines ignored. Matching is a case-insensitive substring
 * search over title, body and source (a list of a few hundred words over 20,000 characters is well under a
 * millisecond, so no automaton library is needed).
 */
public final class SensitiveWords {
    public static final int MAX_WORD = 50;
    public static final SensitiveWords NONE = new SensitiveWords(List.of());

    private final List<String> words;

    public SensitiveWords(List<String> words) {
        this.words = List.copyOf(words);
    }

    public List<String> words() {
        return words;
    }

    /** The listed words found in any of {@code texts}, sorted, each once. */
    public List<String> find(String... texts) {
        TreeSet<String> hits = new TreeSet<>();
        for (String t : texts) {
            String lower = t.toLowerCase(Locale.ROOT);
            for (String w : words) {
                if (lower.contains(w.toLowerCase(Locale.ROOT))) {
                    hits.add(w);
                }
            }
        }
        return List.copyOf(hits);
    }

    /**
     * The list in {@code lines}; {@code origin} names the source in errors (e.g. the config key and file), which
     * also give the line number.
     */
    public static SensitiveWords parse(List<String> lines, String origin) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String w = lines.get(i).strip();
            if (i == 0 && w.startsWith("\uFEFF")) {
                w = w.substring(1).strip();
            }
            if (w.isEmpty() || w.startsWith("#")) {
                continue;
            }
            if (w.codePointCount(0, w.length()) > MAX_WORD) {
                throw new IllegalArgumentException(origin + " line " + (i + 1) + ": longer than " + MAX_WORD
                        + " characters");
            }
            if (Draft.hasControl(w, false)) {
                throw new IllegalArgumentException(origin + " line " + (i + 1) + ": holds a control character");
            }
            out.add(w);
        }
        return new SensitiveWords(out);
    }

    /** The list in {@code file}; errors name {@code key}, the file and the line. */
    public static SensitiveWords load(Path file, String key) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), key + " (" + file + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
