package io.shaozi.core.store;

import io.shaozi.core.state.SessionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/** Sessions in the database, so a conversation survives a restart of a single instance. */
public final class SessionJdbc implements SessionStore {
    private final DataSource ds;
    private final Clock clock;

    public SessionJdbc(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    @Override
    public Optional<String> get(String key) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT state FROM dialog_session WHERE session_key = ? AND expires_at > ?")) {
            ps.setString(1, key);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        new Tx(ds).inTx(c -> {
            Timestamp expires = Timestamp.from(clock.instant().plus(ttl));
            // update, else insert unless another instance just did, else update that row: no unique violation when
            // two instances write one conversation at once
            if (update(c, key, value, expires) == 0) {
                try (PreparedStatement in = c.prepareStatement("INSERT INTO dialog_session (session_key, state,"
                        + " expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    in.setString(1, key);
                    in.setString(2, value);
                    in.setTimestamp(3, expires);
                    if (in.executeUpdate() == 0) {
                        update(c, key, value, expires);
                    }
                }
            }
            try (PreparedStatement gc = c.prepareStatement("DELETE FROM dialog_session WHERE expires_at < ?")) {
                gc.setTimestamp(1, Timestamp.from(clock.instant().minus(Duration.ofDays(1))));
                gc.executeUpdate();
            }
            return null;
        });
    }

    private static int update(Connection c, String key, String value, Timestamp expires) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE dialog_session SET state = ?, expires_at = ? WHERE session_key = ?")) {
            up.setString(1, value);
            up.setTimestamp(2, expires);
            up.setString(3, key);
            return up.executeUpdate();
        }
    }

    @Override
    public void delete(String key) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM dialog_session WHERE session_key = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}
