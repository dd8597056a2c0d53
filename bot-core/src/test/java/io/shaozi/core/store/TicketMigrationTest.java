package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.ticket.TicketQuery;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database created before V12 (as main shipped V10/V11) upgrades: its list totals are backfilled (V12) and its
 * tickets' text is indexed by the store's backfill (V13).
 */
class TicketMigrationTest {
    private static TicketQuery text(String q) {
        return new TicketQuery(java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of(q), 1, 20);
    }

    @Test
    void upgradeFromV11BackfillsCountCells() throws Exception {
        String url = "jdbc:h2:mem:m_" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").target("11").load().migrate();
        try (Connection c = java.sql.DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
            for (int i = 1; i <= 3; i++) {
                s.executeUpdate("INSERT INTO ticket (number, version, status, category, urgency, department, reporter_key,"
                        + " phone, place, content, created_at, updated_at, provisional, overdue, breaches, escalation, bounces)"
                        + " VALUES ('20261130000" + i + "', 2, 'DISPATCHED', '城乡建设', 'NORMAL', 'jd-cgb', 'wechat:sz:o', '',"
                        + " '多福巷', '路灯', TIMESTAMP WITH TIME ZONE '2026-11-30 10:00:00+08', TIMESTAMP WITH TIME ZONE"
                        + " '2026-11-30 10:00:00+08', FALSE, " + (i == 3) + ", 0, 0, 0)");
            }
        }
        try (Database db = Database.open(url, "", "", 2)) {
            TicketJdbc repo = new TicketJdbc(db, Clock.systemUTC());
            assertThat(repo.search(TicketQuery.all()).total()).isEqualTo(3);
            assertThat(repo.search(TicketQuery.all().withDepartment("jd-cgb")).total()).isEqualTo(3);
            assertThat(repo.search(TicketQuery.all().withDepartment("jd-zfd")).total()).isZero();
            // V13: the three tickets predate the text index; search scans until the backfill has run
            assertThat(repo.textIndexPending()).isTrue();
            assertThat(repo.search(text("多福巷")).total()).isEqualTo(3);
            assertThat(repo.indexText()).isEqualTo(3);
            assertThat(repo.textIndexPending()).isFalse();
            TicketJdbc restarted = new TicketJdbc(db, Clock.systemUTC());
            assertThat(restarted.search(text("多福巷")).total()).isEqualTo(3);
            assertThat(restarted.search(text("路灯")).total()).isEqualTo(3);
            assertThat(restarted.search(text("灯多")).total()).isZero();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ticket_gram")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3 * 3); // 多福, 福巷, 路灯 per ticket
            }
        }
    }
}
