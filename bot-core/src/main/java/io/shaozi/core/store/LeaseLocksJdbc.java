package io.shaozi.core.store;

import io.shaozi.core.lock.Locks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link Locks} on a lease row per name ({@code ticket_lease}): taking it is one conditional UPDATE (free or
 * expired) or the first INSERT, both atomic on H2 and PostgreSQL, so several instances sharing the database
 * never hold the same lease. An instance that dies loses its lease after the time-to-live.
 */
public final class LeaseLocksJdbc implements Locks {
    private final DataSource ds;
    private final Clock clock;
    private final String node;

    /** @param node a label for this instance (host name), stored with the owner token for diagnosis */
    public LeaseLocksJdbc(Database db, Clock clock, String node) {
        this.ds = db.dataSource();
        this.clock = clock;
        this.node = node.length() > 20 ? node.substring(0, 20) : node;
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration ttl) {
        String owner = node + ":" + UUID.randomUUID();
        Instant now = clock.instant();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            boolean got;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ticket_lease SET owner = ?, expires_at = ? WHERE name = ? AND expires_at <= ?")) {
                ps.setString(1, owner);
                ps.setObject(2, TicketRows.ts(now.plus(ttl)));
                ps.setString(3, name);
                ps.setObject(4, TicketRows.ts(now));
                got = ps.executeUpdate() == 1;
            }
            if (!got) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO ticket_lease (name, owner, expires_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, owner);
                    ps.setObject(3, TicketRows.ts(now.plus(ttl)));
                    ps.executeUpdate();
                    got = true;
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
            return got ? Optional.of(new RowLease(name, owner)) : Optional.empty();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private final class RowLease implements Lease {
        private final String name;
        private final String owner;

        RowLease(String name, String owner) {
            this.name = name;
            this.owner = owner;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean renew(Duration ttl) {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE ticket_lease SET expires_at = ? WHERE name = ? AND owner = ?")) {
                c.setAutoCommit(true);
                ps.setObject(1, TicketRows.ts(clock.instant().plus(ttl)));
                ps.setString(2, name);
                ps.setString(3, owner);
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }

        @Override
        public void close() {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("DELETE FROM ticket_lease WHERE name = ? AND owner = ?")) {
                c.setAutoCommit(true);
                ps.setString(1, name);
                ps.setString(2, owner);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }
}
