package io.shaozi.core.ticket;

import io.shaozi.nlp.Urgency;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the ticket list (from the projection, no replay), with the request's text and place.
 *
 * @param requestType 咨询 / 求助 / 投诉 / 举报 / 建议 / 表扬, "" for tickets opened before types
 */
public record TicketSummary(String number, TicketStatus status, String category, Optional<String> department,
                            Optional<String> community, Urgency urgency, Instant createdAt, Optional<Instant> dueAt,
                            boolean overdue, String text, String place, String requestType) {
    public TicketSummary {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(community, "community");
        Objects.requireNonNull(urgency, "urgency");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(place, "place");
        Objects.requireNonNull(requestType, "requestType");
    }

    public static TicketSummary of(Ticket t) {
        return new TicketSummary(t.number(), t.status(), t.category(), t.department(), t.community(), t.urgency(),
                t.createdAt(), t.dueAt(), t.overdue(), t.text(), t.place(), t.requestType());
    }
}
