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
 * tickets' text is indexed by the store's backfill (V13, then the sparse grams of V14); a V13 database gets the sparse
 * grams of its tickets from the same backfill, a V15 database their digit windows (V16), a V16 database their digit
 * triples (V17).
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
            // bigrams (V13), sparse grams (V14), digit windows (V16), digit triples (V17)
            assertThat(repo.indexText()).isEqualTo(3 + 3 + 3 + 3);
            assertThat(repo.textIndexPending()).isFalse();
            TicketJdbc restarted = new TicketJdbc(db, Clock.systemUTC());
            assertThat(restarted.search(text("多福巷")).total()).isEqualTo(3);
            assertThat(restarted.search(text("路灯")).total()).isEqualTo(3);
            assertThat(restarted.search(text("灯多")).total()).isZero();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ticket_gram")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3 * 3); // 多福, 福巷, 路灯 per ticket (no text of 4 code points)
            }
        }
    }

    @Test
    void upgradeFromV13SearchesByBigramsUntilTheSparseGramsAreBackfilled() throws Exception {
        String url = "jdbc:h2:mem:m_" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").target("13").load().migrate();
        String[] places = {"东城区某胡同17号", "东城区某胡同117号", "东城区某胡同71号"};
        try (Connection c = java.sql.DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
            for (int i = 1; i <= 3; i++) { // opened by the V13 code: projection row and bigrams
                String number = "20261130000" + i;
                s.executeUpdate("INSERT INTO ticket (number, version, status, category, urgency, department, reporter_key,"
                        + " phone, place, content, created_at, updated_at, provisional, overdue, breaches, escalation, bounces)"
                        + " VALUES ('" + number + "', 2, 'DISPATCHED', '城乡建设', 'NORMAL', 'jd-cgb', 'wechat:sz:o', '',"
                        + " '" + places[i - 1] + "', '路灯', TIMESTAMP WITH TIME ZONE '2026-11-30 10:00:00+08', TIMESTAMP WITH"
                        + " TIME ZONE '2026-11-30 10:00:00+08', FALSE, FALSE, 0, 0, 0)");
                for (String g : TextGrams.grams("路灯", places[i - 1])) {
                    s.executeUpdate("INSERT INTO ticket_gram (gram, number) VALUES ('" + g + "', '" + number + "')");
                }
            }
        }
        try (Database db = Database.open(url, "", "", 2)) {
            TicketJdbc repo = new TicketJdbc(db, Clock.systemUTC());
            assertThat(repo.textIndexPending()).isTrue(); // V14: the sparse grams of the three tickets are missing
            assertThat(repo.search(text("胡同17号")).items()).extracting(io.shaozi.core.ticket.TicketSummary::number)
                    .containsExactly("202611300001");
            assertThat(repo.search(text("17号")).total()).isEqualTo(2);
            assertThat(repo.indexText()).isEqualTo(3 + 3 + 3); // the bigrams were done: sparse grams, digit windows, triples
            assertThat(repo.textIndexPending()).isFalse();
            TicketJdbc restarted = new TicketJdbc(db, Clock.systemUTC());
            assertThat(restarted.search(text("胡同17号")).items()).extracting(io.shaozi.core.ticket.TicketSummary::number)
                    .containsExactly("202611300001");
            assertThat(restarted.search(text("同117号")).total()).isEqualTo(1);
            assertThat(restarted.search(text("胡同71号")).total()).isEqualTo(1);
            assertThat(restarted.search(text("胡同7号")).total()).isZero();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ticket_gram WHERE gram = '同17号'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void upgradeFromV15UsesTheDigitWindowsOnceTheyAreBackfilled() throws Exception {
        String url = "jdbc:h2:mem:m_" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").target("15").load().migrate();
        String[] contents = {"诉求内容21820", "诉求内容121820", "诉求内容218209"};
        try (Connection c = java.sql.DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
            for (int i = 1; i <= 3; i++) { // opened by the V14 code: projection row, bigrams and sparse grams
                String number = "20261130000" + i;
                s.executeUpdate("INSERT INTO ticket (number, version, status, category, urgency, department, reporter_key,"
                        + " phone, place, content, created_at, updated_at, provisional, overdue, breaches, escalation, bounces)"
                        + " VALUES ('" + number + "', 2, 'DISPATCHED', '城乡建设', 'NORMAL', 'jd-cgb', 'wechat:sz:o', '',"
                        + " '东城区某胡同1号', '" + contents[i - 1] + "', TIMESTAMP WITH TIME ZONE '2026-11-30 10:00:00+08',"
                        + " TIMESTAMP WITH TIME ZONE '2026-11-30 10:00:00+08', FALSE, FALSE, 0, 0, 0)");
                java.util.Set<String> keys = new java.util.LinkedHashSet<>(TextGrams.grams(contents[i - 1], "东城区某胡同1号"));
                keys.addAll(TextGrams.sparseGrams(contents[i - 1], "东城区某胡同1号"));
                for (String g : keys) {
                    s.executeUpdate("INSERT INTO ticket_gram (gram, number) VALUES ('" + g + "', '" + number + "')");
                }
            }
        }
        try (Database db = Database.open(url, "", "", 2)) {
            TicketJdbc repo = new TicketJdbc(db, Clock.systemUTC());
            assertThat(repo.textIndexPending()).isTrue(); // V16: the digit windows of the three tickets are missing
            assertThat(repo.search(text("21820")).total()).isEqualTo(3); // without them: bigrams, exact
            assertThat(repo.search(text("1820")).total()).isEqualTo(3);
            assertThat(repo.search(text("内容2182")).total()).isEqualTo(2);
            assertThat(repo.indexText()).isEqualTo(3 + 3); // bigrams and sparse grams were done: digit windows, triples
            assertThat(repo.textIndexPending()).isFalse();
            TicketJdbc restarted = new TicketJdbc(db, Clock.systemUTC());
            assertThat(restarted.search(text("21820")).total()).isEqualTo(3);
            assertThat(restarted.search(text("8209")).total()).isEqualTo(1);
            assertThat(restarted.search(text("内容2182")).total()).isEqualTo(2);
            assertThat(restarted.search(text("21821")).total()).isZero();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ticket_gram WHERE gram IN ('2182', '1820')")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3 * 2);
            }
        }
    }

    @Test
    void upgradeFromV16UsesTheDigitTriplesOnceTheyAreBackfilled() throws Exception {
        String url = "jdbc:h2:mem:m_" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").target("16").load().migrate();
        String[] contents = {"诉求内容281", "诉求内容2819", "诉求内容12813"};
        try (Connection c = java.sql.DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
            for (int i = 1; i <= 3; i++) { // opened by the V16 code: bigrams, sparse grams and digit windows
                String number = "20261130000" + i;
                s.executeUpdate("INSERT INTO ticket (number, version, status, category, urgency, department, reporter_key,"
                        + " phone, place, content, created_at, updated_at, provisional, overdue, breaches, escalation, bounces)"
                        + " VALUES ('" + number + "', 2, 'DISPATCHED', '城乡建设', 'NORMAL', 'jd-cgb', 'wechat:sz:o', '',"
                        + " '东城区某胡同896号', '" + contents[i - 1] + "', TIMESTAMP WITH TIME ZONE '2026-11-30 10:00:00+08',"
                        + " TIMESTAMP WITH TIME ZONE '2026-11-30 10:00:00+08', FALSE, FALSE, 0, 0, 0)");
                java.util.Set<String> keys = new java.util.LinkedHashSet<>(TextGrams.grams(contents[i - 1], "东城区某胡同896号"));
                keys.addAll(TextGrams.sparseGrams(contents[i - 1], "东城区某胡同896号"));
                keys.addAll(TextGrams.digitGrams(contents[i - 1], "东城区某胡同896号"));
                for (String g : keys) {
                    s.executeUpdate("INSERT INTO ticket_gram (gram, number) VALUES ('" + g + "', '" + number + "')");
                }
            }
        }
        try (Database db = Database.open(url, "", "", 2)) {
            TicketJdbc repo = new TicketJdbc(db, Clock.systemUTC());
            assertThat(repo.textIndexPending()).isTrue(); // V17: the digit triples of the three tickets are missing
            assertThat(repo.search(text("内容281")).total()).isEqualTo(2); // without them: the V16 search, exact
            assertThat(repo.search(text("896")).total()).isEqualTo(3);
            assertThat(repo.search(text("813")).total()).isEqualTo(1);
            assertThat(repo.indexText()).isEqualTo(3); // the other kinds were done: digit triples only
            assertThat(repo.textIndexPending()).isFalse();
            TicketJdbc restarted = new TicketJdbc(db, Clock.systemUTC());
            assertThat(restarted.search(text("内容281")).total()).isEqualTo(2);
            assertThat(restarted.search(text("896")).total()).isEqualTo(3);
            assertThat(restarted.search(text("813")).total()).isEqualTo(1);
            assertThat(restarted.search(text("819")).total()).isEqualTo(1);
            assertThat(restarted.search(text("内容128")).total()).isEqualTo(1);
            assertThat(restarted.search(text("内容282")).total()).isZero();
            assertThat(restarted.search(text("897")).total()).isZero();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ticket_gram WHERE gram IN ('281', '896')")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3 + 3);
            }
        }
    }
}
