package io.shaozi.nlp;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Labelled data: CSV, UTF-8, header {@code label,text}, standard quoting (fields may span lines).
 * Errors name the file and the line where the bad record starts.
 */
public final class Dataset {

    /** One labelled message; {@code line} is the 1-based line where its record starts. */
    public record Example(String label, String text, String file, int line) {}

    /** A data problem, with file and line in the message. */
    public static final class DataException extends Exception {
        private static final long serialVersionUID = 1L;

        DataException(String message) {
            super(message);
        }
    }

    private Dataset() {}

    /**
     * Reads a CSV. Rows with an empty label fail; with {@code allowedLabels} non-empty, so do rows with other
     * labels. Rows with an empty text are skipped.
     */
    public static List<Example> read(Path file, Collection<String> allowedLabels) throws DataException {
        String name = file.toString();
        String content;
        try {
            byte[] bytes = Files.readAllBytes(file);
            content = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DataException(name + ": not valid UTF-8");
        } catch (IOException e) {
            throw new DataException(name + ": cannot read (" + e.getMessage() + ")");
        }
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        List<Record> records = parse(content, name);
        if (records.isEmpty()) {
            throw new DataException(name + ":1: empty file, expected header label,text");
        }
        Record header = records.get(0);
        if (header.fields.size() < 2 || !header.fields.get(0).strip().equals("label")
                || !header.fields.get(1).strip().equals("text")) {
            throw new DataException(name + ":1: missing header, expected label,text but found "
                    + abbreviate(String.join(",", header.fields)));
        }
        Set<String> allowed = allowedLabels == null ? Set.of() : Set.copyOf(allowedLabels);
        List<Example> out = new ArrayList<>(records.size());
        for (int r = 1; r < records.size(); r++) {
            Record rec = records.get(r);
            if (rec.fields.size() == 1 && rec.fields.get(0).isBlank()) {
                continue; // blank line
            }
            if (rec.fields.size() != 2) {
                throw new DataException(name + ":" + rec.line + ": expected 2 fields (label,text), found "
                        + rec.fields.size());
            }
            String label = rec.fields.get(0).strip();
            String text = rec.fields.get(1);
            if (label.isEmpty()) {
                throw new DataException(name + ":" + rec.line + ": empty label");
            }
            if (!allowed.isEmpty() && !allowed.contains(label)) {
                throw new DataException(name + ":" + rec.line + ": unknown label \"" + label + "\" (expected one of "
                        + String.join(", ", allowedLabels) + ")");
            }
            if (text.isBlank()) {
                continue;
            }
            out.add(new Example(label, text, name, rec.line));
        }
        if (out.isEmpty()) {
            throw new DataException(name + ":2: no labelled rows");
        }
        return out;
    }

    private record Record(List<String> fields, int line) {}

    private static List<Record> parse(String s, String name) throws DataException {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        int i = 0;
        int n = s.length();
        boolean atFieldStart = true;
        while (i < n) {
            char c = s.charAt(i);
            if (atFieldStart && c == '"') {
                int quoteLine = line;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new DataException(name + ":" + quoteLine + ": unterminated quoted field");
                    }
                    char q = s.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && s.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (q == '\n') {
                        line++;
                    }
                    field.append(q);
                    i++;
                }
                atFieldStart = false;
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                atFieldStart = true;
                i++;
            } else if (c == '\r' || c == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                records.add(new Record(List.copyOf(fields), recordLine));
                fields.clear();
                if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
                    i++;
                }
                i++;
                line++;
                recordLine = line;
                atFieldStart = true;
            } else {
                field.append(c);
                atFieldStart = false;
                i++;
            }
        }
        if (!fields.isEmpty() || field.length() > 0) {
            fields.add(field.toString());
            records.add(new Record(List.copyOf(fields), recordLine));
        }
        return records;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
