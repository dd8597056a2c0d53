package io.shaozi.core.quiz;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.shaozi.core.csv.CsvRecords;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads questions from CSV (Jackson's CSV parser). Header required, columns in any order:
 * {@code id,type,stem,A,B,C,D,answer,explanation,category}, optionally {@code paraphrases} ({@code |}-separated)
 * and {@code validUntil} ({@code 2027-12-31}). UTF-8 with or without BOM, RFC 4180 quoting. Every bad line is
 * reported with its line number and column; {@link #parse} never throws. Leading {@code = + - @} are data, stored
 * as written (whoever exports the bank to a spreadsheet escapes them).
 */
public final class QuestionCsv {
    public static final List<String> REQUIRED = List.of("id", "type", "stem", "A", "B", "C", "D", "answer",
            "explanation", "category");
    public static final List<String> OPTIONAL = List.of("paraphrases", "validUntil");
    static final Map<String, Integer> MAX = Map.ofEntries(Map.entry("id", 64), Map.entry("type", 8),
            Map.entry("stem", 500), Map.entry("A", 200), Map.entry("B", 200), Map.entry("C", 200), Map.entry("D", 200),
            Map.entry("answer", 8), Map.entry("explanation", 1000), Map.entry("category", 40),
            Map.entry("paraphrases", 2000), Map.entry("validUntil", 10));
    /** Most questions in one file; most paraphrases of one stem. */
    public static final int MAX_ROWS = 10_000;
    public static final int MAX_PARAPHRASES = 5;
    public static final String TRUE = "对";
    public static final String FALSE = "错";
    private QuestionCsv() {
    }

    /** All the file's questions, or every error found. */
    public sealed interface Result {
        record Parsed(List<Question> questions) implements Result {
            public Parsed {
                questions = List.copyOf(questions);
            }
        }

        record Invalid(List<CsvError> errors) implements Result {
            public Invalid {
                errors = List.copyOf(errors);
            }
        }
    }

    public static Result parse(byte[] bytes) {
        List<CsvError> errors = new ArrayList<>();
        try {
            return parse(bytes, errors);
        } catch (RuntimeException e) { // never expected; still a line-numbered refusal, never a partial import
            errors.add(new CsvError(0, "", "malformed CSV: " + e.getClass().getSimpleName()));
            return new Result.Invalid(errors);
        }
    }

    private static Result parse(byte[] bytes, List<CsvError> errors) {
        CsvRecords.Text decoded = CsvRecords.decode(bytes);
        if (decoded instanceof CsvRecords.Text.NotUtf8 bad) {
            errors.add(new CsvError(bad.line(), "", "not UTF-8 (byte " + bad.byteNumber() + ")"));
            return new Result.Invalid(errors);
        }
        List<Question> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try {
            CsvRecords.TableEnd end = CsvRecords.table(((CsvRecords.Text.Decoded) decoded).text(),
                    (line, cells) -> Optional.ofNullable(header(cells, line, errors)), MAX_ROWS,
                    line -> errors.add(new CsvError(line, "", "too many questions (at most " + MAX_ROWS + ")")),
                    (line, cells, header) -> row(cells, header, line, ids, errors).ifPresent(out::add));
            if (end == CsvRecords.TableEnd.HEADER_REFUSED) {
                return new Result.Invalid(errors);
            }
            if (end == CsvRecords.TableEnd.NO_HEADER) {
                errors.add(new CsvError(1, "", "header line required: " + String.join(",", REQUIRED)));
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            errors.add(new CsvError(line, "", "malformed CSV: " + printable(String.valueOf(e.getOriginalMessage()), 200)));
        } catch (IOException e) {
            errors.add(new CsvError(0, "", "malformed CSV: " + printable(String.valueOf(e.getMessage()), 200)));
        }
        return errors.isEmpty() ? new Result.Parsed(out) : new Result.Invalid(errors);
    }

    private static Map<String, Integer> header(List<String> cells, int line, List<CsvError> errors) {
        Map<String, Integer> h = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            String raw = cells.get(i).strip();
            Optional<String> name = column(raw);
            if (name.isEmpty()) {
                errors.add(new CsvError(line, "", "unknown column \"" + printable(raw, 40) + "\" (columns: "
                        + String.join(",", REQUIRED) + ", optional " + String.join(",", OPTIONAL) + ")"));
            } else if (h.put(name.get(), i) != null) {
                errors.add(new CsvError(line, name.get(), "column " + name.get() + " given twice"));
            }
        }
        for (String c : REQUIRED) {
            if (!h.containsKey(c)) {
                errors.add(new CsvError(line, c, "required column " + c + " missing (header: "
                        + String.join(",", REQUIRED) + ")"));
            }
        }
        return errors.isEmpty() ? h : null;
    }

    /** A header cell's column: option letters in either case, other names case-insensitively. */
    private static Optional<String> column(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        for (String c : REQUIRED) {
            if (c.toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.of(c);
            }
        }
        for (String c : OPTIONAL) {
            if (c.toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static String printable(String s, int max) {
        String t = s.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return t.length() > max ? t.substring(0, max) + "…" : t;
    }

    private static Optional<Question> row(List<String> cells, Map<String, Integer> header, int line, Set<String> ids,
                                          List<CsvError> errors) {
        int before = errors.size();
        if (cells.size() > header.size()) {
            errors.add(new CsvError(line, "", "more fields (" + cells.size() + ") than the header has ("
                    + header.size() + ")"));
        }
        Map<String, String> v = new HashMap<>();
        Set<String> bad = new HashSet<>();
        for (Map.Entry<String, Integer> e : header.entrySet()) {
            String c = e.getKey();
            String s = e.getValue() >= cells.size() ? "" : cells.get(e.getValue()).strip();
            if (s.codePoints().anyMatch(QuestionCsv::control)) {
                errors.add(new CsvError(line, c, c + ": control character not allowed"));
                bad.add(c);
                s = "";
            } else if (s.length() > MAX.get(c)) {
                errors.add(new CsvError(line, c, c + ": too long (" + s.length() + " characters, at most "
                        + MAX.get(c) + ")"));
                bad.add(c);
                s = "";
            }
            v.put(c, s);
        }
        v.putIfAbsent("paraphrases", "");
        v.putIfAbsent("validUntil", "");
        String id = v.get("id");
        if (id.isEmpty()) {
            if (!bad.contains("id")) {
                errors.add(new CsvError(line, "id", "id: required"));
            }
        } else if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            errors.add(new CsvError(line, "id", "id \"" + printable(id, 64)
                    + "\": letters, digits, '.', '_' and '-' only, starting with a letter or digit"));
        } else if (!ids.add(id)) {
            errors.add(new CsvError(line, "id", "duplicate id " + id + " in this file"));
        }
        for (String c : List.of("stem", "category")) {
            if (v.get(c).isEmpty() && !bad.contains(c)) {
                errors.add(new CsvError(line, c, c + ": required"));
            }
        }
        Optional<QuestionType> type = QuestionType.parse(v.get("type").toLowerCase(Locale.ROOT));
        if (type.isEmpty() && !bad.contains("type")) {
            errors.add(new CsvError(line, "type", "type \"" + printable(v.get("type"), 20)
                    + "\" is not single, multi or judge"));
        }
        List<String> options = new ArrayList<>();
        boolean gap = false;
        boolean broken = List.of("A", "B", "C", "D").stream().anyMatch(bad::contains); // reported already
        for (char letter : Question.LETTERS.toCharArray()) {
            if (broken) {
                break;
            }
            String o = v.get(String.valueOf(letter));
            if (o.isEmpty()) {
                gap = true;
            } else if (gap) {
                errors.add(new CsvError(line, String.valueOf(letter), "option " + letter
                        + " is given after an empty option: options are A, B, … without gaps"));
                broken = true;
            } else {
                options.add(o);
            }
        }
        if (broken) {
            options = List.of(); // the answer is not checked against options already refused
        } else if (type.isPresent() && type.get() == QuestionType.JUDGE) {
            if (options.isEmpty()) {
                options = List.of(TRUE, FALSE);
            } else if (!options.equals(List.of(TRUE, FALSE))) {
                errors.add(new CsvError(line, "A", "judge question: options must be A=对, B=错, or none given"));
            }
        } else if (type.isPresent() && options.size() < (type.get() == QuestionType.MULTI ? 3 : 2)) {
            errors.add(new CsvError(line, "A", type.get().code() + " question: at least "
                    + (type.get() == QuestionType.MULTI ? 3 : 2) + " options needed, " + options.size() + " given"));
        }
        String answer = v.get("answer").replace(" ", "").replace(",", "").toUpperCase(Locale.ROOT);
        String last = options.isEmpty() ? "A" : String.valueOf(Question.LETTERS.charAt(options.size() - 1));
        if (broken) {
            answer = "";
        } else if (answer.isEmpty()) {
            if (!bad.contains("answer")) {
                errors.add(new CsvError(line, "answer", "answer: required (letters such as B or AC)"));
            }
        } else {
            boolean ok = true;
            for (int i = 0; i < answer.length() && ok; i++) {
                char ch = answer.charAt(i);
                int at = Question.LETTERS.indexOf(ch);
                if (at < 0 || at >= options.size()) {
                    errors.add(new CsvError(line, "answer", "answer \"" + printable(String.valueOf(ch), 4)
                            + "\" is not one of the options A-" + last));
                    ok = false;
                } else if (answer.indexOf(ch) != i) {
                    errors.add(new CsvError(line, "answer", "answer letter " + ch + " given twice"));
                    ok = false;
                }
            }
            if (ok && type.isPresent()) {
                if (type.get() == QuestionType.MULTI && answer.length() < 2) {
                    errors.add(new CsvError(line, "answer", "multi question: answer needs at least 2 letters, got "
                            + answer));
                } else if (type.get() != QuestionType.MULTI && answer.length() != 1) {
                    errors.add(new CsvError(line, "answer", type.get().code()
                            + " question: answer is exactly one letter, got " + answer));
                }
            }
            if (ok) {
                char[] sorted = answer.toCharArray();
                java.util.Arrays.sort(sorted);
                answer = new String(sorted);
            }
        }
        List<String> paraphrases = new ArrayList<>();
        if (!v.get("paraphrases").isEmpty()) {
            for (String s : v.get("paraphrases").split("\\|", -1)) {
                String ps = s.strip();
                if (ps.isEmpty()) {
                    errors.add(new CsvError(line, "paraphrases", "paraphrases: empty wording between '|'"));
                    break;
                }
                if (ps.length() > MAX.get("stem")) {
                    errors.add(new CsvError(line, "paraphrases", "paraphrases: a wording is longer than "
                            + MAX.get("stem") + " characters"));
                    break;
                }
                paraphrases.add(ps);
            }
            if (paraphrases.size() > MAX_PARAPHRASES) {
                errors.add(new CsvError(line, "paraphrases", "paraphrases: at most " + MAX_PARAPHRASES + " wordings"));
            }
        }
        Optional<LocalDate> validUntil = Optional.empty();
        if (!v.get("validUntil").isEmpty()) {
            try {
                validUntil = Optional.of(LocalDate.parse(v.get("validUntil")));
            } catch (DateTimeParseException e) {
                errors.add(new CsvError(line, "validUntil", "validUntil \"" + printable(v.get("validUntil"), 20)
                        + "\" is not a date (YYYY-MM-DD)"));
            }
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Question(id, type.orElseThrow(), v.get("stem"), options, answer,
                v.get("explanation"), v.get("category"), paraphrases, validUntil));
    }

    /** ISO controls, and line/paragraph separators, are not allowed in any cell. */
    private static boolean control(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029;
    }
}
