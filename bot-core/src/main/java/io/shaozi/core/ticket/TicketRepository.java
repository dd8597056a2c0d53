package io.shaozi.core.ticket;

import io.shaozi.core.push.Outbox;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Storage of tickets as event logs plus a queryable projection (implemented in {@code store.TicketJdbc}). Tickets
 * are read by replaying their events; the projection row (status, department, deadlines, next check…) is written
 * from the replayed ticket in the same transaction as the events.
 */
public interface TicketRepository {

    /** Runs {@code work} in one transaction; any exception rolls back everything, outbox rows included. */
    <T> T inTransaction(Work<T> work);

    /** Work inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Tx tx);
    }

    /** Operations bound to one open transaction. */
    interface Tx {
        /** The ticket as its events make it (read in this transaction). */
        Optional<Ticket> find(String number);

        /**
         * Locks the ticket's row until the transaction ends, then reads it: writers to one ticket queue up instead of
         * failing each other's version check.
         */
        Optional<Ticket> lock(String number);

        /** Stores a new ticket: its events and projection. */
        void insert(Ticket ticket, List<TicketEvent> events);

        /**
         * Appends {@code events} and rewrites the projection when the stored version is still
         * {@code expectedVersion}; false (nothing written) when someone else changed the ticket first.
         */
        boolean update(Ticket ticket, int expectedVersion, List<TicketEvent> events);

        /** The number already opened for an idempotency key stored as any of {@code candidates} (first found wins). */
        Optional<String> numberForKey(List<String> candidates);

        /** Remembers that {@code dedupeKey} opened {@code number}. */
        void rememberKey(String dedupeKey, String number);

        /** The transaction's outbox. */
        Outbox outbox();
    }

    /**
     * Opens one ticket: allocates the next number of {@code day} and runs {@code work} with it in a transaction.
     * {@code work} may only write through {@link Tx#insert}, {@link Tx#rememberKey} and {@link Tx#outbox} (it must
     * not read back what it wrote): an implementation may then commit several openings in one transaction (group
     * commit) and, should that shared transaction fail, run each opening again alone with the same number, so that
     * one opening's failure reaches only its own caller. Returns once the ticket is committed.
     */
    default <T> T open(LocalDate day, OpenWork<T> work) {
        String number = nextNumber(day);
        return inTransaction(tx -> work.run(tx, number));
    }

    /** An opening's work: writes the ticket numbered {@code number}. */
    @FunctionalInterface
    interface OpenWork<T> {
        T run(Tx tx, String number);
    }

    /**
     * Next ticket number for {@code day}: yyyyMMdd + daily sequence (≥ 4 digits), unique across instances. Runs in
     * its own short transaction (call it before {@link #inTransaction}, never inside: it needs its own connection).
     * A number whose ticket is never stored is a harmless gap.
     */
    String nextNumber(LocalDate day);

    Optional<Ticket> find(String number);

    /** {@link Tx#numberForKey} as a single read outside any transaction (one round trip, no commit). */
    Optional<String> numberForKey(List<String> candidates);

    List<TicketEvent> events(String number);

    /** Filtered page of the projection, newest first. */
    TicketPage search(TicketQuery query);

    /** Tickets whose reporter or a follower is {@code reporterKey}, newest first. */
    List<TicketSummary> byReporter(String reporterKey, int limit);

    /**
     * Tickets opened at or after {@code from} (any status), oldest first, at most {@code limit}: what every instance's
     * near-duplicate lookup reads to know the tickets opened elsewhere.
     */
    List<RecentTicket> openedSince(Instant from, int limit);

    /**
     * The number and version of every ticket in one of {@code statuses} with one of {@code urgencies}, oldest first:
     * what the alert ladder looks at (it reads a ticket in full only when its version changed or a step is due).
     */
    List<Versioned> versions(java.util.Set<TicketStatus> statuses, java.util.Set<io.shaozi.nlp.Urgency> urgencies);

    /** A ticket's number and version (its event count). */
    record Versioned(String number, int version) {
        public Versioned {
            java.util.Objects.requireNonNull(number, "number");
        }
    }

    /** The request text and place of each of {@code numbers} that exists (any order). */
    List<RecentTicket.Request> requests(java.util.Collection<String> numbers);

    /** Numbers of non-final tickets whose next check is due at {@code now}, oldest first. */
    List<String> dueForCheck(Instant now, int limit);

    /** Facts for metrics: tickets created in {@code [from, to)}. */
    MetricsFacts facts(Instant from, Instant to);
}
