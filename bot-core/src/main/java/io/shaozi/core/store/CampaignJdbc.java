package io.shaozi.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.shaozi.core.audience.Audience;
import io.shaozi.core.audience.Recipient;
import io.shaozi.core.http.Json;
import io.shaozi.core.campaign.Campaign;
import io.shaozi.core.campaign.CampaignCounts;
import io.shaozi.core.campaign.CampaignRepository;
import io.shaozi.core.campaign.CampaignStatus;
import io.shaozi.core.campaign.DeliveryStatus;
import io.shaozi.core.campaign.LedgerEntry;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.campaign.Repeat;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** Campaigns and their per-recipient ledger (tables campaign, campaign_delivery; V25). */
public final class CampaignJdbc implements CampaignRepository {
    private static final String COLS = "id, content_id, audience, run_at, repeat_rule, status, targeted, runs,"
            + " created_by, created_at, started_at, enqueued_at, finished_at, note";
    private static final String ENTRY_COLS = "campaign_id, run, seq, content_id, channel, account, address, person_id,"
            + " community, branch, token, status, code, queued_at, done_at, read_at, studied_at";
    private final DataSource ds;
    private final Tx tx;

    public CampaignJdbc(DataSource ds) {
        this.ds = ds;
        this.tx = new Tx(ds);
    }

    @Override
    public Campaign create(long contentId, Audience audience, Instant runAt, Optional<Repeat> repeat, long targeted,
                           String createdBy, Instant now) {
        long id = tx.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO campaign (content_id, audience, run_at,"
                    + " repeat_rule, status, targeted, runs, created_by, created_at, note)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, '')", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, contentId);
                ps.setString(2, Json.text(audience));
                ps.setTimestamp(3, Timestamp.from(runAt));
                ps.setString(4, repeat.map(Repeat::code).orElse(null));
                ps.setString(5, CampaignStatus.SCHEDULED.code());
                ps.setLong(6, targeted);
                ps.setString(7, createdBy);
                ps.setTimestamp(8, Timestamp.from(now));
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        return find(id).orElseThrow();
    }

    @Override
    public Optional<Campaign> find(long id) {
        List<Campaign> l = query("SELECT " + COLS + " FROM campaign WHERE id = ?", ps -> ps.setLong(1, id));
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    @Override
    public List<Campaign> list(int limit) {
        return query("SELECT " + COLS + " FROM campaign ORDER BY id DESC LIMIT " + Math.max(1, limit), ps -> { });
    }

    @Override
    public List<Campaign> sending() {
        return query("SELECT " + COLS + " FROM campaign WHERE status = 'sending' AND enqueued_at IS NOT NULL"
                + " ORDER BY id", ps -> { });
    }

    @Override
    public void startRun(long id, int run, Instant now) {
        update("UPDATE campaign SET status = 'sending', runs = ?, started_at = CASE WHEN runs = ? THEN"
                + " COALESCE(started_at, ?) ELSE ? END, enqueued_at = NULL, finished_at = NULL, note = '' WHERE id = ?",
                ps -> {
                    ps.setInt(1, run);
                    ps.setInt(2, run);
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.setLong(5, id);
                });
    }

    @Override
    public void enqueued(long id, long targeted, Instant now) {
        update("UPDATE campaign SET enqueued_at = ?, targeted = ? WHERE id = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setLong(2, targeted);
            ps.setLong(3, id);
        });
    }

