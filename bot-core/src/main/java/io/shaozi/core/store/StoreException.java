package io.shaozi.core.store;

import io.shaozi.core.http.Retryable;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * An unexpected storage failure (nothing partial is committed). Its message carries the SQLSTATE and vendor code
 * only, never the driver's text, which can quote the values of the statement (a phone number, a resident's words).
 */
public final class StoreException extends RuntimeException implements Retryable {
    private static final long serialVersionUID = 1L;

    public StoreException(SQLException cause) {
        super("SQL failure (SQLSTATE " + cause.getSQLState() + ", code " + cause.getErrorCode() + ")", cause);
    }

    /** SQLSTATE 23505 (unique violation) on both H2 and PostgreSQL. */
    public boolean isUniqueViolation() {
        return getCause() instanceof SQLException s && "23505".equals(s.getSQLState());
    }

    /**
     * The database could not be reached or refused work for now: no connection within the pool's wait, a broken
     * connection (SQLSTATE class 08), PostgreSQL shutting down or out of resources (57P, 53).
     */
    @Override
    public boolean retryable() {
        if (getCause() instanceof SQLTransientException || getCause() instanceof SQLRecoverableException) {
            return true;
        }
        String state = getCause() instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "";
        return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
    }
}
