package io.shaozi.core.ticket;

import io.shaozi.nlp.Rating;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The raw facts metrics are computed from (one query each, no replay). */
public record MetricsFacts(List<TicketFact> tickets, List<ReturnFact> returns, List<SummonsFact> summons) {
    public MetricsFacts {
        tickets = List.copyOf(tickets);
        returns = List.copyOf(returns);
        summons = List.copyOf(summons);
    }

    /** Per ticket: the final (current) dispatch cycle plus lifetime counters. */
    public record TicketFact(String number, String category, Optional<String> department, Optional<String> community,
                             TicketStatus status, Instant createdAt, Optional<Instant> dispatchedAt,
                             Optional<Instant> acceptedAt, Optional<Instant> signDue, int breaches,
                             Optional<Rating> rating, Optional<Boolean> responded, String requestType) {

        /** Without a request type (tickets opened before types were recorded). */
        public TicketFact(String number, String category, Optional<String> department, Optional<String> community,
                          TicketStatus status, Instant createdAt, Optional<Instant> dispatchedAt,
                          Optional<Instant> acceptedAt, Optional<Instant> signDue, int breaches,
                          Optional<Rating> rating, Optional<Boolean> responded) {
            this(number, category, department, community, status, createdAt, dispatchedAt, acceptedAt, signDue, breaches,
                    rating, responded, "");
        }
    }

    /** A 退单 by {@code department}; {@code wrongful} once the street judged it so. */
    public record ReturnFact(String number, String department, String reason, Instant returnedAt, boolean wrongful,
                             long lostMinutes) {
    }

    /** A department summoned by a 吹哨. */
    public record SummonsFact(String number, String department, Instant dueAt, Optional<Instant> reportedAt,
                              boolean missed) {
    }

    /** Facts of tickets in memory (tests, small deployments). */
    public static MetricsFacts of(List<Ticket> tickets) {
        List<ReturnFact> returns = tickets.stream().flatMap(t -> t.returns().stream().map(r -> new ReturnFact(t.number(),
                r.department(), r.reason().code(), r.at(), r.wrongful(), r.lostMinutes()))).toList();
        List<TicketFact> tf = tickets.stream().map(t -> new TicketFact(t.number(), t.category(), t.department(),
                t.community(), t.status(), t.createdAt(), t.dispatchedAt(), t.acceptedAt(), t.signDue(), t.breaches(),
                t.rating(), t.responded(), t.requestType())).toList();
        List<SummonsFact> sf = tickets.stream().flatMap(t -> t.summons().stream().map(s -> new SummonsFact(t.number(),
                s.department(), s.dueAt(), s.reportedAt(), s.missed()))).toList();
        return new MetricsFacts(tf, returns, sf);
    }
}
