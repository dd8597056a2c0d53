package io.shaozi.core.store;

import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.Channel;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.push.OutboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox. Each pass claims due rows — the oldest open row of each recipient and the due rows queued
 * behind it, sent in id order, so every recipient gets its messages in order — marks them SENDING under a lease, sends them outside the
 * transaction, then marks each DONE (acknowledged), schedules a retry with backoff, or FAILED. Claims use
 * {@code FOR UPDATE SKIP LOCKED}, so several instances never send the same row; a sender that dies leaves
 * its rows to be claimed again when the lease ends.
 */
public final class OutboxSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);

    /** Tuning. */
    /**
     * Tuning. {@code threads}: sender loops per instance. Each claims its own rows (SKIP LOCKED) and a recipient's
     * next row is claimable only once the previous one is done, so several loops keep every recipient's order; the
     * channels' rate limits are shared by all of them. {@code lease}: how long claimed rows are held; a loop that
     * is still working on its rows extends the lease of those it has not sent yet.
     */
    public record Settings(int batch, Duration lease, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
                           Duration pollEvery, Duration waitThrottled, int threads) {
        public Settings(int batch, Duration lease, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
                        Duration pollEvery) {
            this(batch, lease, maxAttempts, firstBackoff, maxBackoff, pollEvery, Duration.ZERO, 1);
        }

        public static Settings defaults() {
            return new Settings(50, Duration.ofSeconds(30), 12, Duration.ofSeconds(5), Duration.ofHours(1),
                    Duration.ofMillis(250), Duration.ofSeconds(2), 2);
        }
    }

    /** A claimed row. */
    record Claimed(long id, int attempts, OutboxMessage message) {
    }

    private final DataSource ds;
    private final Tx tx;
    private final Clock clock;
    private final Map<Channel, ChannelSender> senders;
    private final Settings settings;
    private ScheduledExecutorService loop;

    public OutboxSender(DataSource ds, Clock clock, Map<Channel, ChannelSender> senders, Settings settings) {
        this.ds = ds;
        this.tx = new Tx(ds);
        this.clock = clock;
        this.senders = Map.copyOf(senders);
        this.settings = settings;
    }

    /** Starts the background loop. */
    public void start() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        loop = Executors.newScheduledThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "shaozi-outbox-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < settings.threads(); i++) {
            loop.scheduleWithFixedDelay(this::drain, i * settings.pollEvery().toMillis() / settings.threads(),
                    settings.pollEvery().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void drain() {
        {
            try {
                while (runOnce() > 0) {
                    // drain what is due before sleeping again
                }
            } catch (RuntimeException | Error e) {
                // never let the scheduled loop die: an escaping throwable would cancel every later pass
                LOG.error("outbox pass failed", e);
            }
        }
    }

    /** One pass: claims, sends and records due rows; returns how many rows it handled. */
    public int runOnce() {
        List<Claimed> claimed = claim();
        List<Map.Entry<Claimed, SendOutcome>> done = new ArrayList<>();
        java.util.Set<String> heldBack = new java.util.HashSet<>();
        long flushedAt = System.nanoTime();
        long leasedAt = System.nanoTime();
        for (int i = 0; i < claimed.size(); i++) {
            Claimed c = claimed.get(i);
            if (System.nanoTime() - leasedAt > settings.lease().toNanos() / 2) {
                // slow sends (throttled, timeouts): record what was sent, then keep the rows not sent yet from being
                // claimed by another loop
                record(done);
                done.clear();
                flushedAt = System.nanoTime();
                extend(claimed.subList(i, claimed.size()));
                leasedAt = System.nanoTime();
            }
            ChannelSender sender = senders.get(c.message().channel());
            SendOutcome result;
            if (sender != null && isBatch(c)) {
                // a batch (one message to many campaign recipients): earlier outcomes are written first, the batch's
                // own outcome at once, so that the window in which a crash leaves it in doubt is one platform call
                record(done);
                done.clear();
                done.add(Map.entry(c, sendBatch(sender, c)));
                record(done);
                done.clear();
                flushedAt = System.nanoTime();
                continue;
            }
            if (heldBack.contains(recipientOf(c))) {
                // an earlier row of this recipient goes back to the queue: this one waits behind it, not counted
                result = new SendOutcome.Throttled(clock.instant(), "waiting behind an earlier message");
            } else if (sender == null) {
                result = new SendOutcome.Rejected("config", "no sender configured for channel "
                        + c.message().channel().id());
            } else {
                result = send(sender, c);
            }
            if (result instanceof SendOutcome.RetryLater || result instanceof SendOutcome.Throttled) {
                heldBack.add(recipientOf(c));
            }
            done.add(Map.entry(c, result));
            // outcomes are written in small groups: one commit per message would cap a long queue at the database's
            // commit rate; a crash before the write leaves at most these few rows to be sent again after the lease
            if (done.size() >= RECORD_BATCH || System.nanoTime() - flushedAt > RECORD_EVERY_NANOS) {
                record(done);
                done.clear();
                flushedAt = System.nanoTime();
            }
        }
        record(done);
        return claimed.size();
    }

    private void extend(List<Claimed> rows) {
        Instant until = clock.instant().plus(settings.lease());
        tx.inTx(c -> {
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE outbox SET claimed_until = ? WHERE id = ? AND state = 'SENDING'")) {
                for (Claimed cl : rows) {
                    up.setTimestamp(1, Timestamp.from(until));
                    up.setLong(2, cl.id());
                    up.addBatch();
                }
                up.executeBatch();
            }
            return null;
        });
    }

    /** At most this many outcomes, or this much time, between two writes of outcomes. */
    static final int RECORD_BATCH = 10;
    static final long RECORD_EVERY_NANOS = 100_000_000L;

    /**
     * Sends one claimed row. A row held back by a rate limit for less than {@link Settings#waitThrottled} is sent
     * after that wait (it stays claimed), so a long queue drains at the limit's rate instead of being re-queued
     * row by row; a longer wait goes back to the queue.
     */
    private SendOutcome send(ChannelSender sender, Claimed c) {
        for (int i = 0; ; i++) {
            SendOutcome result;
            try {
                result = sender.send(c.message(), c.attempts() + 1);
            } catch (RuntimeException e) {
                return new SendOutcome.RetryLater(clock.instant(), e.getClass().getSimpleName() + ": "
                        + e.getMessage());
            }
            if (!(result instanceof SendOutcome.Throttled t) || i >= 50) {
                return result;
            }
            long waitMillis = java.time.Duration.between(clock.instant(), t.notBefore()).toMillis();
            if (waitMillis > settings.waitThrottled().toMillis()) {
                return result;
            }
            try {
                Thread.sleep(Math.max(1, waitMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
        }
    }

    /** What a batch row's {@code platform_id} holds while its platform call may be under way. */
    static final String CALLING = "~calling";
    /** The code of the recipients of a batch whose sender stopped during the platform call (not sent again). */
    public static final String IN_DOUBT = "in_doubt";
    /** Members a batch did not reach, by outbox row, from the call until its outcome is written. */
    private final Map<Long, Map<String, String>> batchMisses = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean isBatch(Claimed c) {
        return c.message().dedupeKey().filter(k -> k.startsWith(io.shaozi.core.campaign.LedgerEntry.BATCH_PREFIX))
                .isPresent();
    }

    /**
     * Sends a batch row: its members are the ledger rows still queued under its key. Right before the platform call
     * the row's {@code platform_id} is set to {@value #CALLING} (committed); the outcome replaces it. A row claimed
     * again with that mark was being sent when its sender stopped: the platform may have delivered it, so it is NOT
     * sent again — it fails, and its recipients fail with {@value #IN_DOUBT} (a read through the web login still
     * shows who got it). Held back by a rate limit, the mark is never set. A call that may have reached the platform
     * without an answer (a timeout after sending: "delivery unknown") is in doubt too; one the platform refused or
     * that never left (45009, 429, 5xx, connection refused) is sent again later — WeCom's duplicate check and
     * WeChat's mass-send protection drop a repeat of the same content anyway.
     */
    private SendOutcome sendBatch(ChannelSender sender, Claimed c) {
        String key = c.message().dedupeKey().orElseThrow();
        List<String> members;
        boolean inDoubt;
        try (Connection conn = ds.getConnection()) {
            members = CampaignJdbc.batchMembers(conn, key);
            try (PreparedStatement ps = conn.prepareStatement("SELECT platform_id FROM outbox WHERE id = ?")) {
                ps.setLong(1, c.id());
                try (ResultSet rs = ps.executeQuery()) {
                    inDoubt = rs.next() && CALLING.equals(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            return new SendOutcome.RetryLater(clock.instant(), "batch members unreadable: " + e.getMessage());
        }
        if (inDoubt) {
            LOG.warn("outbox row {} ({}): its sender stopped during the platform call; not sent again", c.id(), key);
            return new SendOutcome.Rejected(IN_DOUBT, "sender stopped during the platform call; not sent again");
        }
        if (members.isEmpty()) {
            return SendOutcome.Sent.ok();
        }
        for (int i = 0; ; i++) {
            io.shaozi.adapters.channel.BatchSending.Result r;
            try {
                r = sender.sendBatch(c.message(), members, () -> markCalling(c.id()));
            } catch (RuntimeException e) {
                return new SendOutcome.RetryLater(clock.instant(), e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            if (r.outcome() instanceof SendOutcome.Throttled t && i < 50) {
                long waitMillis = Duration.between(clock.instant(), t.notBefore()).toMillis();
                if (waitMillis <= settings.waitThrottled().toMillis()) {
                    try {
                        Thread.sleep(Math.max(1, waitMillis));
                        continue;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            if (r.outcome() instanceof SendOutcome.RetryLater retry && retry.reason().contains("delivery unknown")) {
                // the request may have reached the platform (a timeout after sending): sent again, Feishu would
                // deliver it twice and DingTalk would report the repeat as filtered — in doubt, as after a crash
                LOG.warn("outbox row {} ({}): {}; not sent again", c.id(), key, retry.reason());
                return new SendOutcome.Rejected(IN_DOUBT, retry.reason() + "; not sent again");
            }
            if (!r.notReached().isEmpty()) {
                batchMisses.put(c.id(), r.notReached());
            }
            return r.outcome();
        }
    }

    private void markCalling(long id) {
        tx.inTx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "UPDATE outbox SET platform_id = ? WHERE id = ? AND state = 'SENDING'")) {
                ps.setString(1, CALLING);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    List<Claimed> claim() {
        Instant now = clock.instant();
        String lock = " FOR UPDATE SKIP LOCKED";
        return tx.inTx(c -> {
            List<Claimed> heads = new ArrayList<>();
            List<Long> poison = new ArrayList<>();
            // two index walks in id order (ix_outbox_state_id), each stopping after the batch: rows due, then rows
            // whose sender's lease ran out; one query with OR made PostgreSQL read and sort every waiting row (a
            // 100,000-row campaign queue cost ~0.5 s a claim). A due row behind an earlier open row of its recipient
            // (a rate-limited department address with hundreds of alerts queued) is not a head: it is parked (QUEUED)
            // so that the next walks do not read it again, and taken as a follower or promoted when its turn comes
            List<Long> parked = new ArrayList<>();
            sweepParked(c, now);
            for (boolean pending : new boolean[] {true, false}) {
                if (heads.size() + poison.size() >= settings.batch()) {
                    break;
                }
                String due = pending ? "o.state = 'PENDING' AND o.next_attempt_at <= ?"
                        : "o.state = 'SENDING' AND o.claimed_until < ?";
                String behind = "EXISTS (SELECT 1 FROM outbox p WHERE p.channel = o.channel AND p.account = o.account"
                        + " AND p.recipient = o.recipient AND p.id < o.id AND p.state IN ('PENDING', 'SENDING', 'QUEUED'))";
                int need = settings.batch() - heads.size() - poison.size();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT o.id, o.channel, o.account, o.recipient, o.kind, o.payload, o.dedupe_key, o.attempts"
                                + (pending ? ", CASE WHEN " + behind + " THEN 1 ELSE 0 END" : ", 0")
                                + " FROM outbox o WHERE " + due + (pending ? "" : " AND NOT " + behind)
                                + " ORDER BY o.id LIMIT ?" + lock)) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setInt(2, pending ? need + PARK_AT_MOST : need);
                    ps.setFetchSize(need + 1); // stop reading (and locking) once the heads are found
                    try (ResultSet rs = ps.executeQuery()) {
                        while (heads.size() + poison.size() < settings.batch() && rs.next()) {
                            if (rs.getInt(9) == 1) {
                                parked.add(rs.getLong(1));
                                parkedFor.add(rs.getString(2) + '\u0000' + rs.getString(3) + '\u0000' + rs.getString(4));
                                continue;
                            }
                            try {
                                OutboxMessage m = new OutboxMessage(
                                        Channel.of(rs.getString(2)), rs.getString(3),
                                        rs.getString(4), OutboxJdbc.payload(rs.getString(5), rs.getString(6)),
                                        Optional.ofNullable(rs.getString(7)));
                                heads.add(new Claimed(rs.getLong(1), rs.getInt(8), m));
                            } catch (IllegalArgumentException unreadable) {
                                // e.g. written by a newer version: fail this row alone instead of blocking the outbox
                                poison.add(rs.getLong(1));
                                LOG.error("outbox row {} cannot be read and is marked FAILED ({})", rs.getLong(1),
                                        unreadable.getClass().getSimpleName());
                            }
                        }
                    }
                }
            }
            if (!parked.isEmpty()) {
                try (PreparedStatement up = c.prepareStatement(
                        "UPDATE outbox SET state = 'QUEUED' WHERE id = ? AND state = 'PENDING'")) {
                    for (long id : parked) {
                        up.setLong(1, id);
                        up.addBatch();
                    }
                    up.executeBatch();
                }
            }
            List<Claimed> out = withFollowers(c, heads, poison, now);
            try (PreparedStatement bad = c.prepareStatement(
                    "UPDATE outbox SET state = 'FAILED', last_error = 'unreadable row' WHERE id = ?")) {
                for (long id : poison) {
                    bad.setLong(1, id);
                    bad.addBatch();
                }
                if (!poison.isEmpty()) {
                    bad.executeBatch();
                }
            }
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE outbox SET state = 'SENDING', claimed_until = ?, attempts = attempts + 1 WHERE id = ?")) {
                for (Claimed cl : out) {
                    up.setTimestamp(1, Timestamp.from(now.plus(settings.lease())));
                    up.setLong(2, cl.id());
                    up.addBatch();
                }
                up.executeBatch();
            }
            return out;
        });
    }

    /**
     * Each claimed head with the rows queued behind it for the same recipient (its run), in id order, up to the batch:
     * one pass sends a busy recipient's queue in order instead of one row per pass (a department address that gets an
     * alert per ticket otherwise drains at one row per claim). A run stops at the first row not yet due. The followers
     * are safe to take: while their head is locked here or SENDING, no other claim sees them as a head.
     */
    private List<Claimed> withFollowers(Connection c, List<Claimed> heads, List<Long> poison, Instant now)
            throws SQLException {
        List<Claimed> out = new ArrayList<>();
        int room = settings.batch() - heads.size() - poison.size();
        // parked rows and rows not parked yet, each in id order along ix_outbox_recipient_state, merged by id
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT o.id, o.channel, o.account, o.recipient, o.kind, o.payload, o.dedupe_key, o.attempts,"
                        + " o.next_attempt_at FROM outbox o WHERE o.channel = ? AND o.account = ? AND o.recipient = ?"
                        + " AND o.state = ? AND o.id > ? ORDER BY o.id LIMIT ? FOR UPDATE")) { // ix_outbox_recipient_state
            for (Claimed head : heads) {
                out.add(head);
                if (room <= 0) {
                    continue;
                }
                OutboxMessage hm = head.message();
                java.util.TreeMap<Long, Object[]> run = new java.util.TreeMap<>();
                for (String state : List.of("PENDING", "QUEUED")) {
                    ps.setString(1, hm.channel().id());
                    ps.setString(2, hm.account());
                    ps.setString(3, hm.recipient());
                    ps.setString(4, state);
                    ps.setLong(5, head.id());
                    ps.setInt(6, room);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            run.put(rs.getLong(1), new Object[] {rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
                                rs.getTimestamp(9).toInstant()});
                        }
                    }
                }
                for (Map.Entry<Long, Object[]> e : run.entrySet()) {
                    Object[] r = e.getValue();
                    if (room <= 0 || ((Instant) r[7]).isAfter(now)) {
                        break; // a run stops at the first row not yet due
                    }
                    try {
                        out.add(new Claimed(e.getKey(), (Integer) r[6], new OutboxMessage(Channel.of((String) r[0]),
                                (String) r[1], (String) r[2], OutboxJdbc.payload((String) r[3], (String) r[4]),
                                Optional.ofNullable((String) r[5]))));
                        room--;
                    } catch (IllegalArgumentException unreadable) {
                        break; // left for a later pass, where it is a head and marked FAILED
                    }
                }
            }
        }
        return out;
    }

    /** At most this many parked rows in one claim (a backlog is parked over a few passes). */
    static final int PARK_AT_MOST = 1_000;
    /** How often a claim looks for parked rows whose recipient has nothing open any more. */
    static final long SWEEP_EVERY_NANOS = 5_000_000_000L;
    private volatile long lastSweep = System.nanoTime() - SWEEP_EVERY_NANOS;
    /**
     * Recipients (channel, account, recipient) with rows this instance parked: only their outcomes look for a parked
     * row to promote (one statement each), so a campaign's thousands of single-row recipients cost nothing extra.
     * Rows parked by another instance are promoted by that instance or by the sweep.
     */
    private final java.util.Set<String> parkedFor = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A parked row's turn comes when its recipient has nothing PENDING or SENDING left: its first parked row becomes
     * PENDING again (a head). Done after each recorded outcome ({@link #promote}); this sweep catches a row parked
     * while the row ahead of it was being settled in another transaction, and rows parked before a crash.
     */
    private void sweepParked(Connection c, Instant now) throws SQLException {
        long t = System.nanoTime();
        if (t - lastSweep < SWEEP_EVERY_NANOS) {
            return;
        }
        lastSweep = t;
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'PENDING' WHERE id IN ("
                + "SELECT MIN(q.id) FROM outbox q WHERE q.state = 'QUEUED' AND NOT EXISTS (SELECT 1 FROM outbox p"
                + " WHERE p.channel = q.channel AND p.account = q.account AND p.recipient = q.recipient"
                + " AND p.state IN ('PENDING', 'SENDING')) GROUP BY q.channel, q.account, q.recipient)")) {
            int n = ps.executeUpdate();
            if (n > 0) {
                LOG.debug("outbox: {} parked rows promoted by the sweep", n);
            }
        }
    }

    /**
     * The recipient's first parked row becomes a head once nothing of theirs is PENDING or SENDING. Returns whether
     * the recipient still has parked rows (promoted one included).
     */
    private static boolean promote(Connection c, OutboxMessage m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'PENDING' WHERE id = (SELECT MIN(id)"
                + " FROM outbox WHERE channel = ? AND account = ? AND recipient = ? AND state = 'QUEUED') AND NOT EXISTS"
                + " (SELECT 1 FROM outbox WHERE channel = ? AND account = ? AND recipient = ?"
                + " AND state IN ('PENDING', 'SENDING'))")) {
            for (int i = 0; i < 2; i++) {
                ps.setString(1 + 3 * i, m.channel().id());
                ps.setString(2 + 3 * i, m.account());
                ps.setString(3 + 3 * i, m.recipient());
            }
            if (ps.executeUpdate() == 1) {
                return true;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM outbox WHERE channel = ? AND account = ?"
                + " AND recipient = ? AND state = 'QUEUED'")) {
            ps.setString(1, m.channel().id());
            ps.setString(2, m.account());
            ps.setString(3, m.recipient());
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether a row's recipient already had a row put back in this pass: its later rows must wait too (order). */
    private static String recipientOf(Claimed c) {
        OutboxMessage m = c.message();
        return m.channel().id() + '\u0000' + m.account() + '\u0000' + m.recipient();
    }

    private void record(List<Map.Entry<Claimed, SendOutcome>> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        tx.inTx(conn -> {
            Map<String, OutboxMessage> recipients = new java.util.LinkedHashMap<>();
            for (Map.Entry<Claimed, SendOutcome> o : outcomes) {
                record(conn, o.getKey(), o.getValue());
                recipients.putIfAbsent(recipientOf(o.getKey()), o.getKey().message());
            }
            for (Map.Entry<String, OutboxMessage> r : recipients.entrySet()) {
                if (parkedFor.contains(r.getKey()) && !promote(conn, r.getValue())) {
                    parkedFor.remove(r.getKey()); // nothing of theirs is parked any more
                }
            }
            return null;
        });
    }

    private void record(Connection conn, Claimed c, SendOutcome result) throws SQLException {
        Instant now = clock.instant();
        {
            if (result instanceof SendOutcome.Sent sent) {
                if (!sent.notReached().isEmpty()) {
                    LOG.warn("outbox row {} to {}: {} recipients not reached", c.id(), c.message().channel().id(),
                            sent.notReached().size());
                }
                try (PreparedStatement ps = conn.prepareStatement("UPDATE outbox SET state = 'DONE', sent_at = ?,"
                        + " claimed_until = NULL, last_error = NULL, platform_id = ? WHERE id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setString(2, sent.platformId().filter(p -> p.length() <= 128).orElse(null));
                    ps.setLong(3, c.id());
                    ps.executeUpdate();
                }
                Map<String, String> misses = batchMisses.remove(c.id());
                if (misses != null && isBatch(c)) {
                    CampaignJdbc.batchMembersOutcome(conn, c.message().dedupeKey().orElseThrow(), misses,
                            io.shaozi.core.campaign.DeliveryStatus.FAILED, now);
                }
                ledger(conn, c, io.shaozi.core.campaign.DeliveryStatus.SENT, Optional.empty(), now);
            } else if (result instanceof SendOutcome.RetryLater r) {
                int attempts = c.attempts() + 1;
                if (attempts >= settings.maxAttempts()) {
                    update(conn, "UPDATE outbox SET state = 'FAILED', claimed_until = NULL, last_error = ? WHERE id = ?",
                            null, "gave up after " + attempts + " attempts: " + r.reason(), c.id());
                    LOG.warn("outbox row {} to {} failed after {} attempts: {}", c.id(), c.message().channel().id(),
                            attempts, r.reason());
                    ledger(conn, c, io.shaozi.core.campaign.DeliveryStatus.FAILED, Optional.of("retries_exhausted"), now);
                } else {
                    Instant backoff = now.plus(backoff(attempts));
                    Instant next = r.notBefore().isAfter(backoff) ? r.notBefore() : backoff;
                    try (PreparedStatement ps = conn.prepareStatement("UPDATE outbox SET state = 'PENDING',"
                            + " next_attempt_at = ?, claimed_until = NULL, last_error = ?, platform_id = NULL"
                            + " WHERE id = ?")) {
                        ps.setTimestamp(1, Timestamp.from(next));
                        ps.setString(2, r.reason());
                        ps.setLong(3, c.id());
                        ps.executeUpdate();
                    }
                }
            } else if (result instanceof SendOutcome.Throttled t) {
                try (PreparedStatement ps = conn.prepareStatement("UPDATE outbox SET state = 'PENDING',"
                        + " next_attempt_at = ?, claimed_until = NULL, attempts = attempts - 1, last_error = ?,"
                        + " platform_id = NULL WHERE id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(t.notBefore()));
                    ps.setString(2, t.reason());
                    ps.setLong(3, c.id());
                    ps.executeUpdate();
                }
            } else {
                SendOutcome.Rejected rej = (SendOutcome.Rejected) result;
                String reason = c.message().channel().id() + " " + rej.reason();
                update(conn, "UPDATE outbox SET state = 'FAILED', claimed_until = NULL, last_error = ? WHERE id = ?",
                        null, reason, c.id());
                LOG.warn("outbox row {} to {} rejected: {}", c.id(), c.message().channel().id(), reason);
                ledger(conn, c, io.shaozi.core.campaign.DeliveryStatus.FAILED, Optional.of(rej.errcode()), now);
            }
        }
    }

    /** A campaign message's outcome goes to its ledger row in the same transaction. */
    private static void ledger(Connection conn, Claimed c, io.shaozi.core.campaign.DeliveryStatus status,
                               Optional<String> code, Instant now) throws SQLException {
        Optional<String> key = c.message().dedupeKey();
        if (key.isPresent() && (key.get().startsWith(io.shaozi.core.campaign.LedgerEntry.KEY_PREFIX)
                || key.get().startsWith(io.shaozi.core.campaign.LedgerEntry.DIGEST_PREFIX)
                || key.get().startsWith(io.shaozi.core.campaign.LedgerEntry.BATCH_PREFIX))) {
            io.shaozi.core.campaign.DeliveryPolicy.Settled s = io.shaozi.core.campaign.DeliveryPolicy.settled(
                    c.message().channel().id(), c.message().payload(), status, code);
            CampaignJdbc.outcome(conn, key.get(), s.status(), s.code(), now);
        }
    }

    Duration backoff(int attempts) {
        long factor = 1L << Math.min(20, Math.max(0, attempts - 1));
        Duration d = settings.firstBackoff().multipliedBy(factor);
        return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
    }

    private static void update(Connection c, String sql, Timestamp ts, String text, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (ts != null) {
                ps.setTimestamp(i++, ts);
            }
            if (text != null) {
                ps.setString(i++, text);
            }
            ps.setLong(i, id);
            ps.executeUpdate();
        }
    }

    /** Counts rows per state (metrics, tests). */
    public Map<String, Long> countByState() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM outbox GROUP BY state");
             ResultSet rs = ps.executeQuery()) {
            Map<String, Long> m = new java.util.TreeMap<>();
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2));
            }
            return m;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.shutdown();
            try {
                loop.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
