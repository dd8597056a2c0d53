package io.shaozi.core.store;

import static io.shaozi.core.store.TicketRows.*;

import io.shaozi.core.ticket.MetricsFacts;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketEvent;
import io.shaozi.core.ticket.TicketPage;
import io.shaozi.core.ticket.TicketQuery;
import io.shaozi.core.ticket.TicketRepository;
import io.shaozi.core.ticket.TicketStatus;
import io.shaozi.core.ticket.TicketSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;


/**
 * JDBC {@link TicketRepository} for H2 and PostgreSQL: events in {@code ticket_event} (replayed on read), the
 * projection in {@code ticket}, {@code ticket_party}, {@code ticket_return}, {@code ticket_summons}; ticket numbers
 * from {@code ticket_day_seq}; outbox rows through {@link OutboxJdbc} in the same transaction; the character
 * bigrams, sparse grams, digit windows, digit triples and anchored grams ({@link TextGrams}) of request text and
 * address in {@code ticket_gram} (written at opening, backfilled by {@link #indexText} for older tickets) narrow
 * free-text search.
 */
public final class TicketJdbc implements TicketRepository {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /**
     * Postings of a query gram are counted up to this many to find the rarest (see {@link TicketSearchJdbc}).
     */
    private static final int GRAM_PROBE = 4_096;

    private final DataSource ds;
    private final io.shaozi.core.store.Tx tx;
    private final Clock clock;
    private final TicketSearchJdbc search;
    private final TicketFactsJdbc facts;
    /**
     * On H2, held by every ticket transaction: they run one at a time (re-entrant: a transaction within one). Every
     * opening and change bumps the same few {@code ticket_count} rows and locks ticket rows; under a burst of
     * openings, escalations and merges, H2 2.5 was seen to spin for good in its row-lock wait (all workers in
     * {@code TransactionMap.set}, memory growing; the chaos run, h2 with 20 kills), where PostgreSQL detects and breaks
     * a deadlock. The embedded H2 serves one instance and its store serializes commits anyway, so the lock costs
     * little there; PostgreSQL keeps its concurrency (empty).
     */
    private final Optional<java.util.concurrent.locks.ReentrantLock> serialWrites;

    public TicketJdbc(Database db, Clock clock) {
        this(db.dataSource(), clock, GRAM_PROBE, db.dialect() == Database.Dialect.H2);
    }

    public TicketJdbc(DataSource ds, Clock clock) {
        this(ds, clock, GRAM_PROBE);
    }

    /** With another probe limit: tests make small corpora take the paths meant for common grams. */
    TicketJdbc(DataSource ds, Clock clock, int gramProbe) {
        this(ds, clock, gramProbe, !read(ds, c -> c.isWrapperFor(org.postgresql.PGConnection.class)));
    }

    private TicketJdbc(DataSource ds, Clock clock, int gramProbe, boolean h2) {
        this.ds = ds;
        this.tx = new io.shaozi.core.store.Tx(ds);
        this.clock = clock;
        this.search = new TicketSearchJdbc(ds, gramProbe);
        this.facts = new TicketFactsJdbc(ds);
        this.serialWrites = h2 ? Optional.of(new java.util.concurrent.locks.ReentrantLock()) : Optional.empty();
        this.openings = new GroupCommit<>(this::openGroup, OPENING_GROUPS, OPENING_GROUP_SIZE);
    }

    /**
     * Openings committed together: concurrent openings queue, and up to this many groups at a time (each in its own
     * transaction) take up to {@link #OPENING_GROUP_SIZE} of them each.
     */
    private static final int OPENING_GROUPS = 2;
    private static final int OPENING_GROUP_SIZE = 64;
    private final GroupCommit<LocalDate, OpenWork<?>> openings;

    /**
     * Group commit: openings that arrive while others are being written share one transaction, their numbers one
     * increment of the day's sequence and their rows one batch per table (a multi-row INSERT on PostgreSQL). Should
     * the shared transaction fail (one opening's key already stored by a concurrent delivery, a bad value), each
     * opening runs again alone with the number it was given, and only the failing one fails.
     */
    @Override
    @SuppressWarnings("unchecked") // the member's result is what its own work returned
    public <T> T open(LocalDate day, OpenWork<T> work) {
        return (T) openings.write(day, work);
    }