    @Override
    public void setStatus(long id, CampaignStatus status, Instant runAt, Optional<Instant> finishedAt, String note) {
        update("UPDATE campaign SET status = ?, run_at = ?, finished_at = COALESCE(?, finished_at), note = ?"
                + " WHERE id = ?", ps -> {
            ps.setString(1, status.code());
            ps.setTimestamp(2, Timestamp.from(runAt));
            if (finishedAt.isPresent()) {
                ps.setTimestamp(3, Timestamp.from(finishedAt.get()));
            } else {
                ps.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            ps.setString(4, note.length() > 500 ? note.substring(0, 500) : note);
            ps.setLong(5, id);
        });
    }

    @Override
    public Set<Recipient> recipients(long campaignId, int run) {
        Set<Recipient> out = new HashSet<>();
        read("SELECT channel, account, address FROM campaign_delivery WHERE campaign_id = ? AND run = ?", ps -> {
            ps.setLong(1, campaignId);
            ps.setInt(2, run);
        }, rs -> out.add(new Recipient(rs.getString(1), rs.getString(2), rs.getString(3))));
        return out;
    }

    @Override
    public int size(long campaignId, int run) {
        int[] n = {0};
        read("SELECT COALESCE(MAX(seq) + 1, 0) FROM campaign_delivery WHERE campaign_id = ? AND run = ?", ps -> {
            ps.setLong(1, campaignId);
            ps.setInt(2, run);
        }, rs -> n[0] = rs.getInt(1));
        return n[0];
    }

    @Override
    public Map<Recipient, Facts> facts(Collection<Recipient> recipients, long contentId, Instant since,
                                       Instant dayStart) {
        Map<Recipient, Facts> out = new HashMap<>();
        if (recipients.isEmpty()) {
            return out;
        }
        Recipient first = recipients.iterator().next();
        List<String> users = recipients.stream().map(Recipient::address).toList();
        String in = String.join(", ", java.util.Collections.nCopies(users.size(), "?"));
        Map<String, Instant> seen = new HashMap<>();
        Map<String, List<Instant>> pushed = new HashMap<>();
        read("SELECT user_id, last_seen FROM resident WHERE channel = ? AND account = ? AND user_id IN (" + in + ")",
                ps -> bind(ps, first, users, Optional.empty()),
                rs -> seen.put(rs.getString(1), rs.getTimestamp(2).toInstant()));
        read("SELECT recipient, created_at FROM outbox WHERE channel = ? AND account = ? AND recipient IN (" + in
                        + ") AND created_at >= ?", ps -> bind(ps, first, users, Optional.of(since)),
                rs -> pushed.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(rs.getTimestamp(2).toInstant()));
        Map<String, Integer> mass = new HashMap<>();
        Instant monthStart = dayStart.atZone(io.shaozi.core.schedule.Schedule.ZONE).toLocalDate().withDayOfMonth(1)
                .atStartOfDay(io.shaozi.core.schedule.Schedule.ZONE).toInstant();
        read("SELECT address, COUNT(*) FROM campaign_delivery WHERE channel = ? AND account = ? AND address IN (" + in
                        + ") AND queued_at >= ? AND via = 'mass' AND status IN ('queued', 'sent') GROUP BY address",
                ps -> bind(ps, first, users, Optional.of(monthStart)),
                rs -> mass.put(rs.getString(1), rs.getInt(2)));
        for (Recipient r : recipients) {
            out.put(r, new Facts(Optional.ofNullable(seen.get(r.address())),
                    pushed.getOrDefault(r.address(), List.of()), false, mass.getOrDefault(r.address(), 0)));
        }
        return out;
    }

    private static void bind(PreparedStatement ps, Recipient first, List<String> users, Optional<Instant> since)
            throws SQLException {
        ps.setString(1, first.channel());
        ps.setString(2, first.account());
        int i = 3;
        for (String u : users) {
            ps.setString(i++, u);
        }
        if (since.isPresent()) {
            ps.setTimestamp(i, Timestamp.from(since.get()));
        }
    }

    /** Runs one ANALYZE at a time, beside the run that asked for it (the run does not wait). */
    private final java.util.concurrent.ThreadPoolExecutor analyzer = new java.util.concurrent.ThreadPoolExecutor(1, 1,
            30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1), r -> {
                Thread t = new Thread(r, "shaozi-analyze");
                t.setDaemon(true);
                return t;
            }, new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());

