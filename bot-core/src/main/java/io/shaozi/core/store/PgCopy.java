package io.shaozi.core.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Bulk rows into PostgreSQL with {@code COPY … FROM STDIN} (text format) inside the caller's transaction: one statement
 * for a whole chunk, no per-row parameter binding or per-statement planning (a campaign's 100,000 ledger and outbox
 * rows). Unique constraints hold as for INSERT: a duplicate fails the whole COPY and so the transaction. H2 has no COPY:
 * callers keep their batched INSERT there ({@link #available}).
 */
final class PgCopy {
    private PgCopy() {
    }

    /** Whether {@code c} is a PostgreSQL connection (COPY available). */
    static boolean available(Connection c) throws SQLException {
        return c.isWrapperFor(org.postgresql.PGConnection.class);
    }

    /**
     * Copies {@code rows} into {@code table}'s {@code columns} (comma-separated, in the order of each row's values).
     * Values: {@code null}, {@link String}, {@link Number}, {@link Boolean} or {@link Instant}.
     */
    static long copy(Connection c, String table, String columns, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        StringBuilder sb = new StringBuilder(rows.size() * 256);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sb.append('\t');
                }
                value(sb, row[i]);
            }
            sb.append('\n');
        }
        try {
            return c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + table + " (" + columns + ") FROM STDIN",
                    new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed", e);
        }
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' || ch == '\n' || ch == '\r' || ch == '\t') {
                return false;
            }
        }
        return true;
    }

    /** The last instant written by this thread and its text: the rows of one COPY mostly share their times. */
    private static final ThreadLocal<Object[]> LAST_INSTANT = ThreadLocal.withInitial(() -> new Object[2]);

    /** {@link Instant#toString()}, remembered for the instant written last (its formatter is the cost of a row). */
    private static String iso(Instant t) {
        Object[] last = LAST_INSTANT.get();
        if (!t.equals(last[0])) {
            last[0] = t;
            last[1] = t.toString();
        }
        return (String) last[1];
    }

    /** One value in COPY's text format: {@code \N} for null, backslash escapes for the separators. */
    static void value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("\\N");
        } else if (v instanceof Instant t) {
            sb.append(iso(t)); // ISO-8601 in UTC (…Z), which timestamptz input reads
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof String s) {
            if (plain(s)) {
                sb.append(s);
                return;
            }
            int from = 0; // the runs between escapes are appended whole
            for (int i = 0; i < s.length(); i++) {
                String esc = switch (s.charAt(i)) {
                    case '\\' -> "\\\\";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> null;
                };
                if (esc != null) {
                    sb.append(s, from, i).append(esc);
                    from = i + 1;
                }
            }
            sb.append(s, from, s.length());
        } else {
            throw new IllegalArgumentException("no COPY text form for " + v.getClass().getSimpleName());
        }
    }
}
