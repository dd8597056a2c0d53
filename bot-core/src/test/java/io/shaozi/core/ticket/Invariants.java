package io.shaozi.core.ticket;

import static org.assertj.core.api.Assertions.assertThat;

/** What must hold for every ticket in every state. */
public final class Invariants {
    private Invariants() {
    }

    public static void check(Ticket t, SlaPolicy sla) {
        TicketStatus s = t.status();
        assertThat(t.number()).matches("\\d{10,}");
        if (s.withDepartment()) {
            assertThat(t.department()).as("department of %s ticket", s).isPresent();
            assertThat(t.resolveDue()).as("resolve deadline of %s ticket", s).isPresent();
        }
        if (s == TicketStatus.DISPATCHED || s == TicketStatus.REOPENED) {
            assertThat(t.signDue()).isPresent();
        }
        if (s == TicketStatus.ACCEPTED || s == TicketStatus.IN_PROGRESS || s == TicketStatus.WAITING_RESIDENT) {
            assertThat(t.acceptedAt()).as("accepted before %s", s).isPresent();
        }
        if (s == TicketStatus.RETURNED || s == TicketStatus.ARBITRATION) {
            assertThat(t.department()).isEmpty();
            assertThat(t.returns()).isNotEmpty();
        }
        if (s == TicketStatus.ARBITRATION) {
            assertThat(t.bounces()).isEqualTo(sla.bounceCap());
        }
        assertThat(t.bounces()).isBetween(0, sla.bounceCap()).isEqualTo(t.returns().size());
        if (s == TicketStatus.RESOLVED) {
            assertThat(t.resolvedAt()).isPresent();
            assertThat(t.ratingDue()).isPresent();
        }
        if (s == TicketStatus.CLOSED) {
            assertThat(t.closedAt()).isPresent();
            assertThat(t.rating()).isPresent();
        }
        if (s == TicketStatus.MERGED) {
            assertThat(t.master()).isPresent();
        }
        if (s == TicketStatus.WAITING_RESIDENT) {
            assertThat(t.pausedAt().isPresent()).isEqualTo(sla.pauses(TicketStatus.WAITING_RESIDENT));
        } else {
            assertThat(t.pausedAt()).isEmpty();
        }
        if (s.terminal()) {
            assertThat(t.nextCheckAt()).isEmpty();
        }
        assertThat(t.escalation()).isBetween(0, 2);
        if (t.escalation() > 0) {
            assertThat(t.breaches()).isPositive();
        }
        assertThat(t.breaches()).isGreaterThanOrEqualTo(t.breached().size());
        assertThat(t.summons().stream().map(Summons::department).distinct().count()).isEqualTo(t.summons().size());
    }
}