    @Override
    public void refreshStatistics() {
        analyzer.execute(() -> {
            try (Connection c = ds.getConnection()) {
                if (c.isWrapperFor(org.postgresql.PGConnection.class)) {
                    try (Statement st = c.createStatement()) {
                        st.execute("ANALYZE outbox");
                        st.execute("ANALYZE campaign_delivery");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(CampaignJdbc.class).warn("ANALYZE after a campaign chunk failed: {}",
                        e.toString());
            }
        });
    }

    @Override
    public Set<Recipient> gotToday(long contentId, Instant dayStart) {
        Set<Recipient> out = new HashSet<>();
        // through the campaigns of the item (campaign_delivery's primary key starts with the campaign)
        read("SELECT channel, account, address FROM campaign_delivery WHERE campaign_id IN (SELECT id FROM campaign"
                + " WHERE content_id = ?) AND queued_at >= ? AND status IN ('queued', 'sent')", ps -> {
                    ps.setLong(1, contentId);
                    ps.setTimestamp(2, Timestamp.from(dayStart));
                }, rs -> out.add(new Recipient(rs.getString(1), rs.getString(2), rs.getString(3))));
        return out;
    }

    @Override
    public void record(List<LedgerEntry> entries, List<OutboxMessage> messages, Map<Integer, String> batchOf) {
        tx.inTx(c -> {
            // how each row is sent: its outbox message's kind (mass sends count against the user's monthly quota)
            Map<String, String> via = new HashMap<>();
            for (OutboxMessage m : messages) {
                m.dedupeKey().ifPresent(k -> via.put(k, OutboxJdbc.kind(m.payload())));
            }
            // a batched row: "batch", or "mass" for a 服务号 mass send (it counts against the user's 4 a month)
            for (LedgerEntry e : entries) {
                if (batchOf.containsKey(e.seq())) {
                    via.put(e.outboxKey(), "mass".equals(via.get(batchOf.get(e.seq()))) ? "mass" : "batch");
                }
            }
            if (PgCopy.available(c)) {
                // PostgreSQL: the chunk's ledger rows and outbox rows as two COPYs (one statement each)
                List<Object[]> rows = new ArrayList<>(entries.size());
                for (LedgerEntry e : entries) {
                    rows.add(new Object[] {e.campaignId(), e.run(), e.seq(), e.contentId(), e.to().channel(),
                        e.to().account(), e.to().address(), e.person().orElse(null), e.community().orElse(null),
                        e.branch().orElse(null), e.token(), e.status().code(), e.code().orElse(null), e.queuedAt(),
                        e.doneAt().orElse(null), null, null, via.get(e.outboxKey()), batchOf.get(e.seq())});
                }
                PgCopy.copy(c, "campaign_delivery", ENTRY_COLS + ", via, batch_key", rows);
                OutboxJdbc.enqueueNew(c, messages, entries.isEmpty() ? Instant.now() : entries.get(0).queuedAt());
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO campaign_delivery (" + ENTRY_COLS
                    + ", via, batch_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (LedgerEntry e : entries) {
                    ps.setString(18, via.get(e.outboxKey()));
                    ps.setString(19, batchOf.get(e.seq()));
                    ps.setLong(1, e.campaignId());
                    ps.setInt(2, e.run());
                    ps.setInt(3, e.seq());
                    ps.setLong(4, e.contentId());
                    ps.setString(5, e.to().channel());
                    ps.setString(6, e.to().account());
                    ps.setString(7, e.to().address());
                    ps.setString(8, e.person().orElse(null));
                    ps.setString(9, e.community().orElse(null));
                    ps.setString(10, e.branch().orElse(null));
                    ps.setString(11, e.token());
                    ps.setString(12, e.status().code());
                    ps.setString(13, e.code().orElse(null));
                    ps.setTimestamp(14, Timestamp.from(e.queuedAt()));
                    ps.setTimestamp(15, e.doneAt().map(Timestamp::from).orElse(null));
                    ps.setTimestamp(16, null);
                    ps.setTimestamp(17, null);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            OutboxJdbc.enqueueNew(c, messages, entries.isEmpty() ? Instant.now() : entries.get(0).queuedAt());
            return null;
        });
    }

    /**
     * Writes an outbox row's final outcome back to its ledger row, inside the outbox sender's transaction: called for
     * rows whose dedupe key is a campaign's ({@link LedgerEntry#KEY_PREFIX}).
     */
    static void outcome(Connection c, String key, DeliveryStatus status, Optional<String> code, Instant at)
            throws SQLException {
        if (key.startsWith(LedgerEntry.DIGEST_PREFIX)) {
            digestOutcome(c, key, status, code, at);
            return;
        }
        if (key.startsWith(LedgerEntry.BATCH_PREFIX)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_delivery SET status = ?, code = ?,"
                    + " done_at = ? WHERE batch_key = ? AND status = 'queued'")) {
                ps.setString(1, status.code());
                ps.setString(2, code.map(s -> s.length() > 64 ? s.substring(0, 64) : s).orElse(null));
                ps.setTimestamp(3, Timestamp.from(at));
                ps.setString(4, key);
                ps.executeUpdate();
            }
            return;
        }
        if (!key.startsWith(LedgerEntry.KEY_PREFIX)) {
            return;
        }
        String[] p = key.substring(LedgerEntry.KEY_PREFIX.length()).split(":");
        if (p.length != 3) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_delivery SET status = ?, code = ?, done_at = ?"
                + " WHERE campaign_id = ? AND run = ? AND seq = ? AND status = 'queued'")) {
            ps.setString(1, status.code());
            ps.setString(2, code.map(s -> s.length() > 64 ? s.substring(0, 64) : s).orElse(null));
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setLong(4, Long.parseLong(p[0]));
            ps.setInt(5, Integer.parseInt(p[1]));
            ps.setInt(6, Integer.parseInt(p[2]));
            ps.executeUpdate();
        } catch (NumberFormatException e) {
            // not a key this class wrote
        }
    }

