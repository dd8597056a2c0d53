package io.shaozi.core.store;

import io.shaozi.adapters.common.Origin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The inbound message log. {@link #claim} inserts the delivery under its unique key (channel, account,
 * user, platform message id); a redelivery — even after a restart — finds the row and gets the stored
 * reply instead of being processed again.
 */
public final class InboundLogJdbc {

    /** Outcome of claiming a delivery. */
    public sealed interface Claim {
        /** First delivery: process it, then {@link #saveReply}. */
        record First(long id) implements Claim {
        }

        /** A redelivery; {@code reply} is the stored reply when the first delivery finished. */
        record Duplicate(Optional<String> reply) implements Claim {
        }
    }

    /** The stored answer to a delivery. */
    public record Stored(Optional<String> reply, boolean late) {
    }

    private final DataSource ds;

    public InboundLogJdbc(DataSource ds) {
        this.ds = ds;
    }

    public Claim claim(Origin o, String kind, String text, Instant now) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO inbound_message (channel, account, user_id, message_id, kind, text, received_at)"
                             + " VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            bindKey(ps, 1, o);
            ps.setString(5, kind);
            ps.setString(6, text);
            ps.setTimestamp(7, Timestamp.from(now));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Claim.First(keys.getLong(1));
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return new Claim.Duplicate(storedReply(o));
            }
            throw new StoreException(e);
        }
    }

    public Optional<String> storedReply(Origin o) {
        return stored(o).reply();
    }

    /** The stored reply of a delivery and whether it went out late through the outbox. */
    public Stored stored(Origin o) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT reply, late FROM inbound_message"
                     + KEY)) {
            bindKey(ps, 1, o);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Stored(Optional.ofNullable(rs.getString(1)), rs.getBoolean(2))
                        : new Stored(Optional.empty(), false);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Drops an unanswered claim (processing failed), so that a redelivery is processed again. */
    public void release(long id) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM inbound_message WHERE id = ? AND reply IS NULL")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** True when this delivery was claimed before. */
    public boolean exists(Origin o) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM inbound_message"
                     + KEY)) {
            bindKey(ps, 1, o);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Records that the reply of this delivery went out through the outbox (missed the passive deadline). */
    public void markLate(Origin o) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE inbound_message SET late = TRUE"
                     + KEY)) {
            bindKey(ps, 1, o);
            ps.executeUpdate();
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

    public void saveReply(long id, String reply) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE inbound_message SET reply = ? WHERE id = ?")) {
            ps.setString(1, reply);
            ps.setLong(2, id);
            ps.executeUpdate();
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
}
