package io.shaozi.core.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The latest alert ladder of a ticket, read from its events (nothing else is stored): it starts at the last 受理
 * without dispatch, 派单 or 重办 (the trigger), counts the {@link EventType#ALERTED} steps since, and ends at the
 * first acknowledgement ({@link EventType#ALERT_ACKED}, 签收) or when the ticket leaves the states that wait for
 * someone to take it.
 *
 * @param ladder      the trigger event's seq: the ladder's id within the ticket
 * @param department  the department alerted (empty: the street dispatches by hand)
 * @param steps       the ALERTED events of this ladder, oldest first
 * @param ack         the acknowledging event, if any
 */
public record AlertLog(String ticket, int ladder, Instant triggeredAt, Optional<String> department,
                       List<TicketEvent> steps, Optional<TicketEvent> ack) {
    /** Ticket states in which an alert waits for acknowledgement. */
    public static final Set<TicketStatus> WAITING = Set.of(TicketStatus.RECEIVED, TicketStatus.DISPATCHED,
            TicketStatus.REOPENED);

    public AlertLog {
        steps = List.copyOf(steps);
    }

    /** The alert's id in the API: {@code <ticket>-<ladder>}. */
    public String id() {
        return ticket + "-" + ladder;
    }

    /** The latest ladder in {@code events} (a ticket's log, oldest first); empty for no events. */
    public static Optional<AlertLog> latest(List<TicketEvent> events) {
        TicketEvent trigger = null;
        for (TicketEvent e : events) {
            if (e.type() == EventType.OPENED || e.type() == EventType.DISPATCHED
                    || e.type() == EventType.RATED && e.to() == TicketStatus.REOPENED) {
                trigger = e;
            }
        }
        if (trigger == null) {
            return Optional.empty();
        }
        Optional<String> dept = trigger.opt(Keys.DEPARTMENT);
        if (dept.isEmpty() && trigger.type() == EventType.RATED) {
            // a reopened ticket goes back to its department
            for (TicketEvent e : events) {
                if (e.type() == EventType.DISPATCHED && e.seq() < trigger.seq()) {
                    dept = e.opt(Keys.DEPARTMENT);
                }
            }
        }
        List<TicketEvent> steps = new ArrayList<>();
        Optional<TicketEvent> ack = Optional.empty();
        for (TicketEvent e : events) {
            if (e.seq() <= trigger.seq()) {
                continue;
            }
            if (e.type() == EventType.ALERTED && ack.isEmpty()
                    && Integer.toString(trigger.seq()).equals(e.data().get("ladder"))) {
                steps.add(e);
            } else if ((e.type() == EventType.ALERT_ACKED || e.type() == EventType.ACCEPTED) && ack.isEmpty()) {
                ack = Optional.of(e);
            }
        }
        return Optional.of(new AlertLog(trigger.ticket(), trigger.seq(), trigger.at(), dept, steps, ack));
    }

    /** Whether the ladder still waits for acknowledgement with the ticket in {@code status}. */
    public boolean open(TicketStatus status) {
        return ack.isEmpty() && WAITING.contains(status);
    }

    /** When the last step was taken. */
    public Optional<Instant> lastAt() {
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1).at());
    }

    /** Person ids and unit codes told by the steps so far. */
    public Set<String> told() {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (TicketEvent e : steps) {
            e.data().forEach((k, v) -> {
                if (k.startsWith("to.") && k.endsWith(".who")) {
                    out.add(v);
                }
            });
        }
        return out;
    }
}
