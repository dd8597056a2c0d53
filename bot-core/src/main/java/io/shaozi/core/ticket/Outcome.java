package io.shaozi.core.ticket;

import java.util.Objects;

/** The result of acting on a ticket through {@link TicketService}. */
public sealed interface Outcome {

    /** Committed; {@code ticket} is the new state. */
    record Done(Ticket ticket) implements Outcome {
        public Done {
            Objects.requireNonNull(ticket, "ticket");
        }
    }

    /** Not allowed in the ticket's state (or bad data): the reason is for people (Chinese). HTTP 409. */
    record Refused(String reason) implements Outcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The actor's role or department does not allow it. HTTP 403. */
    record Forbidden(String reason) implements Outcome {
        public Forbidden {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Someone changed the ticket first (optimistic version): reload and retry. HTTP 409. */
    record Conflict(String reason, int currentVersion) implements Outcome {
        public Conflict {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No such ticket. HTTP 404. */
    record NotFound(String number) implements Outcome {
        public NotFound {
            Objects.requireNonNull(number, "number");
        }
    }
}