    /** Writes one group of openings (all of {@code day}); on failure each alone. */
    private void openGroup(LocalDate day, List<GroupCommit.Member<LocalDate, OpenWork<?>>> group) {
        List<String> numbers = nextNumbers(day, group.size());
        if (group.size() > 1) {
            try {
                List<Object> results = write(true, t -> {
                    List<Object> out = new ArrayList<>(group.size());
                    for (int i = 0; i < group.size(); i++) {
                        out.add(group.get(i).work().run(t, numbers.get(i)));
                    }
                    return out;
                });
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).succeed(results.get(i));
                }
                return;
            } catch (RuntimeException | Error e) {
                // below: each alone, so that only the opening that fails hears of it
            }
        }
        for (int i = 0; i < group.size(); i++) {
            GroupCommit.Member<LocalDate, OpenWork<?>> m = group.get(i);
            String number = numbers.get(i);
            try {
                m.succeed(inTransaction(t -> m.work().run(t, number)));
            } catch (RuntimeException | Error e) {
                m.fail(e);
            }
        }
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        return write(false, work::run);
    }

    /**
     * One ticket transaction (on H2 one at a time): {@code work}, then its pending rows and count changes, then the
     * commit. {@code grouped}: several openings share it (their rows go out in one batch per statement).
     */
    private <T> T write(boolean grouped, java.util.function.Function<TicketTxJdbc, T> work) {
        serialWrites.ifPresent(java.util.concurrent.locks.ReentrantLock::lock);
        try {
            return tx.inTx(c -> {
                TicketTxJdbc t = new TicketTxJdbc(c, clock, grouped);
                T result = work.apply(t);
                t.flushRows();
                t.flushCounts();
                return result;
            });
        } finally {
            serialWrites.ifPresent(java.util.concurrent.locks.ReentrantLock::unlock);
        }
    }

    @Override
    public Optional<Ticket> find(String number) {
        List<TicketEvent> events = events(number);
        return events.isEmpty() ? Optional.empty() : Optional.of(Ticket.replay(events));
    }

    @Override
    public Optional<String> numberForKey(List<String> candidates) {
        return read(ds, c -> new TicketTxJdbc(c, clock).numberForKey(candidates));
    }

    @Override
    public List<TicketEvent> events(String number) {
        return read(ds, c -> readEvents(c, number));
    }

    @Override
    public TicketPage search(TicketQuery q) {
        return search.search(q);
    }

    /** Indexes the text of up to {@code batch} tickets opened before the text index; returns how many. */
    public int indexTextBatch(int batch) {
        return search.indexTextBatch(batch);
    }

    /** Indexes the text of every ticket opened before the text index (resumable); returns how many. */
    public long indexText() {
        return search.indexText();
    }

    /** Whether tickets opened before the text index still wait for their grams. */
    public boolean textIndexPending() {
        return search.textIndexPending();
    }

    @Override
    public MetricsFacts facts(Instant from, Instant to) {
        return facts.facts(from, to);
    }

    @Override
    public List<TicketSummary> byReporter(String reporterKey, int limit) {
        return read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + prefixed("t.") + " FROM ticket t JOIN ticket_party p"
                    + " ON p.ticket = t.number WHERE p.reporter_key = ? ORDER BY t.created_at DESC, t.number DESC LIMIT ?")) {
                ps.setString(1, reporterKey);
                ps.setInt(2, limit);
                return summaries(ps);
            }
        });
    }

    @Override
    public List<io.shaozi.core.ticket.RecentTicket> openedSince(Instant from, int limit) {
        return read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT number, status, created_at FROM ticket"
                    + " WHERE created_at >= ? ORDER BY created_at, number LIMIT ?")) { // ix_ticket_created
                ps.setObject(1, ts(from));
                ps.setInt(2, limit);
                List<io.shaozi.core.ticket.RecentTicket> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new io.shaozi.core.ticket.RecentTicket(rs.getString(1),
                                TicketStatus.valueOf(rs.getString(2)), instant(rs, 3).orElseThrow()));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<Versioned> versions(java.util.Set<TicketStatus> statuses, java.util.Set<io.shaozi.nlp.Urgency> urgencies) {
        if (statuses.isEmpty() || urgencies.isEmpty()) {
            return List.of();
        }
        return read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT number, version FROM ticket WHERE status IN ("
                    + String.join(", ", java.util.Collections.nCopies(statuses.size(), "?")) + ") AND urgency IN ("
                    + String.join(", ", java.util.Collections.nCopies(urgencies.size(), "?"))
                    + ") ORDER BY created_at, number")) { // ix_ticket_status
                int i = 1;
                for (TicketStatus st : statuses) {
                    ps.setString(i++, st.name());
                }
                for (io.shaozi.nlp.Urgency u : urgencies) {
                    ps.setString(i++, u.name());
                }
                List<Versioned> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Versioned(rs.getString(1), rs.getInt(2)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<io.shaozi.core.ticket.RecentTicket.Request> requests(java.util.Collection<String> numbers) {
        List<String> all = List.copyOf(numbers);
        List<io.shaozi.core.ticket.RecentTicket.Request> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += 200) {
            List<String> part = all.subList(from, Math.min(all.size(), from + 200));
            out.addAll(read(ds, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT number, content, place FROM ticket WHERE number IN ("
                        + String.join(", ", java.util.Collections.nCopies(part.size(), "?")) + ")")) {
                    for (int i = 0; i < part.size(); i++) {
                        ps.setString(i + 1, part.get(i));
                    }
                    List<io.shaozi.core.ticket.RecentTicket.Request> got = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            got.add(new io.shaozi.core.ticket.RecentTicket.Request(rs.getString(1), rs.getString(2),
                                    rs.getString(3)));
                        }
                    }
                    return got;
                }
            }));
        }
        return out;
    }

    @Override
    public List<String> dueForCheck(Instant now, int limit) {
        return read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT number FROM ticket WHERE next_check_at <= ? ORDER BY next_check_at, number LIMIT ?")) {
                ps.setObject(1, ts(now));
                ps.setInt(2, limit);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    // ------------------------------------------------------------------ numbers

    /**
     * yyyyMMdd + the day's sequence (zero-padded to 4 digits, longer past 9999). Allocated in its own short
     * transaction, so a rolled-back open leaves a gap but never a duplicate, and concurrent opens do not wait for
     * each other's commit.
     */
    @Override
    public String nextNumber(LocalDate day) {
        return nextNumbers(day, 1).get(0);
    }

    /** The next {@code n} numbers of {@code day}, in one increment of its sequence. */
    List<String> nextNumbers(LocalDate day, int n) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Integer> last = tx.inTx(c -> {
                if (c.isWrapperFor(org.postgresql.PGConnection.class)) {
                    // The day's row is locked until this commit returns; waiting for its WAL flush would make
                    // every opening queue behind the previous one's disk write. Not waiting is safe: a ticket
                    // holding this number commits later with a synchronous commit, which flushes the WAL up to
                    // and including this increment; an increment lost in a crash gave its number to no ticket.
                    // the setting and the increment in one round trip (the driver sends both statements together),
                    // and only the commit after it under the row lock
                    try (PreparedStatement ps = c.prepareStatement("SET LOCAL synchronous_commit = off;"
                            + " UPDATE ticket_day_seq SET last_value = last_value + ? WHERE seq_day = ? RETURNING last_value")) {
                        ps.setInt(1, n);
                        ps.setObject(2, day);
                        boolean rows = ps.execute();
                        while (!rows && ps.getUpdateCount() != -1) {
                            rows = ps.getMoreResults();
                        }
                        if (!rows) {
                            throw new SQLException("the day's sequence update returned no result");
                        }
                        try (ResultSet rs = ps.getResultSet()) {
                            return rs.next() ? Optional.of(rs.getInt(1)) : Optional.<Integer>empty();
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE ticket_day_seq SET last_value = last_value + ? WHERE seq_day = ?")) {
                    ps.setInt(1, n);
                    ps.setObject(2, day);
                    if (ps.executeUpdate() == 0) {
                        return Optional.<Integer>empty();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT last_value FROM ticket_day_seq WHERE seq_day = ?")) {
                    ps.setObject(1, day);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return Optional.of(rs.getInt(1));
                    }
                }
            });
            if (last.isPresent()) {
                List<String> numbers = new ArrayList<>(n);
                String prefix = DAY.format(day);
                for (int v = last.get() - n + 1; v <= last.get(); v++) {
                    String digits = Integer.toString(v);
                    numbers.add(prefix + "0".repeat(Math.max(0, 4 - digits.length())) + digits);
                }
                return numbers;
            }
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_day_seq (seq_day, last_value) VALUES (?, 0)")) {
                c.setAutoCommit(true);
                ps.setObject(1, day);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw new StoreException(e);
                }
            }
        }
        throw new IllegalStateException("could not allocate a ticket number for " + day);
    }
}
