package io.shaozi.core.ticket;

import io.shaozi.core.push.Outbox;
import java.util.List;

/**
 * Tells residents about their tickets (the dialog implements it: render per channel, queue to the outbox). Called
 * inside the transaction with only the events a resident should see ({@link #visible}); {@code ticket.audience()}
 * lists the reporter and every follower of a merged duplicate.
 */
@FunctionalInterface
public interface ReporterNotifier {
    void notify(Ticket ticket, List<TicketEvent> visibleEvents, Outbox outbox);

    /** Tells nobody (tests, or before the dialog is wired). */
    ReporterNotifier NONE = (t, e, o) -> { };

    /** Whether residents see this event (status changes that concern them, not internal steps). */
    static boolean visible(TicketEvent e) {
        return switch (e.type()) {
            case OPENED, DISPATCHED, ACCEPTED, WAITING, RESOLVED, MERGED, REOPENED, WITHDRAWN, RATED,
                    CLOSED_UNRATED, EXTENSION_APPROVED, WHISTLED -> true;
            case PROGRESS -> !e.note().isBlank();
            default -> false;
        };
    }

    /** Adapts this to a {@link TicketNotifier} that filters visible events and skips calls with none. */
    default TicketNotifier asTicketNotifier() {
        return (t, events, outbox) -> {
            List<TicketEvent> v = events.stream().filter(ReporterNotifier::visible).toList();
            if (!v.isEmpty()) {
                notify(t, v, outbox);
            }
        };
    }
}
