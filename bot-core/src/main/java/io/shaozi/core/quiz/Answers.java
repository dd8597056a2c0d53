package io.shaozi.core.quiz;

import java.text.Normalizer;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a member's answer: letters in any case and width, with or without separators and a leading 选/答案
 * ({@code a}, {@code Ａ}, {@code A、C}, {@code ac}, {@code 选B}, {@code 答案：C D}); a 判断 question also takes
 * 对/错 (√/×). The letters come back upper-case, sorted, each once.
 */
public final class Answers {
    private static final Pattern PREFIX = Pattern.compile("^(我选择|我选|选择|选|答案是|答案为|答案|答)[:：是为]?");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s、,，;；/|.．。!！和与及+＋-]+");
    private static final Pattern LETTERS = Pattern.compile("[A-Z]{1,8}");
    /** The longest message read as an answer. */
    static final int MAX_ANSWER = 64;

    private Answers() {
    }

    /** What a message is, read as the answer to a question with {@code options} options. */
    public sealed interface Parsed {
        /** Letters A.. within the options, sorted, each once. */
        record Letters(String letters) implements Parsed {
        }

        /** Letters, but one beyond the last option (e.g. E when there are four). */
        record OutOfRange(String letters) implements Parsed {
        }

        /** Not letters at all: some other message. */
        record NotAnAnswer() implements Parsed {
        }
    }

    public static Parsed parse(String text, int options, boolean judge) {
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT);
        t = PREFIX.matcher(t).replaceFirst("").strip();
        if (judge) {
            String j = t.replaceAll("[。.!！]+$", "");
            if (j.matches("对|正确|√|✓|✔|是|对的")) {
                return new Parsed.Letters("A");
            }
            if (j.matches("错|错误|×|✗|✘|X|否|不对|错的")) {
                return new Parsed.Letters("B");
            }
        }
        t = SEPARATORS.matcher(t).replaceAll("");
        if (!LETTERS.matcher(t).matches()) {
            return new Parsed.NotAnAnswer();
        }
        TreeSet<Character> set = new TreeSet<>();
        for (char c : t.toCharArray()) {
            set.add(c);
        }
        StringBuilder sb = new StringBuilder();
        boolean out = false;
        for (char c : set) {
            sb.append(c);
            out |= c - 'A' >= options;
        }
        return out ? new Parsed.OutOfRange(sb.toString()) : new Parsed.Letters(sb.toString());
    }

    /** True when {@code text} could be an answer (letters, or 对/错) to some question: what the chat routes here. */
    public static boolean looksLikeAnswer(String text) {
        // at most 8 letters, a prefix and separators: a longer message (a resident's report) is never one
        return text.length() <= MAX_ANSWER && !(parse(text, 26, true) instanceof Parsed.NotAnAnswer);
    }
}
