package io.shaozi.core.store;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Pushes to the /chat/ page: the page has no platform API, so its outbox rows are delivered by being read.
 * The generic sender marks them done; the page polls with a cursor over a per-user delivery sequence.
 *
 * <p>Outbox ids are not a safe cursor: a row with a lower id can commit after one with a higher id (two transactions
 * writing to the same user), and a page that had already seen the higher id would never show it. So a delivered row
 * gets its place in the user's sequence ({@code outbox.mailbox_seq}) when a poll first sees it, under a lock on the
 * user's {@code chat_mailbox} row: numbers follow the order in which rows became visible, and a cursor over them never
 * skips a row, with one instance or several.
 */
public final class ChatMailboxJdbc {
    /** One pushed message and its place in the user's sequence. */
    public record Pushed(long seq, Outbound message) {
    }

    /**
     * One line of a user's conversation: {@code me} (what the page sent), {@code bot} (a synchronous reply) or
     * {@code push} (an outbox row delivered to the page, with its sequence number and message); payload is the
     * line as the page shows it (JSON) for {@code me} and {@code bot}.
     */
    public record Line(String kind, String payload, java.time.Instant at, long seq,
                       java.util.Optional<Outbound> pushed) {
    }

    /** What one {@link #expire} removed. */
    public record Expired(int lines, int pushes, int mailboxes) {
    }

    /** Rows deleted per statement by {@link #expire}, so no run holds many locks at once. */
    static final int EXPIRE_BATCH = 2_000;
    /** The job that expires the page's old conversations (registered by the wiring, daily). */
    public static final String EXPIRY_JOB = "chat-history-expiry";

    /** Lines of history kept per user and shown by a page that opens. */
    public static final int HISTORY = 200;

    private final DataSource ds;

    public ChatMailboxJdbc(DataSource ds) {
        this.ds = ds;
    }

