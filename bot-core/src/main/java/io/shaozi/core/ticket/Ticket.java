package io.shaozi.core.ticket;

import io.shaozi.nlp.Rating;
import io.shaozi.nlp.Urgency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A summons ticket (哨单) as its event log makes it: {@link #replay} folds the events, and every stored ticket is
 * exactly that fold. Only {@link TicketMachine} decides new events.
 *
 * @param number          digits only: yyyyMMdd + daily sequence (at least 4 digits)
 * @param version         number of events applied (optimistic lock)
 * @param breached        deadlines missed in the current dispatch cycle
 * @param breaches        deadlines missed over the ticket's whole life (for metrics)
 * @param escalation      0 none, 1 street leader alerted (督办), 2 district alerted
 * @param escalateAt      when a level-1 escalation goes on to the district
 * @param pausedAt        when the SLA clocks were paused (waiting for the resident)
 * @param followers       residents who reported duplicates merged into this ticket
 * @param merged          numbers of duplicates merged into this ticket
 * @param master          for a MERGED ticket, the master it follows
 * @param wrongfulMinutes working minutes charged to departments for wrongful returns (summed)
 * @param returns         every 退单, oldest first
 * @param responded       响应 of the first dispatch to be signed or missed: true when signed by the sign deadline,
 *                        false when signed late or the deadline was missed; empty until decided
 * @param requestType     咨询 / 求助 / 投诉 / 举报 / 建议 / 表扬 as given at opening ("" for tickets opened before types)
 */
public record Ticket(String number, int version, TicketStatus status, String category, Optional<String> subcategory,
                     Urgency urgency, String text, String place, Optional<String> community, Optional<String> department,
                     Reporter reporter, List<Reporter> followers, List<String> attachments, Instant createdAt,
                     Instant updatedAt, Optional<Instant> dispatchedAt, Optional<Instant> acceptedAt,
                     Optional<Instant> contactedAt, Optional<Instant> resolvedAt, Optional<Instant> closedAt,
                     Optional<Instant> signDue, Optional<Instant> contactDue, Optional<Instant> resolveDue,
                     boolean provisional, Set<DeadlineKind> breached, int breaches, int escalation,
                     Optional<Instant> escalateAt, Optional<Instant> pausedAt, int bounces,
                     Optional<String> returnedBy, Optional<Instant> returnedAt, int wrongfulMinutes, List<ReturnRecord> returns,
                     List<Summons> summons, Optional<Integer> extensionRequested, int extendedDays,
                     Optional<Rating> rating, Optional<Instant> ratingDue, Optional<String> master,
                     List<String> merged, int reopens, int urges, Optional<Boolean> responded, String requestType) {

    public Ticket {
        followers = List.copyOf(followers);
        attachments = List.copyOf(attachments);
        breached = breached.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(breached));
        summons = List.copyOf(summons);
        returns = List.copyOf(returns);
        merged = List.copyOf(merged);
    }

    /** Rebuilds a ticket from its whole log (first event OPENED). */
    public static Ticket replay(List<TicketEvent> events) {
        if (events.isEmpty() || events.get(0).type() != EventType.OPENED) {
            throw new IllegalArgumentException("an event log starts with OPENED");
        }
        Ticket t = null;
        for (TicketEvent e : events) {
            t = TicketEvolver.apply(t, e);
        }
        return t;
    }

    /** Applies one more event (its seq must be version + 1). */
    public Ticket apply(TicketEvent e) {
        return TicketEvolver.apply(this, e);
    }

    /** True when some deadline of the current cycle was missed (or a summoned department missed its 报到). */
    public boolean overdue() {
        return !breached.isEmpty() || summons.stream().anyMatch(Summons::missed);
    }

    /** The deadline that matters now: the next one not yet met (sign, contact, resolve), or the rating window. */
    public Optional<Instant> dueAt() {
        if (status == TicketStatus.RESOLVED) {
            return ratingDue;
        }
        if (!status.withDepartment()) {
            return Optional.empty();
        }
        List<Instant> open = new ArrayList<>();
        if (acceptedAt.isEmpty()) {
            signDue.ifPresent(open::add);
        }
        if (contactedAt.isEmpty()) {
            contactDue.ifPresent(open::add);
        }
        resolveDue.ifPresent(open::add);
        return open.stream().min(Instant::compareTo);
    }

    /** Deadlines still running (not met, not yet breached) when clocks are not paused. */
    List<DeadlineKind> pendingDeadlines() {
        List<DeadlineKind> out = new ArrayList<>();
        if (!status.withDepartment() || pausedAt.isPresent()) {
            return out;
        }
        if (acceptedAt.isEmpty() && signDue.isPresent() && !breached.contains(DeadlineKind.SIGN)) {
            out.add(DeadlineKind.SIGN);
        }
        if (contactedAt.isEmpty() && contactDue.isPresent() && !breached.contains(DeadlineKind.CONTACT)) {
            out.add(DeadlineKind.CONTACT);
        }
        if (resolveDue.isPresent() && !breached.contains(DeadlineKind.RESOLVE)) {
            out.add(DeadlineKind.RESOLVE);
        }
        return out;
    }

    Optional<Instant> deadline(DeadlineKind k) {
        return switch (k) {
            case SIGN -> signDue;
            case CONTACT -> contactDue;
            case RESOLVE -> resolveDue;
        };
    }

    /**
     * When the escalation scanner must look at this ticket next (stored, indexed): the earliest pending deadline,
     * pending escalation, open 报到 deadline or rating deadline. Empty when nothing is pending.
     */
    public Optional<Instant> nextCheckAt() {
        if (status.terminal()) {
            return Optional.empty();
        }
        Stream.Builder<Instant> s = Stream.builder();
        for (DeadlineKind k : pendingDeadlines()) {
            deadline(k).ifPresent(s::add);
        }
        if (escalationPending()) {
            escalateAt.ifPresent(s::add);
        }
        for (Summons m : summons) {
            if (!m.reported() && !m.missed()) {
                s.add(m.dueAt());
            }
        }
        if (status == TicketStatus.RESOLVED) {
            ratingDue.ifPresent(s::add);
        }
        return s.build().min(Instant::compareTo);
    }

    /** A level-1 escalation may go on to the district (not while the clocks are paused). */
    boolean escalationPending() {
        return escalation == 1 && status.withDepartment() && pausedAt.isEmpty() && escalateAt.isPresent();
    }

    /** All residents to tell about a change: the reporter and everyone who follows through a merge. */
    public List<Reporter> audience() {
        List<Reporter> out = new ArrayList<>();
        out.add(reporter);
        for (Reporter f : followers) {
            if (out.stream().noneMatch(r -> r.key().equals(f.key()))) {
                out.add(f);
            }
        }
        return out;
    }

    public boolean reportedBy(String reporterKey) {
        return reporter.key().equals(reporterKey) || followers.stream().anyMatch(f -> f.key().equals(reporterKey));
    }

    public Optional<Summons> summonsOf(String department) {
        return summons.stream().filter(s -> s.department().equals(department)).findFirst();
    }
}
