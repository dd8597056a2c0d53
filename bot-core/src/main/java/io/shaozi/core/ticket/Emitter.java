package io.shaozi.core.ticket;


import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds events one by one, applying each so the next sees the new state. */
final class Emitter {
    Ticket t;
    final Instant now;
    final List<TicketEvent> events = new ArrayList<>();

    Emitter(Ticket t, Instant now) {
        this.t = t;
        this.now = now;
    }

    void emit(EventType type, Actor actor, TicketStatus to, String note, List<String> attachments, Map<String, String> data) {
        TicketEvent e = new TicketEvent(t.number(), t.version() + 1, type, actor, now, Optional.of(t.status()), to, note,
                attachments, data);
        t = t.apply(e);
        events.add(e);
    }

    Decision.Applied applied() {
        return new Decision.Applied(t, events, Optional.empty());
    }
}
