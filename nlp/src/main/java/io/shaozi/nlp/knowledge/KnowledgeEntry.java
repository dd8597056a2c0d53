package io.shaozi.nlp.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One knowledge-base entry, one Markdown file {@code <id>.md}: the first line {@code # <title>}, then any number of
 * lines {@code 问：<another way to ask>}, then the answer (which ends with the public rule it rests on).
 *
 * @param id        the file name without {@code .md}: letters, digits, {@code -} and {@code _}, 1–64 characters
 * @param title     1–{@value #MAX_TITLE} characters
 * @param questions other ways to ask, at most {@value #MAX_QUESTIONS}, each 1–{@value #MAX_QUESTION} characters
 * @param answer    1–{@value #MAX_ANSWER} characters
 */
public record KnowledgeEntry(String id, String title, List<String> questions, String answer) {
    public static final int MAX_TITLE = 60;
    public static final int MAX_QUESTION = 100;
    public static final int MAX_QUESTIONS = 40;
    public static final int MAX_ANSWER = 4000;
    /** A whole file (UTF-8 characters). */
    public static final int MAX_FILE = 16_000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern QUESTION_LINE = Pattern.compile("^\\s*问\\s*[:：]\\s*(.*)$");

    public KnowledgeEntry {
        checkId(id);
        title = checkText("title", title, MAX_TITLE, false);
        Objects.requireNonNull(questions, "questions");
        if (questions.size() > MAX_QUESTIONS) {
            throw new KnowledgeException("questions", "at most " + MAX_QUESTIONS + " lines 问：");
        }
        List<String> qs = new ArrayList<>(questions.size());
        for (String q : questions) {
            qs.add(checkText("questions", q, MAX_QUESTION, false));
        }
        questions = List.copyOf(qs);
        answer = checkText("answer", answer, MAX_ANSWER, true);
    }

    /** Whether {@code id} may name an entry (and its file). */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static void checkId(String id) {
        if (!validId(id)) {
            throw new KnowledgeException("id", "1-64 letters, digits, '-' or '_', starting with a letter or digit");
        }
    }

    private static String checkText(String field, String value, int max, boolean multiline) {
        if (value == null || value.isBlank()) {
            throw new KnowledgeException(field, "required");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new KnowledgeException(field, "longer than " + max + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean allowed = multiline && (c == '\n' || c == '\t' || c == '\r');
            if (Character.isISOControl(c) && !allowed || Character.isSurrogate(c) && !pairedAt(v, i)) {
                throw new KnowledgeException(field, "contains a control character");
            }
            if (!multiline && (c == '\n' || c == '\r')) {
                throw new KnowledgeException(field, "must be one line");
            }
        }
        return v;
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * Parses a file's text. Throws {@link KnowledgeException} naming the field: {@code title} when the first non-empty
     * line is not {@code # <title>}, {@code answer} when nothing follows the questions, {@code file} when too long.
     */
    public static KnowledgeEntry parse(String id, String markdown) {
        checkId(id);
        if (markdown == null) {
            throw new KnowledgeException("file", "empty");
        }
        if (markdown.length() > MAX_FILE) {
            throw new KnowledgeException("file", "longer than " + MAX_FILE + " characters");
        }
        String text = markdown.startsWith("\uFEFF") ? markdown.substring(1) : markdown;
        List<String> lines = text.replace("\r\n", "\n").replace('\r', '\n').lines().toList();
        int i = 0;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        if (i == lines.size() || !lines.get(i).startsWith("# ") || lines.get(i).substring(2).isBlank()) {
            throw new KnowledgeException("title", "the first line must be '# <title>'");
        }
        String title = lines.get(i).substring(2).strip();
        i++;
        List<String> questions = new ArrayList<>();
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            var m = QUESTION_LINE.matcher(line);
            if (!m.matches()) {
                break;
            }
            if (!m.group(1).isBlank()) {
                questions.add(m.group(1).strip());
            }
        }
        String answer = String.join("\n", lines.subList(i, lines.size())).strip();
        return new KnowledgeEntry(id, title, questions, answer);
    }

    /** The file's text: title, questions, a blank line, the answer. */
    public String markdown() {
        StringBuilder sb = new StringBuilder("# ").append(title).append('\n');
        for (String q : questions) {
            sb.append("问：").append(q).append('\n');
        }
        return sb.append('\n').append(answer).append('\n').toString();
    }
}
