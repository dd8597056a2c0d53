package io.shaozi.core.store;

import io.shaozi.adapters.common.Origin;
import io.shaozi.core.push.OutboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The inbound message log: every delivery is a durable row before anything is acknowledged to its platform.
 * {@link #claim} inserts the delivery under its unique key (channel, account, user, platform message id) with a
 * lease for the claiming instance. A redelivery finds the row: answered → the stored reply; unanswered and the
 * lease still running → {@link Claim.Busy}; unanswered and the lease expired (its holder died) → the redelivery
 * takes the claim over. {@link #expired} lists the claims whose holder died for the recovery sweep, which
 * processes them even when the platform never retries.
 */
public final class InboundLogJdbc {

    /** What a delivery stores with its claim, so that any instance can process it again later. */
    public record Delivery(Origin origin, String kind, String text, String payload, Optional<String> replyTo,
                           int passive) {
    }

    /** Outcome of claiming a delivery. */
    public sealed interface Claim {
        /** This instance holds the lease: process it, then {@link #complete}. */
        record Owned(long id, int attempt) implements Claim {
        }

        /** Answered before: the stored reply and whether it went out late through the outbox. */
        record Answered(String reply, boolean late) implements Claim {
        }

        /** Another instance (or thread) holds a running lease on it. */
        record Busy() implements Claim {
        }
    }

    /** Outcome of storing a reply. */
    public sealed interface Completion {
        /** The reply is stored (and its pushes queued in the same transaction); {@code late}: all went to the outbox. */
        record Stored(boolean late) implements Completion {
        }

        /** Another holder stored its reply first (a lease taken over while this one still ran): use that one. */
        record AnsweredBefore(String reply, boolean late) implements Completion {
        }
    }

    /** An unanswered claim whose lease expired. */
    public record Expired(long id, Origin origin, Optional<String> payload, Optional<String> replyTo, int attempts) {
    }

    /** The stored answer to a delivery. */
    public record Stored(long id, Optional<String> reply, boolean late) {
    }

    private final DataSource ds;
    private final Tx tx;

    public InboundLogJdbc(DataSource ds) {
        this.ds = ds;
        this.tx = new Tx(ds);
    }

    /**
     * Records the delivery (durably: the insert is committed before this returns) and leases it to {@code owner},
     * or reports what a earlier delivery of the same message left.
     */
    public Claim claim(Delivery d, String owner, Instant now, Duration lease) {
        Instant until = now.plus(lease);
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO inbound_message (channel, account, user_id, message_id, kind, text, received_at,"
                            + " lease_owner, lease_until, attempts, payload, reply_to, passive)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT DO NOTHING",
                    Statement.RETURN_GENERATED_KEYS)) {
                bindKey(ps, 1, d.origin());
                ps.setString(5, d.kind());
                ps.setString(6, d.text());
                ps.setTimestamp(7, Timestamp.from(now));
                ps.setString(8, owner);
                ps.setTimestamp(9, Timestamp.from(until));
                ps.setString(10, d.payload());
                ps.setString(11, d.replyTo().orElse(null));
                ps.setInt(12, d.passive());
                if (ps.executeUpdate() == 1) {
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        return new Claim.Owned(keys.getLong(1), 1);
                    }
                }
            }
            return existing(c, d.origin(), owner, now, until);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A redelivery: the stored reply, a running lease, or a takeover of an expired one. */
    private static Claim existing(Connection c, Origin o, String owner, Instant now, Instant until)
            throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, reply, late FROM inbound_message" + KEY)) {
            bindKey(ps, 1, o);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    // deleted between the insert and this read (only tests delete): ask the platform to retry
                    return new Claim.Busy();
                }
                id = rs.getLong(1);
                String reply = rs.getString(2);
                if (reply != null) {
                    return new Claim.Answered(reply, rs.getBoolean(3));
                }
            }
        }
        return takeOver(c, id, owner, now, until);
    }

    private static Claim takeOver(Connection c, long id, String owner, Instant now, Instant until)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE inbound_message SET lease_owner = ?, lease_until = ?,"
                + " attempts = attempts + 1 WHERE id = ? AND reply IS NULL"
                + " AND (lease_until IS NULL OR lease_until <= ?)")) {
            ps.setString(1, owner);
            ps.setTimestamp(2, Timestamp.from(until));
            ps.setLong(3, id);
            ps.setTimestamp(4, Timestamp.from(now));
            if (ps.executeUpdate() == 1) {
                try (PreparedStatement q = c.prepareStatement("SELECT attempts FROM inbound_message WHERE id = ?")) {
                    q.setLong(1, id);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        return new Claim.Owned(id, rs.getInt(1));
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT reply, late FROM inbound_message WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    return new Claim.Answered(rs.getString(1), rs.getBoolean(2));
                }
            }
        }
        return new Claim.Busy();
    }

    /** Takes over the expired claim {@code id} for the recovery sweep; empty when someone else has it now. */
    public Optional<Claim.Owned> takeOver(long id, String owner, Instant now, Duration lease) {
        try (Connection c = ds.getConnection()) {
            return takeOver(c, id, owner, now, now.plus(lease)) instanceof Claim.Owned o
                    ? Optional.of(o) : Optional.empty();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Stores the reply of claim {@code id} and, in the same transaction, queues the pushes that go with it:
     * {@code pushes} gets whether the delivery was deferred to the outbox ({@link #defer}) and returns the rows.
     * The first reply stored wins; a later holder gets {@link Completion.AnsweredBefore}.
     */
    public Completion complete(long id, String reply, Function<Boolean, List<OutboxMessage>> pushes, Instant now) {
        if (pushes.apply(false).isEmpty()) {
            // the usual case, every reply goes back in the response: one statement in its own (synchronous) commit.
            // It stores the reply only if none is stored and the platform was not answered first (late); a
            // concurrent defer() either ran first (late: no row here, the locking path below) or finds the reply
            // stored and answers false, as it would after the locking path
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE inbound_message SET reply = ?, lease_until = NULL,"
                         + " lease_owner = NULL WHERE id = ? AND reply IS NULL AND late = FALSE")) {
                ps.setString(1, reply);
                ps.setLong(2, id);
                if (ps.executeUpdate() == 1) {
                    return new Completion.Stored(false);
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
        return tx.inTx(c -> {
            boolean late;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT reply, late FROM inbound_message WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("inbound message " + id + " vanished");
                    }
                    if (rs.getString(1) != null) {
                        return new Completion.AnsweredBefore(rs.getString(1), rs.getBoolean(2));
                    }
                    late = rs.getBoolean(2);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE inbound_message SET reply = ?, lease_until = NULL,"
                    + " lease_owner = NULL WHERE id = ?")) {
                ps.setString(1, reply);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            for (OutboxMessage m : pushes.apply(late)) {
                OutboxJdbc.enqueue(c, m, now);
            }
            return new Completion.Stored(late);
        });
    }

    /**
     * Marks an unanswered delivery as deferred: its platform got its empty answer, so its whole reply goes out
     * through the outbox when it is ready. False when the reply was stored first (it can still go back passively).
     */
    public boolean defer(long id) {
        return update("UPDATE inbound_message SET late = TRUE WHERE id = ? AND reply IS NULL", id) == 1;
    }

    /** Gives up the lease of an unanswered claim at once (processing failed), so that a retry takes it over. */
    public void release(long id, Instant now) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE inbound_message SET lease_until = ?, lease_owner = NULL"
                     + " WHERE id = ? AND reply IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Unanswered claims whose lease ran out before {@code now}, oldest first, tried fewer than {@code maxAttempts}. */
    public List<Expired> expired(Instant now, int maxAttempts, int limit) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, channel, account, user_id, message_id, received_at,"
                     + " payload, reply_to, attempts FROM inbound_message WHERE lease_until <= ? AND attempts < ?"
                     + " AND reply IS NULL ORDER BY lease_until, id LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, maxAttempts);
            ps.setInt(3, limit);
            List<Expired> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Origin o = new Origin(io.shaozi.adapters.common.Channel.of(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant());
                    out.add(new Expired(rs.getLong(1), o, Optional.ofNullable(rs.getString(7)),
                            Optional.ofNullable(rs.getString(8)), rs.getInt(9)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Stops the sweep from retrying a delivery that failed {@code maxAttempts} times (kept for the operator). */
    public void abandon(long id) {
        update("UPDATE inbound_message SET lease_until = NULL, lease_owner = NULL WHERE id = ? AND reply IS NULL", id);
    }

    /** The stored reply of a delivery and whether it went out late through the outbox. */
    public Stored stored(Origin o) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, reply, late FROM inbound_message" + KEY)) {
            bindKey(ps, 1, o);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Stored(rs.getLong(1), Optional.ofNullable(rs.getString(2)), rs.getBoolean(3))
                        : new Stored(-1, Optional.empty(), false);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Number of log rows for a user (tests and the console). */
    public int count(Origin o) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM inbound_message"
                     + " WHERE channel = ? AND account = ? AND user_id = ?")) {
            ps.setString(1, o.channel().id());
            ps.setString(2, o.account());
            ps.setString(3, o.user());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private int update(String sql, long id) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Binds the delivery's unique key (channel, account, user, message id) from parameter {@code from} on. */
    private static void bindKey(PreparedStatement ps, int from, Origin o) throws SQLException {
        ps.setString(from, o.channel().id());
        ps.setString(from + 1, o.account());
        ps.setString(from + 2, o.user());
        ps.setString(from + 3, o.messageId());
    }

    private static final String KEY = " WHERE channel = ? AND account = ? AND user_id = ? AND message_id = ?";
}
