package io.shaozi.core.store;

import io.shaozi.core.campaign.LedgerEntry;
import io.shaozi.core.push.DingTalkSendResults;
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

/**
 * The outbox rows whose DingTalk send result is due (V28: platform_id, result_checked_at) and what a check writes:
 * the row marked checked and, for a campaign row, its ledger entry in the same transaction.
 */
public final class SendResultJdbc implements DingTalkSendResults.Store {
    private final DataSource ds;
    private final Tx tx;

    public SendResultJdbc(DataSource ds) {
        this.ds = ds;
        this.tx = new Tx(ds);
    }

    @Override
    public List<DingTalkSendResults.SentRow> due(Instant from, Instant to, int limit) {
        List<DingTalkSendResults.SentRow> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, account, recipient, platform_id, dedupe_key, sent_at FROM outbox WHERE channel = 'dingtalk'"
                        + " AND result_checked_at IS NULL AND sent_at >= ? AND sent_at <= ? AND state = 'DONE'"
                        + " AND platform_id IS NOT NULL ORDER BY sent_at, id LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setInt(3, Math.max(1, limit));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DingTalkSendResults.SentRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), Optional.ofNullable(rs.getString(5)), rs.getTimestamp(6).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    @Override
    public void checked(long id, Instant at) {
        tx.inTx(c -> {
            mark(c, id, at);
            return null;
        });
    }

    @Override
    public boolean undelivered(DingTalkSendResults.SentRow row, String code, Instant at) {
        return tx.inTx(c -> {
            mark(c, row.id(), at);
            return ledger(c, row, "UPDATE campaign_delivery SET status = 'failed', code = ?,"
                    + " done_at = COALESCE(done_at, ?) WHERE campaign_id = ? AND run = ? AND seq = ? AND status = 'sent'", code, at) > 0;
        });
    }

    @Override
    public void read(DingTalkSendResults.SentRow row, Instant at) {
        tx.inTx(c -> {
            mark(c, row.id(), at);
            ledger(c, row, "UPDATE campaign_delivery SET read_at = ? WHERE campaign_id = ? AND run = ? AND seq = ?"
                    + " AND read_at IS NULL", null, at);
            return null;
        });
    }

    @Override
    public java.util.Map<String, String> batchMembers(DingTalkSendResults.SentRow row) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        Optional<String> key = row.dedupeKey().filter(k -> k.startsWith(LedgerEntry.BATCH_PREFIX));
        if (key.isEmpty()) {
            return out;
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT address FROM campaign_delivery WHERE batch_key = ? ORDER BY seq")) {
            ps.setString(1, key.get());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String address = rs.getString(1);
                    io.shaozi.adapters.dingtalk.DingTalkChannel.user(address).ifPresent(u -> out.put(u, address));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    @Override
    public void batchSettled(DingTalkSendResults.SentRow row, java.util.Map<String, String> failed,
                             java.util.Map<String, String> dropped, java.util.Set<String> read, Instant at) {
        String key = row.dedupeKey().orElse("");
        tx.inTx(c -> {
            mark(c, row.id(), at);
            for (java.util.Map.Entry<String, java.util.Map<String, String>> group : java.util.Map.of("failed", failed,
                    "dropped", dropped).entrySet()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_delivery SET status = ?, code = ?,"
                        + " done_at = COALESCE(done_at, ?) WHERE batch_key = ? AND address = ? AND status = 'sent'")) {
                    for (java.util.Map.Entry<String, String> e : group.getValue().entrySet()) {
                        ps.setString(1, group.getKey());
                        ps.setString(2, e.getValue().length() > 64 ? e.getValue().substring(0, 64) : e.getValue());
                        ps.setTimestamp(3, Timestamp.from(at));
                        ps.setString(4, key);
                        ps.setString(5, e.getKey());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_delivery SET read_at = ? WHERE batch_key = ?"
                    + " AND address = ? AND read_at IS NULL")) {
                for (String address : read) {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setString(2, key);
                    ps.setString(3, address);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static void mark(Connection c, long id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET result_checked_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Runs {@code sql} on the ledger row of a campaign key ({@code cp:<campaign>:<run>:<seq>}); others are left. */
    private static int ledger(Connection c, DingTalkSendResults.SentRow row, String sql, String code, Instant at)
            throws SQLException {
        Optional<String> key = row.dedupeKey().filter(k -> k.startsWith(LedgerEntry.KEY_PREFIX));
        if (key.isEmpty()) {
            return 0;
        }
        String[] p = key.get().substring(LedgerEntry.KEY_PREFIX.length()).split(":");
        if (p.length != 3) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (code != null) {
                ps.setString(i++, code.length() > 64 ? code.substring(0, 64) : code);
            }
            ps.setTimestamp(i++, Timestamp.from(at));
            ps.setLong(i++, Long.parseLong(p[0]));
            ps.setInt(i++, Integer.parseInt(p[1]));
            ps.setInt(i, Integer.parseInt(p[2]));
            return ps.executeUpdate();
        } catch (NumberFormatException e) {
            return 0; // not a key the campaigns wrote
        }
    }
}
