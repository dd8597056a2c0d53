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

    private final DataSource ds;

    public ChatMailboxJdbc(DataSource ds) {
        this.ds = ds;
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

    /** The user's last sequence number so far (a page that opens starts after it; 0 when nothing was delivered). */
    public long latest(String account, String user) {
        number(account, user);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT last_seq FROM chat_mailbox WHERE account = ? AND recipient = ?")) {
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
