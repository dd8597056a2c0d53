package io.shaozi.core.csv;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading an uploaded CSV file record by record, with the line each record starts on, for the all-or-nothing imports
 * (people, quiz questions): strict UTF-8 (the first bad byte is reported with its line), an optional BOM, Jackson's
 * CSV parser (quotes, embedded commas), blank records skipped. What a record means is the caller's business.
 */
public final class CsvRecords {
    private static final CsvMapper CSV = new CsvMapper();

    private CsvRecords() {
    }

    /** The file as text, or where it stops being UTF-8. */
    public sealed interface Text {
        /** The text, without a leading BOM. */
        record Decoded(String text) implements Text {
        }

        /** Not UTF-8: the line (1-based) and the byte number (1-based) of the first bad byte. */
        record NotUtf8(int line, int byteNumber) implements Text {
        }
    }

    public static Text decode(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            return new Text.NotUtf8(line, in.position() + 1);
        }
        out.flip();
        String text = out.toString();
        return new Text.Decoded(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** What to do with one non-blank record; false stops reading. */
    @FunctionalInterface
    public interface Each {
        boolean record(int line, List<String> cells);
    }

    /**
     * Gives every non-blank record of {@code text} to {@code each}, in order, with the line it starts on.
     *
     * @throws com.fasterxml.jackson.core.JsonProcessingException malformed CSV (its location has the line)
     */
    public static void forEach(String text, Each each) throws IOException {
        try (JsonParser p = CSV.getFactory().createParser(new StringReader(text))) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_ARRAY) {
                    continue;
                }
                int line = -1;
                List<String> cells = new ArrayList<>();
                while ((t = p.nextToken()) != null && t != JsonToken.END_ARRAY) {
                    if (line < 0) {
                        line = p.currentTokenLocation().getLineNr();
                    }
                    cells.add(p.getValueAsString(""));
                }
                if (cells.stream().allMatch(String::isBlank)) {
                    continue;
                }
                if (!each.record(Math.max(line, 1), cells)) {
                    return;
                }
            }
        }
    }

    /** Reads a header record: the column positions, or empty when the header is refused (its errors noted). */
    @FunctionalInterface
    public interface Header<H> {
        java.util.Optional<H> read(int line, List<String> cells);
    }

    /** Reads one data record against the header. */
    @FunctionalInterface
    public interface Row<H> {
        void read(int line, List<String> cells, H header);
    }

    /** How a table ended: {@code NO_HEADER} (no record at all), {@code HEADER_REFUSED}, or {@code READ}. */
    public enum TableEnd { NO_HEADER, HEADER_REFUSED, READ }

    /**
     * A header record, then at most {@code maxRows} data records: {@code header} reads the first record (empty:
     * refused, nothing more is read), {@code row} every later one; record {@code maxRows + 1} is given to
     * {@code tooMany} with its line and ends the reading.
     *
     * @throws com.fasterxml.jackson.core.JsonProcessingException malformed CSV (its location has the line)
     */
    public static <H> TableEnd table(String text, Header<H> header, int maxRows, java.util.function.IntConsumer tooMany,
                                     Row<H> row) throws IOException {
        var read = new Object() {
            java.util.Optional<H> head;
            int rows;
        };
        forEach(text, (line, cells) -> {
            if (read.head == null) {
                read.head = header.read(line, cells);
                return read.head.isPresent();
            }
            if (++read.rows > maxRows) {
                tooMany.accept(line);
                return false;
            }
            row.read(line, cells, read.head.get());
            return true;
        });
        return read.head == null ? TableEnd.NO_HEADER : read.head.isEmpty() ? TableEnd.HEADER_REFUSED : TableEnd.READ;
    }
}
