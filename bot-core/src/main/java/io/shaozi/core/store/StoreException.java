package io.shaozi.core.store;

import java.sql.SQLException;

/** An unexpected storage failure (the caller answers 500/503; nothing partial is committed). */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    /** SQLSTATE 23505 (unique violation) on both H2 and PostgreSQL. */
    public boolean isUniqueViolation() {
        return getCause() instanceof SQLException s && "23505".equals(s.getSQLState());
    }
}
