package io.shaozi.core.ticket;

import java.time.Instant;
import java.util.Objects;

/** A ticket as the near-duplicate lookup first sees it: its number, status and opening time. */
public record RecentTicket(String number, TicketStatus status, Instant createdAt) {
    public RecentTicket {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A ticket's request text and place, as opened. */
    public record Request(String number, String text, String place) {
        public Request {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(place, "place");
        }
    }
}