    /**
     * The members of batch {@code key} still queued: their addresses, in seq order (one address per ledger row: the
     * ledger is unique per address and run).
     */
    static List<String> batchMembers(Connection c, String key) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT address FROM campaign_delivery WHERE batch_key = ?"
                + " AND status = 'queued' ORDER BY seq")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Members of batch {@code key} the platform did not reach while accepting the batch: their rows (still queued)
     * become {@code status} with their own code. Called before {@link #outcome} settles the rest.
     */
    static void batchMembersOutcome(Connection c, String key, Map<String, String> codes, DeliveryStatus status,
                                    Instant at) throws SQLException {
        if (codes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_delivery SET status = ?, code = ?, done_at = ?"
                + " WHERE batch_key = ? AND address = ? AND status = 'queued'")) {
            for (Map.Entry<String, String> e : codes.entrySet()) {
                ps.setString(1, status.code());
                ps.setString(2, e.getValue().length() > 64 ? e.getValue().substring(0, 64) : e.getValue());
                ps.setTimestamp(3, Timestamp.from(at));
                ps.setString(4, key);
                ps.setString(5, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public String linkSecret(long campaignId, String fresh) {
        update("UPDATE campaign SET link_secret = ? WHERE id = ? AND link_secret IS NULL", ps -> {
            ps.setString(1, fresh);
            ps.setLong(2, campaignId);
        });
        return linkSecret(campaignId).orElseThrow(() -> new StoreException(
                new SQLException("campaign " + campaignId + " not found")));
    }

    @Override
    public Optional<String> linkSecret(long campaignId) {
        List<String> out = new ArrayList<>();
        read("SELECT link_secret FROM campaign WHERE id = ? AND link_secret IS NOT NULL", ps -> ps.setLong(1, campaignId),
                rs -> out.add(rs.getString(1)));
        return out.stream().findFirst();
    }

    @Override
    public Optional<LedgerEntry> entryFor(long campaignId, int run, Recipient to) {
        List<LedgerEntry> out = new ArrayList<>();
        read("SELECT " + ENTRY_COLS + " FROM campaign_delivery WHERE channel = ? AND account = ? AND address = ?"
                + " AND campaign_id = ? AND run = ?", ps -> {
                    ps.setString(1, to.channel());
                    ps.setString(2, to.account());
                    ps.setString(3, to.address());
                    ps.setLong(4, campaignId);
                    ps.setInt(5, run);
                }, rs -> out.add(entry(rs)));
        return out.stream().findFirst();
    }

    @Override
    public void anonymousRead(long campaignId) {
        update("UPDATE campaign SET anonymous_reads = anonymous_reads + 1 WHERE id = ?", ps -> ps.setLong(1, campaignId));
    }

    /** Records a MASSSENDJOBFINISH once per account and msg_id. */
    public void massResult(io.shaozi.core.campaign.MassResult r) {
        update("INSERT INTO campaign_mass_result (account, msg_id, status, total_count, filter_count, sent_count,"
                + " error_count, reported_at) SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM"
                + " campaign_mass_result WHERE account = ? AND msg_id = ?)", ps -> {
                    ps.setString(1, r.account());
                    ps.setString(2, r.msgId());
                    ps.setString(3, r.status().length() > 100 ? r.status().substring(0, 100) : r.status());
                    ps.setLong(4, r.total());
                    ps.setLong(5, r.filtered());
                    ps.setLong(6, r.sent());
                    ps.setLong(7, r.errors());
                    ps.setTimestamp(8, Timestamp.from(r.at()));
                    ps.setString(9, r.account());
                    ps.setString(10, r.msgId());
                });
    }

    @Override
    public Optional<MassTotals> massTotals(long campaignId) {
        List<MassTotals> out = new ArrayList<>();
        // the campaign's batch rows on WeChat carry the mass send's msg_id as platform_id
        read("SELECT COUNT(*), COALESCE(SUM(r.total_count), 0), COALESCE(SUM(r.filter_count), 0),"
                + " COALESCE(SUM(r.sent_count), 0), COALESCE(SUM(r.error_count), 0) FROM campaign_mass_result r"
                + " JOIN outbox o ON o.channel = 'wechat' AND o.account = r.account AND o.platform_id = r.msg_id"
                + " WHERE o.dedupe_key LIKE ?", ps -> ps.setString(1, LedgerEntry.BATCH_PREFIX + campaignId + ":%"),
                rs -> out.add(new MassTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5))));
        return out.stream().filter(t -> t.jobs() > 0).findFirst();
    }

    @Override
    public long anonymousReads(long campaignId) {
        long[] n = {0};
        read("SELECT anonymous_reads FROM campaign WHERE id = ?", ps -> ps.setLong(1, campaignId),
                rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    /**
     * A digest settles every row it listed: the rows of one address carrying its key, found through the address of
     * the key's first row ({@code cpd:<campaign>:<run>:<seq>}, the primary key) and the ledger's address index.
     */
    private static void digestOutcome(Connection c, String key, DeliveryStatus status, Optional<String> code,
                                      Instant at) throws SQLException {
        String[] p = key.substring(LedgerEntry.DIGEST_PREFIX.length()).split(":");
        if (p.length != 3) {
            return;
        }
        String[] address = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT channel, account, address FROM campaign_delivery"
                + " WHERE campaign_id = ? AND run = ? AND seq = ?")) {
            ps.setLong(1, Long.parseLong(p[0]));
            ps.setInt(2, Integer.parseInt(p[1]));
            ps.setInt(3, Integer.parseInt(p[2]));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    address = new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
                }
            }
        } catch (NumberFormatException e) {
            return; // not a key this class wrote
        }
        if (address == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_delivery SET status = ?, code = ?,"
                + " done_at = ? WHERE channel = ? AND account = ? AND address = ? AND digest_key = ?"
                + " AND status = 'queued'")) {
            ps.setString(1, status.code());
            ps.setString(2, code.map(s -> s.length() > 64 ? s.substring(0, 64) : s).orElse(null));
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setString(4, address[0]);
            ps.setString(5, address[1]);
            ps.setString(6, address[2]);
            ps.setString(7, key);
            ps.executeUpdate();
        }
    }

    @Override
    public boolean settled(long campaignId, int run) {
        boolean[] any = {false};
        read("SELECT 1 FROM campaign_delivery WHERE campaign_id = ? AND run = ? AND status = 'queued' LIMIT 1", ps -> {
            ps.setLong(1, campaignId);
            ps.setInt(2, run);
        }, rs -> any[0] = true);
        return !any[0];
    }

    @Override
    public List<CampaignCounts> counts(long campaignId, Optional<Integer> run, Optional<String> by) {
        String group = by.map(b -> switch (b) {
            case "channel" -> "channel";
            case "community" -> "community";
            case "branch" -> "branch";
            default -> throw new IllegalArgumentException("by must be channel, community or branch");
        }).orElse("''");
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, Map<String, Long>> failed = new HashMap<>();
        Map<String, Map<String, Long>> dropped = new HashMap<>();
        // PostgreSQL refuses a constant in GROUP BY: the whole-campaign count groups by status and code only
        read("SELECT " + group + ", status, code, COUNT(*), COUNT(read_at), COUNT(studied_at) FROM campaign_delivery"
                + " WHERE campaign_id = ?" + (run.isPresent() ? " AND run = ?" : "") + " GROUP BY "
                + (by.isPresent() ? group + ", " : "") + "status, code", ps -> {
                    ps.setLong(1, campaignId);
                    if (run.isPresent()) {
                        ps.setInt(2, run.get());
                    }
                }, rs -> {
                    String g = Optional.ofNullable(rs.getString(1)).orElse("");
                    String status = rs.getString(2);
                    String code = Optional.ofNullable(rs.getString(3)).orElse("");
                    long n = rs.getLong(4);
                    long[] s = sums.computeIfAbsent(g, k -> new long[8]);
                    s[0] += n;
                    switch (status) {
                        case "queued" -> s[1] += n;
                        case "sent" -> s[2] += n;
                        case "waiting" -> s[7] += n;
                        case "failed" -> {
                            s[3] += n;
                            failed.computeIfAbsent(g, k -> new TreeMap<>()).merge(code, n, Long::sum);
                        }
                        default -> {
                            s[4] += n;
                            dropped.computeIfAbsent(g, k -> new TreeMap<>()).merge(code, n, Long::sum);
                        }
                    }
                    s[5] += rs.getLong(5);
                    s[6] += rs.getLong(6);
                });
        if (sums.isEmpty() && by.isEmpty()) {
            sums.put("", new long[8]);
        }
        List<CampaignCounts> out = new ArrayList<>();
        sums.forEach((g, s) -> out.add(new CampaignCounts(g, s[0], s[1], s[2], s[3], s[4], s[5], s[6],
                failed.getOrDefault(g, Map.of()), dropped.getOrDefault(g, Map.of()), s[7])));
        return out;
    }

    @Override
    public void forEachEntry(long campaignId, Consumer<LedgerEntry> each) {
        read("SELECT " + ENTRY_COLS + " FROM campaign_delivery WHERE campaign_id = ? ORDER BY run, seq",
                ps -> ps.setLong(1, campaignId), rs -> each.accept(entry(rs)));
    }

    @Override
    public Optional<LedgerEntry> byToken(String token) {
        Optional<LedgerEntry.TokenParts> t = LedgerEntry.parseToken(token);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        List<LedgerEntry> out = new ArrayList<>();
        read("SELECT " + ENTRY_COLS + " FROM campaign_delivery WHERE campaign_id = ? AND run = ? AND seq = ?"
                + " AND token = ?", ps -> bindKey(ps, t.get(), 1), rs -> out.add(entry(rs)));
        // the secret part must match (compared in constant time)
        return out.stream().filter(e -> java.security.MessageDigest.isEqual(
                e.token().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                t.get().secret().getBytes(java.nio.charset.StandardCharsets.UTF_8))).findFirst();
    }

    private static void bindKey(PreparedStatement ps, LedgerEntry.TokenParts t, int from) throws SQLException {
        ps.setLong(from, t.campaignId());
        ps.setInt(from + 1, t.run());
        ps.setInt(from + 2, t.seq());
        ps.setString(from + 3, t.secret());
    }

    @Override
    public boolean markRead(String token, Instant at) {
        Optional<LedgerEntry.TokenParts> t = LedgerEntry.parseToken(token);
        return t.isPresent() && update("UPDATE campaign_delivery SET read_at = ? WHERE campaign_id = ? AND run = ?"
                + " AND seq = ? AND token = ? AND read_at IS NULL", ps -> {
                    ps.setTimestamp(1, Timestamp.from(at));
                    bindKey(ps, t.get(), 2);
                }) > 0;
    }

    @Override
    public boolean markStudied(String token, Instant at) {
        Optional<LedgerEntry.TokenParts> t = LedgerEntry.parseToken(token);
        return t.isPresent() && update("UPDATE campaign_delivery SET studied_at = ?, read_at = COALESCE(read_at, ?)"
                + " WHERE campaign_id = ? AND run = ? AND seq = ? AND token = ? AND studied_at IS NULL", ps -> {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setTimestamp(2, Timestamp.from(at));
                    bindKey(ps, t.get(), 3);
                }) > 0;
    }

    @Override
    public List<LedgerEntry> studiedBetween(Instant from, Instant to, int limit) {
        List<LedgerEntry> out = new ArrayList<>();
        read("SELECT " + ENTRY_COLS + " FROM campaign_delivery WHERE studied_at >= ? AND studied_at < ?"
                + " AND person_id IS NOT NULL ORDER BY studied_at, campaign_id, run, seq LIMIT " + Math.max(1, limit),
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(to));
                }, rs -> out.add(entry(rs)));
        return out;
    }

    @Override
    public List<LedgerEntry> waiting(Recipient to, int limit) {
        return entriesOf(to, "status = 'waiting' ORDER BY queued_at DESC, campaign_id DESC, run DESC", limit);
    }

    /** Ledger rows of one address matching {@code filterAndOrder} (a condition, then ORDER BY), at most {@code limit}. */
    private List<LedgerEntry> entriesOf(Recipient to, String filterAndOrder, int limit) {
        List<LedgerEntry> out = new ArrayList<>();
        read("SELECT " + ENTRY_COLS + " FROM campaign_delivery WHERE channel = ? AND account = ? AND address = ?"
                + " AND " + filterAndOrder + " LIMIT " + Math.max(1, limit), ps -> {
                    ps.setString(1, to.channel());
                    ps.setString(2, to.account());
                    ps.setString(3, to.address());
                }, rs -> out.add(entry(rs)));
        return out;
    }

    @Override
    public boolean digest(List<LedgerEntry> entries, String key, OutboxMessage message, Instant now) {
        /** Thrown to roll the transaction back when a row was taken by someone else. */
        @SuppressWarnings("serial")
        final class Taken extends RuntimeException {
            Taken() {
                super(null, null, false, false);
            }
        }
        try {
            return tx.inTx(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_delivery SET status = 'queued',"
                        + " code = NULL, digest_key = ?, via = 'digest', done_at = NULL WHERE campaign_id = ? AND run = ?"
                        + " AND seq = ? AND status = 'waiting'")) {
                    for (LedgerEntry e : entries) {
                        ps.setString(1, key);
                        ps.setLong(2, e.campaignId());
                        ps.setInt(3, e.run());
                        ps.setInt(4, e.seq());
                        if (ps.executeUpdate() != 1) {
                            throw new Taken();
                        }
                    }
                }
                OutboxJdbc.enqueueNew(c, List.of(message), now);
                return true;
            });
        } catch (Taken t) {
            return false;
        }
    }

    @Override
    public int dropWaiting(Collection<LedgerEntry> entries, String code, Instant now) {
        if (entries.isEmpty()) {
            return 0;
        }
        return tx.inTx(c -> {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_delivery SET status = 'dropped', code = ?,"
                    + " done_at = ? WHERE campaign_id = ? AND run = ? AND seq = ? AND status = 'waiting'")) {
                for (LedgerEntry e : entries) {
                    ps.setString(1, code);
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setLong(3, e.campaignId());
                    ps.setInt(4, e.run());
                    ps.setInt(5, e.seq());
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }

    @Override
    public int expireWaiting(Instant before, Collection<Long> contents, String code, Instant now) {
        List<Long> ids = List.copyOf(contents);
        String in = ids.isEmpty() ? "" : " OR content_id IN (" + String.join(", ",
                java.util.Collections.nCopies(ids.size(), "?")) + ")";
        return update("UPDATE campaign_delivery SET status = 'dropped', code = ?, done_at = ? WHERE status = 'waiting'"
                + " AND (queued_at < ?" + in + ")", ps -> {
                    ps.setString(1, code);
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setTimestamp(3, Timestamp.from(before));
                    int i = 4;
                    for (long id : ids) {
                        ps.setLong(i++, id);
                    }
                });
    }

    @Override
    public Set<Long> waitingContents() {
        Set<Long> out = new HashSet<>();
        read("SELECT DISTINCT content_id FROM campaign_delivery WHERE status = 'waiting'", ps -> {
        }, rs -> out.add(rs.getLong(1)));
        return out;
    }

    @Override
    public List<LedgerEntry> latestFor(Recipient to, int limit) {
        return entriesOf(to, "status IN ('queued', 'sent') ORDER BY queued_at DESC, campaign_id DESC", limit);
    }

    private static LedgerEntry entry(ResultSet rs) throws SQLException {
        return new LedgerEntry(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getLong(4),
                new Recipient(rs.getString(5), rs.getString(6), rs.getString(7)), Optional.ofNullable(rs.getString(8)),
                Optional.ofNullable(rs.getString(9)), Optional.ofNullable(rs.getString(10)), rs.getString(11),
                DeliveryStatus.parse(rs.getString(12)).orElse(DeliveryStatus.FAILED),
                Optional.ofNullable(rs.getString(13)), rs.getTimestamp(14).toInstant(), instant(rs, 15),
                instant(rs, 16), instant(rs, 17));
    }

    private static Optional<Instant> instant(ResultSet rs, int col) throws SQLException {
        return Optional.ofNullable(rs.getTimestamp(col)).map(Timestamp::toInstant);
    }

    private Campaign campaign(ResultSet rs) throws SQLException {
        Audience a;
        try {
            a = Json.MAPPER.readValue(rs.getString(3), Audience.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("campaign " + rs.getLong(1) + ": unreadable audience", e);
        }
        return new Campaign(rs.getLong(1), rs.getLong(2), a, rs.getTimestamp(4).toInstant(),
                Optional.ofNullable(rs.getString(5)).flatMap(Repeat::parse),
                CampaignStatus.parse(rs.getString(6)).orElse(CampaignStatus.STOPPED), rs.getLong(7), rs.getInt(8),
                rs.getString(9), rs.getTimestamp(10).toInstant(), instant(rs, 11), instant(rs, 12), instant(rs, 13),
                Optional.ofNullable(rs.getString(14)).orElse(""));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private List<Campaign> query(String sql, Binder b) {
        List<Campaign> out = new ArrayList<>();
        read(sql, b, rs -> out.add(campaign(rs)));
        return out;
    }

    private void read(String sql, Binder b, Row row) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            b.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private int update(String sql, Binder b) {
        return tx.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                b.bind(ps);
                return ps.executeUpdate();
            }
        });
    }
}
