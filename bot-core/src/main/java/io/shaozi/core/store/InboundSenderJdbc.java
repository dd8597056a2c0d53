package io.shaozi.core.store;

import io.shaozi.adapters.common.Fields;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Binds a platform message id to the sender that first used it ({@code inbound_sender}). The DingTalk robot
 * sign covers only the timestamp, so a captured request can be replayed with its msgId and another sender:
 * the inbound log, keyed by user, would take that for a new message. Survives restarts and is shared by
 * every instance (primary key).
 */
public final class InboundSenderJdbc {
    private final DataSource ds;

    public InboundSenderJdbc(DataSource ds) {
        this.ds = ds;
    }

    /** True when {@code user} is the first (or same) sender of {@code dedupeKey}; false for another sender. */
    public boolean claim(String dedupeKey, String user, Instant now) {
        return claimFitted(Fields.fit(dedupeKey, 200), user, now);
    }

    /** {@link #claim} with the key fitted to inbound_sender.dedupe_key (hashed when longer than 200 characters). */
    private boolean claimFitted(String dedupeKey, String user, Instant now) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO inbound_sender (dedupe_key, user_id, claimed_at) VALUES (?, ?, ?)")) {
                ps.setString(1, dedupeKey);
                ps.setString(2, user);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id FROM inbound_sender WHERE dedupe_key = ?")) {
                ps.setString(1, dedupeKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1).equals(user);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}
