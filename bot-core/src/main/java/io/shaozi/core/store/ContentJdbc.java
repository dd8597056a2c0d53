package io.shaozi.core.store;

import io.shaozi.core.content.ContentAction;
import io.shaozi.core.content.ContentEvent;
import io.shaozi.core.content.ContentItem;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.content.ContentRepository;
import io.shaozi.core.content.ContentState;
import io.shaozi.core.content.Draft;
import io.shaozi.core.identity.Role;
import io.shaozi.core.push.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** Content items and their audit events in the database (tables content_item, content_event; V23). */
public final class ContentJdbc implements ContentRepository {
    private static final String ITEM_COLS = "id, kind, title, body, link, cover, source, valid_until, state, author,"
            + " submitter, approver, rejection, version, created_at, updated_at";
    private final DataSource ds;

    public ContentJdbc(Database db) {
        this.ds = db.dataSource();
    }

    @Override
    public long nextId() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT nextval('content_item_seq')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public boolean save(ContentItem item, ContentEvent event, Consumer<Outbox> notices) {
        return new Tx(ds).inTx(c -> {
            if (event.seq() == 1) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO content_item (" + ITEM_COLS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    ps.setLong(1, item.id());
                    int i = bindDraft(ps, 2, item.draft());
                    bindRest(ps, i, item);
                    ps.setTimestamp(i + 7, Timestamp.from(item.updatedAt()));
                    if (ps.executeUpdate() == 0) {
                        return false;
                    }
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE content_item SET kind = ?, title = ?, body = ?,"
                        + " link = ?, cover = ?, source = ?, valid_until = ?, state = ?, author = ?, submitter = ?,"
                        + " approver = ?, rejection = ?, version = ?, created_at = ?, updated_at = ?"
                        + " WHERE id = ? AND version = ?")) {
                    int i = bindDraft(ps, 1, item.draft());
                    bindRest(ps, i, item);
                    ps.setTimestamp(i + 7, Timestamp.from(item.updatedAt()));
                    ps.setLong(i + 8, item.id());
                    ps.setInt(i + 9, event.seq() - 1);
                    if (ps.executeUpdate() == 0) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO content_event (content_id, seq, action, actor,"
                    + " actor_name, actor_role, happened_at, from_state, to_state, note, kind, title, body, link,"
                    + " cover, source, valid_until, has_draft) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?)")) {
                ps.setLong(1, event.item());
                ps.setInt(2, event.seq());
                ps.setString(3, event.action().name());
                ps.setString(4, event.actor());
                ps.setString(5, event.actorName());
                ps.setString(6, event.actorRole().name());
                ps.setTimestamp(7, Timestamp.from(event.at()));
                ps.setString(8, event.from().name());
                ps.setString(9, event.to().name());
                ps.setString(10, event.note());
                if (event.draft().isPresent()) {
                    bindDraft(ps, 11, event.draft().get());
                } else {
                    for (int k = 11; k <= 17; k++) {
                        ps.setNull(k, k == 17 ? Types.TIMESTAMP_WITH_TIMEZONE : Types.VARCHAR);
                    }
                }
                ps.setBoolean(18, event.draft().isPresent());
                ps.executeUpdate();
            }
            notices.accept(m -> {
                try {
                    return OutboxJdbc.enqueue(c, m, event.at());
                } catch (SQLException e) {
                    throw new StoreException(e);
                }
            });
            return true;
        });
    }

    /** Binds kind..valid_until (7 columns) from {@code at}; the next free index. */
    private static int bindDraft(PreparedStatement ps, int at, Draft d) throws SQLException {
        ps.setString(at, d.kind().name());
        ps.setString(at + 1, d.title());
        ps.setString(at + 2, d.body());
        ps.setString(at + 3, d.link().orElse(null));
        ps.setString(at + 4, d.cover().orElse(null));
        ps.setString(at + 5, d.source());
        if (d.validUntil().isPresent()) {
            ps.setTimestamp(at + 6, Timestamp.from(d.validUntil().get()));
        } else {
            ps.setNull(at + 6, Types.TIMESTAMP_WITH_TIMEZONE);
        }
        return at + 7;
    }

    /** Binds state..created_at (6 columns) from {@code at}. */
    private static void bindRest(PreparedStatement ps, int at, ContentItem item) throws SQLException {
        ps.setString(at, item.state().name());
        ps.setString(at + 1, item.author());
        ps.setString(at + 2, item.submitter().orElse(null));
        ps.setString(at + 3, item.approver().orElse(null));
        ps.setString(at + 4, item.rejection().orElse(null));
        ps.setInt(at + 5, item.version());
        ps.setTimestamp(at + 6, Timestamp.from(item.createdAt()));
    }

    private static Draft draft(ResultSet rs) throws SQLException {
        Timestamp v = rs.getTimestamp("valid_until");
        return new Draft(ContentKind.valueOf(rs.getString("kind")), rs.getString("title"), rs.getString("body"),
                Optional.ofNullable(rs.getString("link")), Optional.ofNullable(rs.getString("cover")),
                rs.getString("source"), Optional.ofNullable(v).map(Timestamp::toInstant));
    }

    private static ContentItem item(ResultSet rs) throws SQLException {
        return new ContentItem(rs.getLong("id"), draft(rs), ContentState.valueOf(rs.getString("state")),
                rs.getString("author"), Optional.ofNullable(rs.getString("submitter")),
                Optional.ofNullable(rs.getString("approver")), Optional.ofNullable(rs.getString("rejection")),
                rs.getInt("version"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    @Override
    public Optional<ContentItem> find(long id) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + ITEM_COLS + " FROM content_item WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(item(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public List<ContentEvent> events(long id) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT content_id, seq, action, actor, actor_name, actor_role,"
                     + " happened_at, from_state, to_state, note, kind, title, body, link, cover, source, valid_until,"
                     + " has_draft FROM content_event WHERE content_id = ? ORDER BY seq")) {
            ps.setLong(1, id);
            List<ContentEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Optional<Draft> d = rs.getBoolean("has_draft") ? Optional.of(draft(rs)) : Optional.empty();
                    out.add(new ContentEvent(rs.getLong("content_id"), rs.getInt("seq"),
                            ContentAction.valueOf(rs.getString("action")), rs.getString("actor"),
                            rs.getString("actor_name"), Role.valueOf(rs.getString("actor_role")),
                            rs.getTimestamp("happened_at").toInstant(), ContentState.valueOf(rs.getString("from_state")),
                            ContentState.valueOf(rs.getString("to_state")), rs.getString("note"), d));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public List<ContentItem> list(Optional<ContentState> state, Optional<ContentKind> kind, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + ITEM_COLS + " FROM content_item WHERE 1 = 1");
        state.ifPresent(s -> sql.append(" AND state = ?"));
        kind.ifPresent(k -> sql.append(" AND kind = ?"));
        sql.append(" ORDER BY id DESC LIMIT ?");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (state.isPresent()) {
                ps.setString(i++, state.get().name());
            }
            if (kind.isPresent()) {
                ps.setString(i++, kind.get().name());
            }
            ps.setInt(i, limit);
            List<ContentItem> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(item(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

}
