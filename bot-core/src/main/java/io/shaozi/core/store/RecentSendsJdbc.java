package io.shaozi.core.store;

import io.shaozi.adapters.common.Channel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * When the outbox last delivered to one recipient, from the {@code sent_at} of its DONE rows. Rate windows
 * computed from it survive a restart and hold across instances, unlike an in-memory limiter.
 */
public final class RecentSendsJdbc {
    private final DataSource ds;

    public RecentSendsJdbc(DataSource ds) {
        this.ds = ds;
    }

    /** Send instants of delivered rows for (channel, account, recipient) after {@code since}, oldest first. */
    public List<Instant> since(Channel channel, String account, String recipient, Instant since) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT sent_at FROM outbox WHERE channel = ? AND account = ?"
                     + " AND recipient = ? AND state = 'DONE' AND sent_at > ? ORDER BY sent_at")) {
            ps.setString(1, channel.id());
            ps.setString(2, account);
            ps.setString(3, recipient);
            ps.setTimestamp(4, Timestamp.from(since));
            List<Instant> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getTimestamp(1).toInstant());
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}
