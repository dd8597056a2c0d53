package io.shaozi.core.ticket;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What {@link TicketMachine} decided: new events (and the ticket they make), or a refusal with the reason. */
public sealed interface Decision {

    /**
     * Accepted: append {@code events} to the ticket's log; {@code ticket} is the result. {@code master} carries
     * the master ticket's own events for a merge.
     */
    record Applied(Ticket ticket, List<TicketEvent> events, Optional<Applied> master) implements Decision {
        public Applied {
            Objects.requireNonNull(ticket, "ticket");
            events = List.copyOf(events);
            Objects.requireNonNull(master, "master");
        }

        /** No change at all (e.g. the scanner found nothing due). */
        public boolean empty() {
            return events.isEmpty();
        }
    }

    /** Refused; {@code forbidden} when the actor lacks the role, else the state does not allow it. */
    record Refused(String reason, boolean forbidden) implements Decision {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
