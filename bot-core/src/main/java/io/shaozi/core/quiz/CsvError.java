package io.shaozi.core.quiz;

/** One problem of a question file: its 1-based line (the header is line 1), the column ("" for the line), what. */
public record CsvError(int line, String column, String message) {
    @Override
    public String toString() {
        return "line " + line + ": " + message;
    }
}
