package io.shaozi.core.dialog;

import io.shaozi.core.ticket.RecentTicket;
import io.shaozi.core.ticket.TicketService;
import io.shaozi.nlp.SimilarityIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Near-duplicate open requests over the tickets of every instance. The scoring index ({@link SimilarityIndex}) is
 * kept in memory, but the store is its source: before a lookup, the tickets opened since the last look (by any
 * instance, read through {@code ix_ticket_created}) are added and those no longer open are dropped, so every
 * instance and a restarted one answer from the same tickets: all open tickets opened within the window. Memory is
 * bounded by the window and by {@link Settings#maxEntries} (the oldest go first).
 */
public final class NearDuplicates {
    private static final int PAGE = 2_000;

    /**
     * @param window     how far back a ticket counts as a possible duplicate
     * @param refresh    at most one read of the store per this interval (lookups in between use what is held);
     *                   zero: read before every lookup
     * @param overlap    how far before the last seen opening time each read starts again: a ticket whose
     *                   transaction committed late (after a later one was read) is still found
     * @param maxEntries most tickets held; beyond it the oldest are dropped
     */
    public record Settings(Duration window, Duration refresh, Duration overlap, int maxEntries) {
        public Settings {
            if (window.isNegative() || window.isZero() || refresh.isNegative() || overlap.isNegative()
                    || maxEntries < 1) {
                throw new IllegalArgumentException("near-duplicate settings out of range");
            }
        }

        public static Settings defaults(Duration window) {
            return new Settings(window, Duration.ofSeconds(1), Duration.ofSeconds(10), 100_000);
        }
    }

    private final SimilarityIndex index = new SimilarityIndex();
    private final TicketService tickets;
    private final Clock clock;
    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    /** Tickets held, by number, in the order they were added (about their opening order). Guarded by lock. */
    private final Map<String, Instant> held = new LinkedHashMap<>();
    private Optional<Instant> seenUpTo = Optional.empty();
    private long lastRead = Long.MIN_VALUE;
    private boolean everRead;

    public NearDuplicates(TicketService tickets, Clock clock, Settings settings) {
        this.tickets = tickets;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Open tickets similar to {@code text} at {@code place} with at least {@code minScore}, best first. Each match's
     * status is read again (a ticket closed long after it was opened is not among the recent reads): one that is no
     * longer open is dropped for good.
     */
    public List<SimilarityIndex.Match> similar(String text, Optional<String> place, double minScore) {
        Instant now = clock.instant();
        refresh(now);
        List<SimilarityIndex.Match> out = new java.util.ArrayList<>();
        for (SimilarityIndex.Match m : index.similar(text, place, now, settings.window(), minScore)) {
            if (tickets.find(m.id()).map(t -> t.status().open()).orElse(false)) {
                out.add(m);
            } else {
                closed(m.id());
            }
        }
        return out;
    }

    /** A ticket this instance just opened (found by the next read anyway; added now so that it counts at once). */
    public void opened(String number, String text, Optional<String> place, Instant at) {
        lock.lock();
        try {
            add(number, text, place, at);
        } finally {
            lock.unlock();
        }
    }

    /** A ticket that is no longer open (merged, closed, withdrawn…). */
    public void closed(String number) {
        lock.lock();
        try {
            held.remove(number);
            index.remove(number);
        } finally {
            lock.unlock();
        }
    }

    /** How many tickets are held. */
    public int size() {
        lock.lock();
        try {
            return held.size();
        } finally {
            lock.unlock();
        }
    }

    /** Reads the tickets opened since the last read (the whole window the first time). */
    public void refresh(Instant now) {
        lock.lock(); // a thread arriving while another reads waits for it, then finds the read fresh
        try {
            long t = System.nanoTime();
            if (everRead && t - lastRead < settings.refresh().toNanos()) {
                return;
            }
            Instant windowStart = now.minus(settings.window());
            Instant from = seenUpTo.map(s -> s.minus(settings.overlap())).filter(s -> s.isAfter(windowStart))
                    .orElse(windowStart);
            while (true) {
                List<RecentTicket> page = tickets.openedSince(from, PAGE);
                List<String> unknown = new java.util.ArrayList<>();
                for (RecentTicket r : page) {
                    if (!r.status().open()) {
                        if (held.remove(r.number()) != null) {
                            index.remove(r.number());
                        }
                    } else if (!held.containsKey(r.number())) {
                        unknown.add(r.number()); // only these are read in full: most of a read is known already
                    }
                    if (seenUpTo.isEmpty() || r.createdAt().isAfter(seenUpTo.get())) {
                        seenUpTo = Optional.of(r.createdAt());
                    }
                }
                Map<String, Instant> at = new java.util.HashMap<>();
                page.forEach(r -> at.put(r.number(), r.createdAt()));
                Map<String, RecentTicket.Request> read = new java.util.HashMap<>();
                tickets.requests(unknown).forEach(q -> read.put(q.number(), q));
                for (String n : unknown) { // in the page's order, oldest first: the eviction below drops the oldest
                    RecentTicket.Request q = read.get(n);
                    if (q != null) {
                        add(q.number(), q.text() + " " + q.place(),
                                q.place().isEmpty() ? Optional.empty() : Optional.of(q.place()), at.get(q.number()));
                    }
                }
                if (page.size() < PAGE || !page.get(page.size() - 1).createdAt().isAfter(from)) {
                    break;
                }
                from = page.get(page.size() - 1).createdAt();
            }
            held.values().removeIf(at -> at.isBefore(windowStart));
            index.removeOlderThan(windowStart);
            lastRead = t;
            everRead = true;
        } finally {
            lock.unlock();
        }
    }

    private void add(String number, String text, Optional<String> place, Instant at) {
        held.remove(number);
        held.put(number, at);
        index.add(number, text, place, at);
        Iterator<String> oldest = held.keySet().iterator();
        while (held.size() > settings.maxEntries() && oldest.hasNext()) {
            String n = oldest.next();
            oldest.remove();
            index.remove(n);
        }
    }
}
