package io.shaozi.core.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One append-only entry of a ticket's log. {@code seq} is 1-based and equals the ticket version after the event;
 * {@code data} carries everything the state needs (deadlines are computed when the event is decided and stored
 * here), so {@link Ticket#replay} rebuilds the ticket without configuration.
 *
 * @param note        free text for people (Chinese), may be empty
 * @param attachments references (media ids, URLs), never the bytes
 */
public record TicketEvent(String ticket, int seq, EventType type, Actor actor, Instant at, Optional<TicketStatus> from,
                          TicketStatus to, String note, List<String> attachments, Map<String, String> data) {
    public TicketEvent {
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(note, "note");
        attachments = List.copyOf(attachments);
        data = java.util.Collections.unmodifiableMap(new TreeMap<>(data)); // sorted: replay order is stable
        if (seq < 1) {
            throw new IllegalArgumentException("event seq starts at 1");
        }
    }

    public String get(String key) {
        String v = data.get(key);
        if (v == null) {
            throw new IllegalStateException("event " + ticket + "#" + seq + " " + type + " lacks data key " + key);
        }
        return v;
    }

    public Optional<String> opt(String key) {
        return Optional.ofNullable(data.get(key)).filter(s -> !s.isEmpty());
    }
}
