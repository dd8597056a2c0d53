package io.shaozi.core.ticket;

import io.shaozi.core.push.Outbox;
import java.util.List;

/**
 * Called inside the transaction of every ticket change, after the new events are stored and before commit.
 * Implementations queue messages through {@code outbox} (never send directly): a rollback drops them too.
 * Must not throw for ordinary cases; an exception rolls the whole change back.
 */
@FunctionalInterface
public interface TicketNotifier {
    void changed(Ticket ticket, List<TicketEvent> events, Outbox outbox);
}
