package io.shaozi.core.store;

import static io.shaozi.core.store.TicketRows.*;

import io.shaozi.core.http.Json;
import io.shaozi.core.push.Outbox;
import io.shaozi.core.ticket.Reporter;
import io.shaozi.core.ticket.ReturnRecord;
import io.shaozi.core.ticket.Summons;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketEvent;
import io.shaozi.core.ticket.TicketRepository;
import io.shaozi.core.ticket.TicketStatus;
import io.shaozi.nlp.Rating;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;


/**
 * One ticket transaction: events appended to {@code ticket_event}, the projection ({@code ticket}, {@code
 * ticket_party}, {@code ticket_return}, {@code ticket_summons}, {@code ticket_gram}, {@code ticket_count}) and outbox
 * rows written on the same connection; {@link #flushCounts} last, just before the commit.
 */

final class TicketTxJdbc implements TicketRepository.Tx {
    private final Connection c;
    private final Clock clock;
    /**
     * The transaction's {@code ticket_count} changes by cell key, written last (just before the commit): every
     * opening bumps the same few cells, whose row locks are then held only for the commit, not for the whole
     * transaction.
     */
    private final java.util.TreeMap<String, Object[]> counts = new java.util.TreeMap<>();
    /**
     * Rows of new tickets not yet sent, by statement, in the order the statements were first used (a ticket's row
     * before the rows that refer to it): one batch per statement for all the tickets a grouped opening inserts.
     */
    private final java.util.LinkedHashMap<String, PreparedStatement> pending = new java.util.LinkedHashMap<>();
    /** Whether {@link #insert} and {@link #rememberKey} leave their rows pending until {@link #flushRows}. */
    private final boolean grouped;

    TicketTxJdbc(Connection c, Clock clock) {
        this(c, clock, false);
    }

    /** @param grouped several openings share the transaction: their rows go out in one batch per statement */
    TicketTxJdbc(Connection c, Clock clock, boolean grouped) {
        this.c = c;
        this.clock = clock;
        this.grouped = grouped;
    }

