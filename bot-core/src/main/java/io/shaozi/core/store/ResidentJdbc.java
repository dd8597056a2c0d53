package io.shaozi.core.store;

import io.shaozi.core.audience.ConsentEvent;
import io.shaozi.core.audience.Recipient;
import io.shaozi.core.audience.Resident;
import io.shaozi.core.audience.ResidentStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The residents' directory ({@code resident}, {@code resident_consent}; V24). Upserts are UPDATE-then-INSERT (a
 * concurrent insert of the same resident, SQLSTATE 23505, is retried as an update), portable to H2 and PostgreSQL.
 * {@link #forEach} reads in keyset pages of {@value #PAGE} rows, so 100,000 residents are never all in memory.
 */
public final class ResidentJdbc implements ResidentStore {
    static final int PAGE = 1000;
    private final DataSource ds;

    public ResidentJdbc(DataSource ds) {
        this.ds = ds;
    }

    /** One resident's visit to record. */
    private record Seen(String channel, String account, String user, Optional<String> community, Instant at) {
    }

    /**
     * Visits recorded together: those that arrive while others are being written share the next transaction (one
     * commit, on PostgreSQL one setting, for up to 64 residents).
     */
    private final GroupCommit<Boolean, Seen> visits = new GroupCommit<>(this::writeVisits, 2, 64);

    @Override
    public void seen(String channel, String account, String user, Optional<String> community, Instant at) {
        visits.write(Boolean.TRUE, new Seen(channel, account, user, community, at));
    }

    /** A group of visits in one transaction; should it fail, each alone (only a failing one fails its caller). */
    private void writeVisits(Boolean all, List<GroupCommit.Member<Boolean, Seen>> group) {
        if (group.size() > 1) {
            try {
                record(group.stream().map(GroupCommit.Member::work).toList());
                group.forEach(m -> m.succeed(null));
                return;
            } catch (RuntimeException e) {
                // below: each alone
            }
        }
        for (GroupCommit.Member<Boolean, Seen> m : group) {
            try {
                record(List.of(m.work()));
                m.succeed(null);
            } catch (RuntimeException e) {
                m.fail(e);
            }
        }
    }

    private static final String INSERT = "INSERT INTO resident (channel, account, user_id, community, subscribed,"
            + " consent_at, first_seen, last_seen) VALUES (?, ?, ?, ?, TRUE, NULL, ?, ?) ON CONFLICT DO NOTHING";

    /** Records {@code visits} in one transaction. */
    private void record(List<Seen> visits) {
        try (Connection c = ds.getConnection()) {
            // The directory is refreshed by the resident's next message: on PostgreSQL this write does not wait for
            // its WAL flush (consents, below, do).
            boolean pg = c.isWrapperFor(org.postgresql.PGConnection.class);
            for (int attempt = 0; ; attempt++) {
                c.setAutoCommit(false);
                try {
                    // insert first: a known resident is refreshed at most once a day, a new one at first contact, so
                    // most visits are new residents and take one statement (on PostgreSQL the first is sent in one
                    // round trip with the setting)
                    try (PreparedStatement first = c.prepareStatement((pg ? "SET LOCAL synchronous_commit = off; " : "")
                            + INSERT);
                         PreparedStatement next = c.prepareStatement(INSERT)) {
                        for (int i = 0; i < visits.size(); i++) {
                            Seen v = visits.get(i);
                            PreparedStatement ps = i == 0 ? first : next;
                            ps.setString(1, v.channel());
                            ps.setString(2, v.account());
                            ps.setString(3, v.user());
                            ps.setString(4, v.community().orElse(null));
                            ps.setTimestamp(5, Timestamp.from(v.at()));
                            ps.setTimestamp(6, Timestamp.from(v.at()));
                            if (lastUpdateCount(ps) == 0) {
                                update(c, v.channel(), v.account(), v.user(), v.community(), v.at());
                            }
                        }
                    }
                    c.commit();
                    return;
                } catch (SQLException | RuntimeException e) {
                    c.rollback(); // before auto-commit is restored below, which would commit the half
                    if (!(e instanceof SQLException q && "23505".equals(q.getSQLState())) || attempt > 2) {
                        throw e; // 23505: another instance inserted the row first: update it
                    }
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The update count of the last statement of {@code ps} (one or two statements, none returning rows). */
    private static int lastUpdateCount(PreparedStatement ps) throws SQLException {
        ps.execute();
        int last = ps.getUpdateCount();
        while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
            last = ps.getUpdateCount();
        }
        return last;
    }

    private static boolean update(Connection c, String channel, String account, String user, Optional<String> community,
                                  Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE resident SET last_seen = ?, community = "
                + "COALESCE(?, community) WHERE channel = ? AND account = ? AND user_id = ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, community.orElse(null));
            ps.setString(3, channel);
            ps.setString(4, account);
            ps.setString(5, user);
            return ps.executeUpdate() > 0;
        }
    }

    @Override
    public void consent(String channel, String account, String user, boolean subscribed, Instant at) {
        seen(channel, account, user, Optional.empty(), at);
        for (int attempt = 0; ; attempt++) {
            try {
                consentOnce(channel, account, user, subscribed, at);
                return;
            } catch (StoreException e) {
                // the resident row is updated first, so its row lock orders one resident's consents; should another writer
                // still take the same history seq (primary key), read the new maximum and try again
                if (attempt > 9 || !e.isUniqueViolation()) {
                    throw e;
                }
            }
        }
    }

    private void consentOnce(String channel, String account, String user, boolean subscribed, Instant at) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("UPDATE resident SET subscribed = ?, consent_at = ? "
                        + "WHERE channel = ? AND account = ? AND user_id = ?")) {
                    ps.setBoolean(1, subscribed);
                    ps.setTimestamp(2, Timestamp.from(at));
                    ps.setString(3, channel);
                    ps.setString(4, account);
                    ps.setString(5, user);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO resident_consent (channel, account, user_id, "
                        + "seq, action, happened_at) SELECT ?, ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ? FROM resident_consent "
                        + "WHERE channel = ? AND account = ? AND user_id = ?")) {
                    ps.setString(1, channel);
                    ps.setString(2, account);
                    ps.setString(3, user);
                    ps.setString(4, subscribed ? "subscribe" : "unsubscribe");
                    ps.setTimestamp(5, Timestamp.from(at));
                    ps.setString(6, channel);
                    ps.setString(7, account);
                    ps.setString(8, user);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public Optional<Resident> find(String channel, String account, String user) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT community, subscribed, consent_at, first_seen, last_seen "
                     + "FROM resident WHERE channel = ? AND account = ? AND user_id = ?")) {
            ps.setString(1, channel);
            ps.setString(2, account);
            ps.setString(3, user);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp consent = rs.getTimestamp(3);
                return Optional.of(new Resident(channel, account, user, Optional.ofNullable(rs.getString(1)),
                        rs.getBoolean(2), Optional.ofNullable(consent).map(Timestamp::toInstant),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()));
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public List<ConsentEvent> history(String channel, String account, String user) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, action, happened_at FROM resident_consent "
                     + "WHERE channel = ? AND account = ? AND user_id = ? ORDER BY seq")) {
            ps.setString(1, channel);
            ps.setString(2, account);
            ps.setString(3, user);
            List<ConsentEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ConsentEvent(rs.getInt(1), "subscribe".equals(rs.getString(2)),
                            rs.getTimestamp(3).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public long countIn(Optional<String> community) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM resident"
                     + (community.isPresent() ? " WHERE community = ?" : ""))) {
            if (community.isPresent()) {
                ps.setString(1, community.get());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public java.util.Map<String, Long> countByChannel(Optional<String> community, boolean includeUnsubscribed) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT channel, COUNT(*) FROM resident WHERE 1 = 1"
                     + (community.isPresent() ? " AND community = ?" : "") + (includeUnsubscribed ? "" : " AND subscribed")
                     + " GROUP BY channel")) {
            if (community.isPresent()) {
                ps.setString(1, community.get());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    /**
     * PostgreSQL: refreshes the planner's statistics of {@code resident} when many rows changed since the last ANALYZE
     * (a bulk import, before autovacuum got to it). Under statistics that still call the table small, each keyset page
     * is planned as a sequential scan plus a sort of every resident: 100 pages of 1,000 out of 100,000 took 100-180 ms
     * each (10 s for a campaign's audience) instead of under 1 ms. ANALYZE samples a bounded number of rows, so this
     * costs about 0.2 s whatever the table's size, and only when the statistics are stale.
     */
    private void freshStatistics() {
        try (Connection c = ds.getConnection()) {
            if (!c.isWrapperFor(org.postgresql.PGConnection.class)) {
                return;
            }
            boolean stale;
            try (PreparedStatement ps = c.prepareStatement("SELECT n_mod_since_analyze, n_live_tup FROM pg_stat_user_tables"
                    + " WHERE relname = 'resident' AND schemaname = current_schema()");
                 ResultSet rs = ps.executeQuery()) {
                stale = rs.next() && rs.getLong(1) > Math.max(STALE_ROWS, rs.getLong(2) / 10);
            }
            if (stale) {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("ANALYZE resident");
                }
            }
        } catch (SQLException e) {
            // only a planner hint: the walk below is correct either way
            org.slf4j.LoggerFactory.getLogger(ResidentJdbc.class).warn("resident statistics not refreshed: {}",
                    e.toString());
        }
    }

    /** Changed rows since the last ANALYZE below which the statistics are good enough for the keyset walk. */
    static final long STALE_ROWS = 5_000;

    @Override
    public void forEachResident(Optional<String> community, boolean includeUnsubscribed, Consumer<Resident> each) {
        String cols = "SELECT channel, account, user_id, community, subscribed, consent_at, first_seen, last_seen"
                + " FROM resident WHERE ";
        String where = (community.isPresent() ? " AND community = ?" : "") + (includeUnsubscribed ? "" : " AND subscribed");
        String first = cols + "1 = 1" + where + " ORDER BY channel, account, user_id";
        // row-value comparison: one index range scan per page on both engines
        String next = cols + "(channel, account, user_id) > (?, ?, ?)" + where + " ORDER BY channel, account, user_id";
        freshStatistics();
        Resident last = null;
        while (true) {
            List<Resident> page = new ArrayList<>(PAGE);
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement((last == null ? first : next) + " LIMIT " + PAGE)) {
                int i = 1;
                if (last != null) {
                    ps.setString(i++, last.channel());
                    ps.setString(i++, last.account());
                    ps.setString(i++, last.user());
                }
                if (community.isPresent()) {
                    ps.setString(i, community.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp consent = rs.getTimestamp(6);
                        page.add(new Resident(rs.getString(1), rs.getString(2), rs.getString(3),
                                Optional.ofNullable(rs.getString(4)), rs.getBoolean(5),
                                Optional.ofNullable(consent).map(Timestamp::toInstant), rs.getTimestamp(7).toInstant(),
                                rs.getTimestamp(8).toInstant()));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
            page.forEach(each);
            if (page.size() < PAGE) {
                return;
            }
            last = page.get(page.size() - 1);
        }
    }
}