    /** Keeps a line of the conversation ({@code me} or {@code bot}) for the page to show after a reload. */
    public void remember(String account, String user, String kind, String payloadJson, java.time.Instant at) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO chat_history (account, recipient, kind, payload,"
                     + " created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, account);
            ps.setString(2, user);
            ps.setString(3, kind);
            ps.setString(4, payloadJson);
            ps.setObject(5, java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * The user's last {@link #HISTORY} lines, oldest first: what was said and answered, and the pushes delivered to
     * the page (numbered first, so pushes that arrived while no page was open are among them).
     */
    public List<Line> history(String account, String user) {
        number(account, user);
        List<Line> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, payload, created_at FROM chat_history"
                    + " WHERE account = ? AND recipient = ? ORDER BY id DESC LIMIT ?")) {
                ps.setString(1, account);
                ps.setString(2, user);
                ps.setInt(3, HISTORY);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Line(rs.getString(1), rs.getString(2),
                                rs.getObject(3, java.time.OffsetDateTime.class).toInstant(), 0,
                                java.util.Optional.empty()));
                    }
                }
            }
            java.util.Collections.reverse(out); // oldest first, so lines of the same instant keep their order
            try (PreparedStatement ps = c.prepareStatement("SELECT mailbox_seq, kind, payload, created_at FROM outbox"
                    + " WHERE channel = ? AND account = ? AND recipient = ? AND mailbox_seq IS NOT NULL"
                    + " ORDER BY mailbox_seq DESC LIMIT ?")) {
                ps.setString(1, Channel.GENERIC.id());
                ps.setString(2, account);
                ps.setString(3, user);
                ps.setInt(4, HISTORY);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Line("push", "", rs.getObject(4, java.time.OffsetDateTime.class).toInstant(),
                                rs.getLong(1), java.util.Optional.of(OutboxJdbc.payload(rs.getString(2),
                                rs.getString(3)))));
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        out.sort(java.util.Comparator.comparing(Line::at));
        return out.size() > HISTORY ? List.copyOf(out.subList(out.size() - HISTORY, out.size())) : out;
    }

    /**
     * Forgets what the page of {@code account} said, answered and was pushed before {@code cutoff}: history lines,
     * the pushes delivered to (or given up for) its users, and then the mailbox (sequence) rows of users with nothing
     * left. Pushes still waiting are kept. A mailbox row is dropped only when its user has had nothing for the whole
     * retention, which the configuration keeps at least as long as a session lives, so no page still polls with that
     * user's cursor (a later push numbers from 1 again and a page that opens starts from the latest number).
     */
    public Expired expire(String account, java.time.Instant cutoff) {
        java.time.OffsetDateTime before = java.time.OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC);
        int lines = deleteOld("chat_history", "account = ? AND created_at < ?", (ps, i) -> {
            ps.setString(i, account);
            ps.setObject(i + 1, before);
            return i + 2;
        });
        int pushes = deleteOld("outbox", "channel = ? AND account = ? AND state IN ('DONE', 'FAILED')"
                + " AND created_at < ?", (ps, i) -> {
                    ps.setString(i, Channel.GENERIC.id());
                    ps.setString(i + 1, account);
                    ps.setObject(i + 2, before);
                    return i + 3;
                });
        String empty = " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.channel = ? AND o.account = m.account"
                + " AND o.recipient = m.recipient) AND NOT EXISTS (SELECT 1 FROM chat_history h"
                + " WHERE h.account = m.account AND h.recipient = m.recipient)";
        int mailboxes = 0;
        try (Connection c = ds.getConnection();
             PreparedStatement find = c.prepareStatement("SELECT m.recipient FROM chat_mailbox m WHERE m.account = ?"
                     + " AND m.recipient > ?" + empty + " ORDER BY m.recipient LIMIT " + EXPIRE_BATCH);
             PreparedStatement delete = c.prepareStatement("DELETE FROM chat_mailbox m WHERE m.account = ?"
                     + " AND m.recipient = ?" + empty)) {
            String after = "";
            while (true) {
                find.setString(1, account);
                find.setString(2, after);
                find.setString(3, Channel.GENERIC.id());
                List<String> users = new ArrayList<>();
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        users.add(rs.getString(1));
                    }
                }
                for (String u : users) {
                    // checked again as it is deleted: a push queued meanwhile keeps the mailbox
                    delete.setString(1, account);
                    delete.setString(2, u);
                    delete.setString(3, Channel.GENERIC.id());
                    mailboxes += delete.executeUpdate();
                }
                if (users.size() < EXPIRE_BATCH) {
                    break;
                }
                after = users.get(users.size() - 1);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return new Expired(lines, pushes, mailboxes);
    }

    @FunctionalInterface
    private interface Binder {
        /** Binds the condition's parameters from index {@code first}; gives the next free index. */
        int bind(PreparedStatement ps, int first) throws SQLException;
    }

    /**
     * Deletes the rows of {@code table} (an id-keyed table) matching {@code where}, oldest first, {@link #EXPIRE_BATCH}
     * at a time: each batch's ids are found first and deleted as one id range (a plain range scan on H2 and PostgreSQL
     * alike); the rows deleted in all.
     */
    private int deleteOld(String table, String where, Binder binder) {
        int total = 0;
        try (Connection c = ds.getConnection();
             PreparedStatement find = c.prepareStatement("SELECT id FROM " + table + " WHERE " + where
                     + " AND id > ? ORDER BY id LIMIT " + EXPIRE_BATCH);
             PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE " + where
                     + " AND id BETWEEN ? AND ?")) {
            long after = Long.MIN_VALUE; // each batch goes on from the last: never re-walks what the earlier ones passed
            while (true) {
                find.setLong(binder.bind(find, 1), after);
                long first = -1;
                long last = -1;
                int n = 0;
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(1);
                        first = n == 0 ? last : first;
                        n++;
                    }
                }
                if (n == 0) {
                    return total;
                }
                int i = binder.bind(delete, 1);
                delete.setLong(i, first);
                delete.setLong(i + 1, last);
                total += delete.executeUpdate();
                after = last;
                if (n < EXPIRE_BATCH) {
                    return total;
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Up to {@code limit} messages delivered to the user after sequence number {@code afterSeq}, oldest first. */
    public List<Pushed> after(String account, String user, long afterSeq, int limit) {
        number(account, user);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT mailbox_seq, kind, payload FROM outbox WHERE channel = ?"
                     + " AND account = ? AND recipient = ? AND mailbox_seq > ? ORDER BY mailbox_seq LIMIT ?")) {
            ps.setString(1, Channel.GENERIC.id());
            ps.setString(2, account);
            ps.setString(3, user);
            ps.setLong(4, afterSeq);
            ps.setInt(5, limit);
            List<Pushed> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pushed(rs.getLong(1), OutboxJdbc.payload(rs.getString(2), rs.getString(3))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The last sequence number a page of the user has shown (0: none); pushes after it arrived while away. */
    public long seen(String account, String user) {
        return mailboxColumn("seen_seq", account, user);
    }

    /** Records that a page of the user has shown every push up to {@code seq} (never moves back). */
    public void markSeen(String account, String user, long seq) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE chat_mailbox SET seen_seq = ? WHERE account = ?"
                     + " AND recipient = ? AND seen_seq < ?")) {
            ps.setLong(1, seq);
            ps.setString(2, account);
            ps.setString(3, user);
            ps.setLong(4, seq);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The user's last sequence number so far (a page that opens starts after it; 0 when nothing was delivered). */
    public long latest(String account, String user) {
        number(account, user);
        return mailboxColumn("last_seq", account, user);
    }

    /** A sequence column of the user's mailbox row; 0 without a row. {@code column} is a constant of this class. */
    private long mailboxColumn(String column, String account, String user) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT " + column + " FROM chat_mailbox WHERE account = ? AND recipient = ?")) {
            ps.setString(1, account);
            ps.setString(2, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Gives the user's delivered rows that have no sequence number yet the next numbers, in id order. */
    private void number(String account, String user) {
        if (!hasUnnumbered(account, user)) {
            return; // the usual poll: nothing new, no write
        }
        new Tx(ds).inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO chat_mailbox (account, recipient, last_seq)"
                    + " VALUES (?, ?, 0) ON CONFLICT DO NOTHING")) {
                ps.setString(1, account);
                ps.setString(2, user);
                ps.executeUpdate();
            }
            long seq;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT last_seq FROM chat_mailbox WHERE account = ? AND recipient = ? FOR UPDATE")) {
                ps.setString(1, account);
                ps.setString(2, user);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
            }
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM outbox WHERE channel = ? AND account = ?"
                    + " AND recipient = ? AND mailbox_seq IS NULL AND state = 'DONE' ORDER BY id")) {
                ps.setString(1, Channel.GENERIC.id());
                ps.setString(2, account);
                ps.setString(3, user);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return null; // another poll numbered them while this one waited for the lock
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET mailbox_seq = ? WHERE id = ?")) {
                for (long id : ids) {
                    ps.setLong(1, ++seq);
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE chat_mailbox SET last_seq = ? WHERE account = ? AND recipient = ?")) {
                ps.setLong(1, seq);
                ps.setString(2, account);
                ps.setString(3, user);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private boolean hasUnnumbered(String account, String user) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM outbox WHERE channel = ? AND account = ?"
                     + " AND recipient = ? AND mailbox_seq IS NULL AND state = 'DONE' LIMIT 1")) {
            ps.setString(1, Channel.GENERIC.id());
            ps.setString(2, account);
            ps.setString(3, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}
