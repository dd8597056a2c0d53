package io.shaozi.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.shaozi.adapters.common.Fields;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.http.Json;
import io.shaozi.core.push.Outbox;
import io.shaozi.core.push.OutboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link Outbox} on the {@code outbox} table. On its own, each call is one transaction; {@link #enqueue(Connection,
 * OutboxMessage, Instant)} joins the caller's transaction instead, so a ticket change and its alerts commit together.
 */
public final class OutboxJdbc implements Outbox {
    /** Size of outbox.dedupe_key. */
    static final int DEDUPE_KEY_COLUMN = 200;

    private final Tx tx;
    private final Clock clock;

    public OutboxJdbc(DataSource ds, Clock clock) {
        this.tx = new Tx(ds);
        this.clock = clock;
    }

    @Override
    public boolean enqueue(OutboxMessage m) {
        return tx.inTx(c -> enqueue(c, m, clock.instant()));
    }

    @Override
    public void enqueueAll(List<OutboxMessage> messages) {
        tx.inTx(c -> {
            for (OutboxMessage m : messages) {
                enqueue(c, m, clock.instant());
            }
            return null;
        });
    }

    /**
     * Queues {@code m} inside {@code c}'s transaction. Returns false when a row with the same dedupe key
     * exists already (the notice was queued before), true when a row was added.
     */
    public static boolean enqueue(Connection c, OutboxMessage m, Instant now) throws SQLException {
        // keys built from platform ids (reply:<channel>:<account>:<msgId>:<user>:<n>) can outgrow the column: such a
        // key is stored hashed; short keys (tk:<ticket>:…, read back by the senders) stay as they are
        java.util.Optional<String> key = m.dedupeKey().map(k -> Fields.fit(k, DEDUPE_KEY_COLUMN));
        // a key queued before (uq_outbox_dedupe) makes the insert a no-op: one round trip, no check-then-insert race
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (channel, account, recipient, kind, payload, dedupe_key, state, attempts,"
                        + " next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)"
                        + (key.isPresent() ? " ON CONFLICT DO NOTHING" : ""))) {
            ps.setString(1, m.channel().id());
            ps.setString(2, m.account());
            ps.setString(3, m.recipient());
            ps.setString(4, kind(m.payload()));
            ps.setString(5, payloadJson(m.payload()));
            ps.setString(6, key.orElse(null));
            ps.setTimestamp(7, Timestamp.from(now));
            ps.setTimestamp(8, Timestamp.from(now));
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Queues {@code messages}, whose dedupe keys are new by construction (a campaign's ledger keys, written in the
     * same transaction as their ledger rows), in one batch inside {@code c}'s transaction (on PostgreSQL, from
     * {@link #COPY_FROM} messages on, one COPY). A key queued before fails the whole batch (unique constraint) instead
     * of being skipped.
     */
    public static void enqueueNew(Connection c, List<OutboxMessage> messages, Instant now) throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        if (messages.size() >= COPY_FROM && PgCopy.available(c)) {
            List<Object[]> rows = new java.util.ArrayList<>(messages.size());
            for (OutboxMessage m : messages) {
                rows.add(new Object[] {m.channel().id(), m.account(), m.recipient(), kind(m.payload()),
                    payloadJson(m.payload()), m.dedupeKey().map(k -> Fields.fit(k, DEDUPE_KEY_COLUMN)).orElse(null),
                    "PENDING", 0, now, now});
            }
            PgCopy.copy(c, "outbox", "channel, account, recipient, kind, payload, dedupe_key, state, attempts,"
                    + " next_attempt_at, created_at", rows);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (channel, account, recipient, kind, payload, dedupe_key, state, attempts,"
                        + " next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)")) {
            for (OutboxMessage m : messages) {
                ps.setString(1, m.channel().id());
                ps.setString(2, m.account());
                ps.setString(3, m.recipient());
                ps.setString(4, kind(m.payload()));
                ps.setString(5, payloadJson(m.payload()));
                ps.setString(6, m.dedupeKey().map(k -> Fields.fit(k, DEDUPE_KEY_COLUMN)).orElse(null));
                ps.setTimestamp(7, Timestamp.from(now));
                ps.setTimestamp(8, Timestamp.from(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** From this many messages on, {@link #enqueueNew} uses PostgreSQL's COPY instead of a batched INSERT. */
    static final int COPY_FROM = 16;

    /** The {@code kind} column: the record's simple name in lower case (text, news, template, markdown, card). */
    /**
     * The platform message id of the latest sent row to {@code recipient} on {@code channel}/{@code account} whose
     * dedupe key starts with one of {@code keyPrefixes} (a ticket's earlier alert, for the platform's urgent notice).
     */
    public static java.util.Optional<String> platformIdOf(DataSource ds, io.shaozi.adapters.common.Channel channel,
                                                         String account, String recipient, List<String> keyPrefixes) {
        try (Connection c = ds.getConnection()) {
            for (String prefix : keyPrefixes) {
                try (PreparedStatement ps = c.prepareStatement("SELECT platform_id FROM outbox WHERE channel = ?"
                        + " AND account = ? AND recipient = ? AND dedupe_key LIKE ? AND platform_id IS NOT NULL"
                        + " ORDER BY sent_at DESC, id DESC")) {
                    ps.setString(1, channel.id());
                    ps.setString(2, account);
                    ps.setString(3, recipient);
                    ps.setString(4, prefix.replace("%", "").replace("_", "\\_") + "%");
                    ps.setMaxRows(1);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return java.util.Optional.of(rs.getString(1));
                        }
                    }
                }
            }
            return java.util.Optional.empty();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public static String kind(Outbound o) {
        return io.shaozi.adapters.common.OutboundJson.kind(o);
    }

    /**
     * How many rows of {@code channel} and {@code account} (and {@code recipient}, when given) were delivered after
     * {@code since}: where a rate limit's count starts when it starts afresh (a restart, an expired key).
     */
    public static int delivered(DataSource ds, io.shaozi.adapters.common.Channel channel, String account,
                                Optional<String> recipient, Instant since) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE channel = ? AND account = ?"
                     + (recipient.isPresent() ? " AND recipient = ?" : "") + " AND state = 'DONE' AND sent_at > ?")) {
            int i = 1;
            ps.setString(i++, channel.id());
            ps.setString(i++, account);
            if (recipient.isPresent()) {
                ps.setString(i++, recipient.get());
            }
            ps.setTimestamp(i, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** {@link #delivered} of each recipient, in queries of up to 500 recipients (ix_outbox_recipient_state). */
    public static java.util.Map<String, Integer> deliveredEach(DataSource ds, io.shaozi.adapters.common.Channel channel,
                                                              String account, java.util.List<String> recipients,
                                                              Instant since) {
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        try (Connection c = ds.getConnection()) {
            for (int from = 0; from < recipients.size(); from += 500) {
                java.util.List<String> part = recipients.subList(from, Math.min(recipients.size(), from + 500));
                try (PreparedStatement ps = c.prepareStatement("SELECT recipient, COUNT(*) FROM outbox WHERE channel = ?"
                        + " AND account = ? AND recipient IN (" + String.join(", ", java.util.Collections.nCopies(
                        part.size(), "?")) + ") AND state = 'DONE' AND sent_at > ? GROUP BY recipient")) {
                    int i = 1;
                    ps.setString(i++, channel.id());
                    ps.setString(i++, account);
                    for (String r : part) {
                        ps.setString(i++, r);
                    }
                    ps.setTimestamp(i, Timestamp.from(since));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), rs.getInt(2));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    public static String payloadJson(Outbound o) {
        return Json.text(o);
    }

    /** Reverses {@link #kind} + {@link #payloadJson}. */
    public static Outbound payload(String kind, String json) {
        Class<? extends Outbound> type = switch (kind) {
            case "text" -> Outbound.Text.class;
            case "news" -> Outbound.News.class;
            case "template" -> Outbound.Template.class;
            case "markdown" -> Outbound.Markdown.class;
            case "card" -> Outbound.Card.class;
            case "mass" -> Outbound.Mass.class;
            default -> throw new IllegalArgumentException("unknown outbox kind: " + kind);
        };
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("corrupt outbox payload of kind " + kind, e);
        }
    }
}
