package io.shaozi.core.ticket;

import java.time.Instant;
import java.util.Objects;

/** What the near-duplicate lookup needs of a ticket: its number, status, request text, place and opening time. */
public record RecentTicket(String number, TicketStatus status, String text, String place, Instant createdAt) {
    public RecentTicket {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(place, "place");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
