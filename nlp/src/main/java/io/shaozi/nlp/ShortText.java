package io.shaozi.nlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chat-length views of long letters, for training and for the short-text evaluation: the first informative
 * sentence of a body (salutations such as "尊敬的领导：您好" skipped) cut to at most 30 characters.
 */
public final class ShortText {

    public static final int MAX_CHARS = 30;
    private static final Pattern SENTENCE_END = Pattern.compile("[。！？!?；;\\n\\r]+");
    private static final Pattern TITLED_PREFIX = Pattern.compile(
            "^\\s*(?:尊敬的|敬爱的|亲爱的)?[^，,：:。]{0,16}?(?:领导|书记|市长|县长|厅长|局长|主任|部长|区长|镇长|省长|主席|同志|先生|女士|老师|网友|大家|各位|政府|您好|你好)[^，,：:。]{0,6}[：:，,]\\s*");
    private static final Pattern GREETING = Pattern.compile("^\\s*(?:您好|你好|大家好|领导好|领导们好|各位好)[，,！!：:。]?\\s*");
    private static final Pattern DEAR = Pattern.compile("^\\s*(?:尊敬的|敬爱的|亲爱的)[^，,：:。]{0,16}[：:，,]\\s*");
    private static final int MIN_INFORMATIVE = 6;

    private ShortText() {}

    /** The first informative sentence of {@code body}, cut to {@link #MAX_CHARS}; may be empty. */
    public static String firstSentence(String body) {
        if (body == null) {
            return "";
        }
        String fallback = "";
        for (String piece : SENTENCE_END.split(body)) {
            String s = stripSalutation(piece.strip());
            if (s.length() >= MIN_INFORMATIVE) {
                return cut(s);
            }
            if (fallback.isEmpty() && !s.isEmpty() && !isSalutationOnly(piece)) {
                fallback = s;
            }
        }
        return cut(fallback);
    }

    /**
     * Every informative sentence of {@code body} (salutations stripped, at least 6 characters), each cut to
     * {@link #MAX_CHARS}: the sentence-level short views used in training.
     */
    public static List<String> sentences(String body) {
        List<String> out = new ArrayList<>();
        if (body == null) {
            return out;
        }
        for (String piece : SENTENCE_END.split(body)) {
            String s = stripSalutation(piece.strip());
            if (s.length() >= MIN_INFORMATIVE) {
                out.add(cut(s));
            }
        }
        return out;
    }

    private static boolean isSalutationOnly(String piece) {
        return stripSalutation(piece.strip()).length() < 2;
    }

    static String stripSalutation(String s) {
        String prev;
        String cur = s;
        int guard = 0;
        do {
            prev = cur;
            cur = strip(DEAR, cur);
            cur = strip(TITLED_PREFIX, cur);
            cur = strip(GREETING, cur);
        } while (!cur.equals(prev) && ++guard < 4);
        return cur.strip();
    }

    private static String strip(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? s.substring(m.end()) : s;
    }

    private static String cut(String s) {
        if (s.length() <= MAX_CHARS) {
            return s;
        }
        int end = MAX_CHARS;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * The subject of a "subject + space + body" row: the text before the first space, when it is at most
     * 80 characters long and followed by a body.
     */
    public static Optional<String> subjectOf(String text) {
        int i = text.indexOf(' ');
        if (i <= 0 || i > 80 || i + 1 >= text.length()) {
            return Optional.empty();
        }
        return Optional.of(text.substring(0, i).strip());
    }
}
