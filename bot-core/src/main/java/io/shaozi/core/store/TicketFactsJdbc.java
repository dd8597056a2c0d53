package io.shaozi.core.store;

import static io.shaozi.core.store.TicketRows.*;

import io.shaozi.core.ticket.MetricsFacts;
import io.shaozi.core.ticket.TicketStatus;
import io.shaozi.nlp.Rating;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;


/** The facts the 响应率 / 解决率 / 满意率 metrics are computed from: tickets, returns and summonses of a period. */
final class TicketFactsJdbc {
    private final DataSource ds;

    TicketFactsJdbc(DataSource ds) {
        this.ds = ds;
    }

    public MetricsFacts facts(Instant from, Instant to) {
        return read(ds, c -> {
            List<MetricsFacts.TicketFact> tickets = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT number, category, department, community, status, created_at,"
                    + " dispatched_at, accepted_at, sign_due, breaches, rating, responded, request_type FROM ticket WHERE created_at >= ? AND created_at < ?")) {
                ps.setObject(1, ts(from));
                ps.setObject(2, ts(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tickets.add(new MetricsFacts.TicketFact(rs.getString(1), rs.getString(2), opt(rs.getString(3)),
                                opt(rs.getString(4)), TicketStatus.valueOf(rs.getString(5)), instant(rs, 6).orElseThrow(),
                                instant(rs, 7), instant(rs, 8), instant(rs, 9), rs.getInt(10),
                                opt(rs.getString(11)).map(Rating::valueOf), bool(rs, 12),
                                opt(rs.getString(13)).orElse("")));
                    }
                }
            }
            List<MetricsFacts.ReturnFact> returns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.ticket, r.department, r.reason, r.returned_at, r.wrongful,"
                    + " r.lost_minutes FROM ticket_return r JOIN ticket t ON t.number = r.ticket"
                    + " WHERE t.created_at >= ? AND t.created_at < ?")) {
                ps.setObject(1, ts(from));
                ps.setObject(2, ts(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        returns.add(new MetricsFacts.ReturnFact(rs.getString(1), rs.getString(2), rs.getString(3),
                                instant(rs, 4).orElseThrow(), rs.getBoolean(5), rs.getLong(6)));
                    }
                }
            }
            List<MetricsFacts.SummonsFact> summons = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.ticket, s.department, s.due_at, s.reported_at, s.missed"
                    + " FROM ticket_summons s JOIN ticket t ON t.number = s.ticket WHERE t.created_at >= ? AND t.created_at < ?")) {
                ps.setObject(1, ts(from));
                ps.setObject(2, ts(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        summons.add(new MetricsFacts.SummonsFact(rs.getString(1), rs.getString(2), instant(rs, 3).orElseThrow(),
                                instant(rs, 4), rs.getBoolean(5)));
                    }
                }
            }
            return new MetricsFacts(tickets, returns, summons);
        });
    }
}
