package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Actor;
import io.shaozi.core.ticket.Fixtures;
import io.shaozi.core.ticket.OpenRequest;
import io.shaozi.core.ticket.ReporterNotifier;
import io.shaozi.core.ticket.StaffAlerts;
import io.shaozi.core.ticket.TicketQuery;
import io.shaozi.core.ticket.TicketService;
import io.shaozi.core.ticket.TicketStatus;
import io.shaozi.nlp.Urgency;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the statements of a search are planned for their own parameters on every execution: the driver makes
 * a statement used five times a named server-side one, and PostgreSQL then may switch to a generic plan that ignores
 * how selective the filter value and the LIKE pattern are (a sequential scan for a common word in one department).
 */
final class SearchPlanPostgresTest {

    @Test
    void search_repeated_leavesNoServerPreparedSearchStatement() throws Exception {
        String url = TestDatabases.freshUrl(TestDatabases.Engine.POSTGRESQL);
        Database.open(url, TestDatabases.PG_USER, "", 2).close(); // migrates
        HikariConfig one = new HikariConfig();
        one.setJdbcUrl(url);
        one.setUsername(TestDatabases.PG_USER);
        one.setMaximumPoolSize(1); // the session that ran the searches is the one asked about its prepared statements
        try (HikariDataSource ds = new HikariDataSource(one)) {
            MutableClock clock = MutableClock.atBeijing("2026-11-30T10:00");
            TicketJdbc repo = new TicketJdbc(ds, clock);
            TicketService service = new TicketService(repo, Fixtures.MACHINE, clock, ReporterNotifier.NONE,
                    new StaffAlerts(() -> Fixtures.ORG));
            for (int i = 0; i < 3; i++) {
                service.open(OpenRequest.of(Fixtures.RESIDENT, "小区路灯不亮了" + i, "城乡建设", Urgency.NORMAL,
                        "某小区" + (i + 1) + "号楼"), Actor.resident(Fixtures.RESIDENT));
            }
            TicketQuery text = new TicketQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of("路灯"), 1, 20);
            TicketQuery filtered = new TicketQuery(Optional.of(TicketStatus.RECEIVED), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("路灯"), 1, 20);
            for (int i = 0; i < 12; i++) {
                assertThat(repo.search(text).total()).isEqualTo(3);
                repo.search(filtered);
            }

            List<String> prepared = new ArrayList<>();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT statement FROM pg_prepared_statements")) {
                while (rs.next()) {
                    prepared.add(rs.getString(1));
                }
            }
            // the observation works: the gram probe, an index lookup whatever its key, is server-prepared by now
            assertThat(prepared).anyMatch(st -> st.contains("FROM ticket_gram WHERE gram ="));
            // the count and the page, whose best plan depends on the parameters, are not
            assertThat(prepared).noneMatch(st -> st.contains("LIKE"));
        }
    }
}
