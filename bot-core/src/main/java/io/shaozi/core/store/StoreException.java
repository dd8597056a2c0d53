package io.shaozi.core.store;

import io.shaozi.core.http.Retryable;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;

/**
 * An unexpected storage failure (nothing partial is committed). Its message names the SQLState, vendor code and
 * statement kind only: drivers quote the statement's parameter values (a resident's phone number, a message text)
 * in theirs, and logs must not carry them.
 */
public final class StoreException extends RuntimeException implements Retryable {
    private static final long serialVersionUID = 1L;

    public StoreException(SQLException cause) {
        super(describe(cause), cause);
    }

    /** SQLSTATE 23505 (unique violation) on both H2 and PostgreSQL. */
    public boolean isUniqueViolation() {
        return getCause() instanceof SQLException s && "23505".equals(s.getSQLState());
    }

    /**
     * The database could not be reached or refused work for now: no connection within the pool's wait, a broken
     * connection (SQLSTATE class 08), PostgreSQL shutting down or out of resources (57P, 53). The server answers
     * 503 with Retry-After.
     */
    @Override
    public boolean retryable() {
        if (getCause() instanceof SQLTransientException || getCause() instanceof SQLRecoverableException) {
            return true;
        }
        String state = getCause() instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "";
        return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
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
