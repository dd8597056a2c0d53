package io.shaozi.core.store;

import io.shaozi.core.dialog.Handoffs;
import io.shaozi.core.ticket.Reporter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Conversations flagged for a person, in the database (shared by every instance). */
public final class HandoffJdbc implements Handoffs {
    /** One flagged conversation. */
    public record Flagged(String key, String channel, String account, String user, String lastText, Instant since,
                          Instant updatedAt) {
    }

    private final DataSource ds;

    public HandoffJdbc(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public void flag(Reporter r, String lastText, Instant at) {
        new Tx(ds).inTx(c -> {
            // update, else insert unless another instance just did, else update that row (no unique violation)
            if (touch(c, r, lastText, at) == 0) {
                try (PreparedStatement in = c.prepareStatement("INSERT INTO handoff (reporter_key, channel, account,"
                        + " user_id, last_text, since, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    in.setString(1, r.key());
                    in.setString(2, r.channel());
                    in.setString(3, r.account());
                    in.setString(4, r.user());
                    in.setString(5, lastText);
                    in.setTimestamp(6, Timestamp.from(at));
                    in.setTimestamp(7, Timestamp.from(at));
                    if (in.executeUpdate() == 0) {
                        touch(c, r, lastText, at);
                    }
                }
            }
            return null;
        });
    }

    private static int touch(Connection c, Reporter r, String lastText, Instant at) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE handoff SET last_text = ?, updated_at = ? WHERE reporter_key = ?")) {
            up.setString(1, lastText);
            up.setTimestamp(2, Timestamp.from(at));
            up.setString(3, r.key());
            return up.executeUpdate();
        }
    }

    @Override
    public void release(Reporter r) {
        release(r.key());
    }

    public boolean release(String key) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM handoff WHERE reporter_key = ?")) {
            ps.setString(1, key);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public List<Flagged> list() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT reporter_key, channel, account, user_id, last_text,"
                     + " since, updated_at FROM handoff ORDER BY since");
             ResultSet rs = ps.executeQuery()) {
            List<Flagged> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Flagged(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public Optional<Flagged> find(String key) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT reporter_key, channel, account, user_id, last_text,"
                     + " since, updated_at FROM handoff WHERE reporter_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Flagged(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7).toInstant())) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}