    /** The statement that batches rows for {@code sql} until {@link #flushRows}. */
    private PreparedStatement rows(String sql) throws SQLException {
        PreparedStatement ps = pending.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            pending.put(sql, ps);
        }
        return ps;
    }

    /** Sends the pending rows, one batch per statement (every read and update sends them first). */
    void flushRows() throws SQLException {
        try {
            for (PreparedStatement ps : pending.values()) {
                ps.executeBatch();
            }
        } finally {
            for (PreparedStatement ps : pending.values()) {
                ps.close();
            }
            pending.clear();
        }
    }

    private void flushed() {
        try {
            flushRows();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public Optional<Ticket> find(String number) {
        flushed();
        try {
            List<TicketEvent> events = readEvents(c, number);
            return events.isEmpty() ? Optional.empty() : Optional.of(Ticket.replay(events));
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public Optional<Ticket> lock(String number) {
        flushed();
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM ticket WHERE number = ? FOR UPDATE")) {
            ps.setString(1, number);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return find(number);
    }

    @Override
    public void insert(Ticket t, List<TicketEvent> events) {
        try {
            {
                PreparedStatement ps = rows("INSERT INTO ticket (number, version, status, category,"
                    + " subcategory, urgency, department, community, reporter_key, phone, place, content, created_at,"
                    + " updated_at, dispatched_at, accepted_at, contacted_at, resolved_at, closed_at, sign_due, contact_due,"
                    + " resolve_due, due_at, provisional, overdue, breaches, escalation, bounces, rating, master, next_check_at,"
                    + " responded, request_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                ps.setString(1, t.number());
                ps.setInt(2, t.version());
                ps.setString(3, t.status().name());
                ps.setString(4, t.category());
                ps.setString(5, t.subcategory().orElse(null));
                ps.setString(6, t.urgency().name());
                ps.setString(7, t.department().orElse(null));
                ps.setString(8, t.community().orElse(null));
                ps.setString(9, t.reporter().key());
                ps.setString(10, t.reporter().phone());
                ps.setString(11, t.place());
                ps.setString(12, t.text());
                ps.setObject(13, ts(t.createdAt()));
                setProjection(ps, 14, t);
                ps.setString(33, t.requestType().isEmpty() ? null : t.requestType());
                ps.addBatch();
            }
            // request text and address are fixed at opening (update() never rewrites them): index them once
            PreparedStatement grams = rows("INSERT INTO ticket_gram (gram, number) VALUES (?, ?)");
            for (String g : TextGrams.allGrams(t.text(), t.place())) { // a key of two kinds once
                grams.setString(1, g);
                grams.setString(2, t.number());
                grams.addBatch();
            }
            adjust(List.of(new Cell(t)), List.of());
            eventRows(events);
            partyRows(t);
            if (!t.returns().isEmpty() || !t.summons().isEmpty()) { // not at opening; written as an update writes them
                flushRows();
                writeReturnsAndSummons(t);
            }
            if (!grouped) {
                flushRows();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public boolean update(Ticket t, int expectedVersion, List<TicketEvent> events) {
        flushed();
        try {
            Cell before;
            try (PreparedStatement ps = c.prepareStatement("SELECT version, status, department, community, category,"
                    + " overdue FROM ticket WHERE number = ? FOR UPDATE")) {
                ps.setString(1, t.number());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != expectedVersion) {
                        return false;
                    }
                    before = new Cell(rs.getString(2), nz(rs.getString(3)), nz(rs.getString(4)), rs.getString(5),
                            rs.getBoolean(6));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ticket SET updated_at = ?, dispatched_at = ?,"
                    + " accepted_at = ?, contacted_at = ?, resolved_at = ?, closed_at = ?, sign_due = ?, contact_due = ?,"
                    + " resolve_due = ?, due_at = ?, provisional = ?, overdue = ?, breaches = ?, escalation = ?, bounces = ?,"
                    + " rating = ?, master = ?, next_check_at = ?, responded = ?, version = ?, status = ?, department = ?,"
                    + " community = ?, category = ?, subcategory = ?"
                    + " WHERE number = ? AND version = ?")) {
                int i = setProjection(ps, 1, t);
                ps.setInt(i++, t.version());
                ps.setString(i++, t.status().name());
                ps.setString(i++, t.department().orElse(null));
                ps.setString(i++, t.community().orElse(null));
                ps.setString(i++, t.category()); // a 类别更正 (RECATEGORIZED) changes it; the count cell moves below
                ps.setString(i++, t.subcategory().orElse(null));
                ps.setString(i++, t.number());
                ps.setInt(i, expectedVersion);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            Cell after = new Cell(t);
            if (!after.equals(before)) {
                adjust(List.of(after), List.of(before));
            }
            eventRows(events);
            partyRows(t);
            flushRows();
            writeReturnsAndSummons(t);
            return true;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Sets updated_at … responded (19 columns) from {@code i}; returns the next index. */
    private int setProjection(PreparedStatement ps, int i, Ticket t) throws SQLException {
        ps.setObject(i++, ts(t.updatedAt()));
        ps.setObject(i++, ts(t.dispatchedAt()));
        ps.setObject(i++, ts(t.acceptedAt()));
        ps.setObject(i++, ts(t.contactedAt()));
        ps.setObject(i++, ts(t.resolvedAt()));
        ps.setObject(i++, ts(t.closedAt()));
        ps.setObject(i++, ts(t.signDue()));
        ps.setObject(i++, ts(t.contactDue()));
        ps.setObject(i++, ts(t.resolveDue()));
        ps.setObject(i++, ts(t.dueAt()));
        ps.setBoolean(i++, t.provisional());
        ps.setBoolean(i++, t.overdue());
        ps.setInt(i++, t.breaches());
        ps.setInt(i++, t.escalation());
        ps.setInt(i++, t.bounces());
        ps.setString(i++, t.rating().map(Rating::name).orElse(null));
        ps.setString(i++, t.master().orElse(null));
        ps.setObject(i++, ts(t.nextCheckAt()));
        ps.setObject(i++, t.responded().orElse(null), java.sql.Types.BOOLEAN);
        return i;
    }

    /** Adds the rows of {@code events} to the pending batch and queues their media downloads. */
    private void eventRows(List<TicketEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        {
            PreparedStatement ps = rows("INSERT INTO ticket_event (ticket, seq, type, actor_id, actor_name,"
                + " actor_role, actor_department, actor_community, occurred_at, from_status, to_status, note, attachments,"
                + " data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            for (TicketEvent e : events) {
                ps.setString(1, e.ticket());
                ps.setInt(2, e.seq());
                ps.setString(3, e.type().name());
                ps.setString(4, e.actor().id());
                ps.setString(5, e.actor().name());
                ps.setString(6, e.actor().role().name());
                ps.setString(7, e.actor().department().orElse(null));
                ps.setString(8, e.actor().community().orElse(null));
                ps.setObject(9, ts(e.at()));
                ps.setString(10, e.from().map(TicketStatus::name).orElse(null));
                ps.setString(11, e.to().name());
                ps.setString(12, e.note());
                ps.setString(13, e.attachments().isEmpty() ? "[]" : Json.text(e.attachments()));
                ps.setString(14, Json.text(e.data()));
                ps.addBatch();
            }
        }
        for (TicketEvent e : events) {
            for (io.shaozi.core.push.OutboxMessage job : MediaDownloads.jobs(e)) {
                OutboxJdbc.enqueue(c, job, clock.instant()); // platform media fetched before it expires
            }
        }
    }

    /** Adds the ticket's parties to the pending batch: one already there (an update re-writes the audience) is kept. */
    private void partyRows(Ticket t) throws SQLException {
        PreparedStatement ps = rows("INSERT INTO ticket_party (ticket, reporter_key) VALUES (?, ?) ON CONFLICT DO NOTHING");
        for (Reporter r : t.audience()) {
            ps.setString(1, t.number());
            ps.setString(2, r.key());
            ps.addBatch();
        }
    }

    /** Rewrites the ticket's returns and summons (after the pending rows are sent). */
    private void writeReturnsAndSummons(Ticket t) throws SQLException {
        if (!t.returns().isEmpty()) {
            delete("ticket_return", t.number());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_return (ticket, seq, department, reason,"
                    + " returned_at, wrongful, lost_minutes) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (ReturnRecord r : t.returns()) {
                    ps.setString(1, t.number());
                    ps.setInt(2, r.seq());
                    ps.setString(3, r.department());
                    ps.setString(4, r.reason().code());
                    ps.setObject(5, ts(r.at()));
                    ps.setBoolean(6, r.wrongful());
                    ps.setLong(7, r.lostMinutes());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!t.summons().isEmpty()) {
            delete("ticket_summons", t.number());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_summons (ticket, department, summoned_at,"
                    + " due_at, reported_at, reported_by, location, photo, missed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Summons s : t.summons()) {
                    ps.setString(1, t.number());
                    ps.setString(2, s.department());
                    ps.setObject(3, ts(s.summonedAt()));
                    ps.setObject(4, ts(s.dueAt()));
                    ps.setObject(5, ts(s.reportedAt()));
                    ps.setString(6, s.reportedBy().orElse(null));
                    ps.setString(7, s.location().orElse(null));
                    ps.setString(8, s.photo().orElse(null));
                    ps.setBoolean(9, s.missed());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** +1 for each cell in {@code plus}, −1 for each in {@code minus}, written by {@link #flushCounts()}. */
    private void adjust(List<Cell> plus, List<Cell> minus) {
        plus.forEach(x -> add(x, 1));
        minus.forEach(x -> add(x, -1));
    }

    private void add(Cell cell, int d) {
        counts.merge(cell.key(), new Object[] {cell, d},
                (a, b) -> new Object[] {a[0], (Integer) a[1] + (Integer) b[1]});
    }

    /** Writes the pending count changes in key order (no deadlocks between writers). */
    void flushCounts() throws SQLException {
        for (Object[] op : counts.values()) {
            if ((Integer) op[1] == 0) {
                continue;
            }
            Cell cell = (Cell) op[0];
            int d = (Integer) op[1];
            int shard = java.util.concurrent.ThreadLocalRandom.current().nextInt(COUNT_SHARDS);
            if (bump(cell, shard, d) == 0) {
                java.sql.Savepoint sp = c.setSavepoint();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_count (status, department, community,"
                        + " category, overdue, shard, n) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, cell.status());
                    ps.setString(2, cell.department());
                    ps.setString(3, cell.community());
                    ps.setString(4, cell.category());
                    ps.setBoolean(5, cell.overdue());
                    ps.setInt(6, shard);
                    ps.setLong(7, d);
                    ps.executeUpdate();
                    c.releaseSavepoint(sp);
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                    c.rollback(sp); // another writer created the cell first
                    bump(cell, shard, d);
                }
            }
        }
    }

    private int bump(Cell cell, int shard, int d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ticket_count SET n = n + ? WHERE status = ? AND department = ?"
                + " AND community = ? AND category = ? AND overdue = ? AND shard = ?")) {
            ps.setLong(1, d);
            ps.setString(2, cell.status());
            ps.setString(3, cell.department());
            ps.setString(4, cell.community());
            ps.setString(5, cell.category());
            ps.setBoolean(6, cell.overdue());
            ps.setInt(7, shard);
            return ps.executeUpdate();
        }
    }

    private void delete(String table, String number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE ticket = ?")) {
            ps.setString(1, number);
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<String> numberForKey(List<String> candidates) {
        flushed();
        // one round trip for every way the key may be stored; the first candidate found wins. One equality per
        // candidate (UNION ALL): the planner takes the primary key for an equality even before the table's first
        // ANALYZE, whereas an IN list on a young table was read sequentially, all of it, for every new ticket
        try (PreparedStatement ps = c.prepareStatement(String.join(" UNION ALL ", java.util.Collections.nCopies(
                candidates.size(), "SELECT dedupe_key, number FROM ticket_open_key WHERE dedupe_key = ?")))) {
            for (int i = 0; i < candidates.size(); i++) {
                ps.setString(i + 1, candidates.get(i));
            }
            java.util.Map<String, String> found = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
            return candidates.stream().filter(found::containsKey).map(found::get).findFirst();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void rememberKey(String dedupeKey, String number) {
        try {
            PreparedStatement ps = rows("INSERT INTO ticket_open_key (dedupe_key, number) VALUES (?, ?)");
            ps.setString(1, dedupeKey);
            ps.setString(2, number);
            ps.addBatch();
            if (!grouped) {
                flushRows();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public Outbox outbox() {
        return m -> {
            try {
                return OutboxJdbc.enqueue(c, m, clock.instant());
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        };
    }

    /**
     * Rows per {@code ticket_count} cell (V20): a writer adds its change to one picked at random, so concurrent
     * openings in the same cell rarely wait for each other's commit; a shard may go below zero, the sum never does.
     */
    private static final int COUNT_SHARDS = 16;

    /** A {@code ticket_count} cell ('' for none). */
    private record Cell(String status, String department, String community, String category, boolean overdue) {
        Cell(Ticket t) {
            this(t.status().name(), t.department().orElse(""), t.community().orElse(""), t.category(), t.overdue());
        }

        String key() {
            return status + '\u0001' + department + '\u0001' + community + '\u0001' + category + '\u0001' + overdue;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
