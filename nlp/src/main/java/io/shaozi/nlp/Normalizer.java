package io.shaozi.nlp;

import java.util.regex.Pattern;

/**
 * Normalizes a resident's message: full-width to half-width, traditional to simplified, drops URLs,
 * emoji, @mentions and control characters, collapses whitespace and repeated punctuation. Never throws.
 */
public final class Normalizer {

    private static final Pattern URL = Pattern.compile("(?i)(?:https?://|www\\.)[\\x21-\\x7e]*");
    private static final Pattern MENTION = Pattern.compile("@[^\\s@,，。:：!！?？]{1,20}(?:[\\s\\u2005]|$)");
    /** Input longer than this is cut before normalizing (100k characters is far beyond any real letter). */
    static final int MAX_LENGTH = 200_000;

    private Normalizer() {}

    /** Returns the normalized form of {@code text}; {@code null} gives the empty string. */
    public static String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        try {
            String s = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
            s = fold(s);
            if (s.indexOf('@') >= 0) {
                s = MENTION.matcher(s).replaceAll(" ");
            }
            if (s.indexOf("://") >= 0 || s.regionMatches(true, 0, "www.", 0, 4) || containsIgnoreCase(s, "www.")) {
                s = URL.matcher(s).replaceAll(" ");
            }
            if (hasHan(s)) {
                s = HanLp.toSimplified(s);
            }
            return collapse(s);
        } catch (RuntimeException | StackOverflowError e) {
            return safeFallback(text);
        }
    }

    private static boolean containsIgnoreCase(String s, String needle) {
        int n = needle.length();
        for (int i = 0; i + n <= s.length(); i++) {
            if (s.regionMatches(true, i, needle, 0, n)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasHan(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x4E00 && c <= 0x9FFF) {
                return true;
            }
        }
        return false;
    }

    /** Width folding and removal of control characters, emoji and unpaired surrogates. */
    private static String fold(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(i + 1));
                    if (!isEmoji(cp) && Character.isLetterOrDigit(cp)) {
                        out.appendCodePoint(cp);
                    } else {
                        out.append(' ');
                    }
                    i += 2;
                } else {
                    i++;
                }
                continue;
            }
            i++;
            if (Character.isLowSurrogate(c)) {
                continue;
            }
            if (c >= '\uFF01' && c <= '\uFF5E') {
                out.append((char) (c - 0xFEE0));
            } else if (c == '\u3000' || c == '\u2005' || c == '\u00A0') {
                out.append(' ');
            } else if (c == '\r' || c == '\n' || c == '\t') {
                out.append(' ');
            } else if (Character.isISOControl(c) || c == '\uFEFF' || c == '\u200B' || c == '\u200D'
                    || c == '\uFE0F' || (c >= '\u2600' && c <= '\u27BF') || c == '\uFFFD'
                    || (c >= '\uE000' && c <= '\uF8FF')) {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isEmoji(int cp) {
        return cp >= 0x1F000 && cp <= 0x1FAFF;
    }

    private static boolean isRepeatablePunct(char c) {
        switch (c) {
            case '!': case '?': case '。': case '，': case ',': case '.': case '~': case '～': case '…':
            case '、': case ';': case '；': case '-': case '=': case '*': case '#': case '“': case '”':
                return true;
            default:
                return false;
        }
    }

    /** Collapses runs of whitespace (line breaks included) to one space, and repeated punctuation to one mark. */
    private static String collapse(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        char last = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && out.length() > 0) {
                out.append(' ');
                last = ' ';
            }
            pendingSpace = false;
            if (c == last && isRepeatablePunct(c)) {
                continue;
            }
            out.append(c);
            last = c;
        }
        return out.toString();
    }

    private static String safeFallback(String text) {
        StringBuilder out = new StringBuilder();
        int n = Math.min(text.length(), MAX_LENGTH);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (!Character.isISOControl(c) && !Character.isSurrogate(c)) {
                out.append(c);
            }
        }
        return out.toString().strip();
    }
}
