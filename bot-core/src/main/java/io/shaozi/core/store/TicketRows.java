package io.shaozi.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.shaozi.core.http.Json;
import io.shaozi.core.identity.Role;
import io.shaozi.core.ticket.Actor;
import io.shaozi.core.ticket.EventType;
import io.shaozi.core.ticket.TicketEvent;
import io.shaozi.core.ticket.TicketStatus;
import io.shaozi.core.ticket.TicketSummary;
import io.shaozi.nlp.Urgency;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Row mapping shared by the ticket store's classes: summaries, events, timestamps, optional columns. */
final class TicketRows {
    static final TypeReference<List<String>> LIST = new TypeReference<>() { };
    static final TypeReference<Map<String, String>> MAP = new TypeReference<>() { };
    static final String SUMMARY_COLUMNS = "number, status, category, department, community, urgency, created_at, "
            + "due_at, overdue, content, place, request_type";
    /** The column after {@link #SUMMARY_COLUMNS}: {@code COUNT(*) OVER ()} in a search from all candidates. */
    static final int SUMMARY_COUNT_COLUMN = SUMMARY_COLUMNS.split(",").length + 1;

    private TicketRows() {
    }

    static <T> T read(DataSource ds, io.shaozi.core.store.Tx.Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
    static List<TicketEvent> readEvents(Connection c, String number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ticket, seq, type, actor_id, actor_name, actor_role,"
                + " actor_department, actor_community, occurred_at, from_status, to_status, note, attachments, data"
                + " FROM ticket_event WHERE ticket = ? ORDER BY seq")) {
            ps.setString(1, number);
            List<TicketEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Actor actor = new Actor(rs.getString(4), rs.getString(5), Role.valueOf(rs.getString(6)),
                            opt(rs.getString(7)), opt(rs.getString(8)));
                    out.add(new TicketEvent(rs.getString(1), rs.getInt(2), EventType.valueOf(rs.getString(3)), actor,
                            instant(rs, 9).orElseThrow(), opt(rs.getString(10)).map(TicketStatus::valueOf),
                            TicketStatus.valueOf(rs.getString(11)), rs.getString(12), parse(rs.getString(13), LIST),
                            parse(rs.getString(14), MAP)));
                }
            }
            return out;
        }
    }

    static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt ticket event JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String prefixed(String p) {
        return p + SUMMARY_COLUMNS.replace(", ", ", " + p);
    }

    static List<TicketSummary> summaries(PreparedStatement ps) throws SQLException {
        List<TicketSummary> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(summary(rs));
            }
        }
        return out;
    }

    static TicketSummary summary(ResultSet rs) throws SQLException {
        return new TicketSummary(rs.getString(1), TicketStatus.valueOf(rs.getString(2)), rs.getString(3), opt(rs.getString(4)),
                opt(rs.getString(5)), Urgency.valueOf(rs.getString(6)), instant(rs, 7).orElseThrow(), instant(rs, 8),
                rs.getBoolean(9), rs.getString(10), rs.getString(11), rs.getString(12) == null ? "" : rs.getString(12));
    }

    static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    static Optional<String> opt(String s) {
        return Optional.ofNullable(s);
    }

    static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static OffsetDateTime ts(Optional<Instant> i) {
        return i.map(TicketRows::ts).orElse(null);
    }

    static Optional<Boolean> bool(ResultSet rs, int col) throws SQLException {
        boolean b = rs.getBoolean(col);
        return rs.wasNull() ? Optional.empty() : Optional.of(b);
    }

    static Optional<Instant> instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
