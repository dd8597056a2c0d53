package io.shaozi.core.ticket;

/** Thrown inside a transaction when a ticket changed under us; rolls the transaction back. */
final class VersionConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String number;

    VersionConflict(String number) {
        super("ticket " + number + " changed concurrently", null, false, false);
        this.number = number;
    }

    String number() {
        return number;
    }
}
