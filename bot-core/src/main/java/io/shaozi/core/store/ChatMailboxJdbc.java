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
 * The generic sender marks them done; the page polls for rows after the last id it saw.
 */
public final class ChatMailboxJdbc {
    /** One pushed message. */
    public record Pushed(long id, Outbound message) {
    }

    private final DataSource ds;

    public ChatMailboxJdbc(DataSource ds) {
        this.ds = ds;
    }

    public List<Pushed> after(String account, String user, long afterId, int limit) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, kind, payload FROM outbox WHERE channel = ?"
                     + " AND account = ? AND recipient = ? AND id > ? AND state = 'DONE' ORDER BY id LIMIT ?")) {
            ps.setString(1, Channel.GENERIC.id());
            ps.setString(2, account);
            ps.setString(3, user);
            ps.setLong(4, afterId);
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

    /** The highest outbox id so far (a page that opens starts after it). */
    public long latestId() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM outbox");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}
