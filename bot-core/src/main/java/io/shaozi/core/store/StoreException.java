package io.shaozi.core.store;

import java.sql.SQLException;
import java.util.Locale;

/**
 * An unexpected storage failure (the caller answers 500/503; nothing partial is committed). Its message names the
 * SQLState, vendor code and statement kind only: drivers quote the statement's parameter values (a resident's phone
 * number, a message text) in theirs, and logs must not carry them.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(SQLException cause) {
        super(describe(cause), cause);
    }

    /** SQLSTATE 23505 (unique violation) on both H2 and PostgreSQL. */
    public boolean isUniqueViolation() {
        return getCause() instanceof SQLException s && "23505".equals(s.getSQLState());
    }

    /** "SQLState 23505, code 23505, statement INSERT" — never the driver's message, which quotes values. */
    public static String describe(SQLException e) {
        StringBuilder sb = new StringBuilder("SQL error: SQLState ").append(e.getSQLState())
                .append(", code ").append(e.getErrorCode());
        if (e instanceof org.h2.jdbc.JdbcException h2 && h2.getSQL() != null) {
            String sql = h2.getSQL().stripLeading();
            int end = 0;
            while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
                end++;
            }
            if (end > 0) {
                sb.append(", statement ").append(sql.substring(0, end).toUpperCase(Locale.ROOT));
            }
        }
        return sb.toString();
    }
}
