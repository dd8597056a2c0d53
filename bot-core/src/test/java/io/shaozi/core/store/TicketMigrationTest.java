package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.ticket.TicketPage;
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
 * triples (V17), a V17 database their anchored grams (V18).
 */
class TicketMigrationTest {
    private static TicketQuery text(String q) {
        return new TicketQuery(java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of(q), 1, 20);
    }

    /** A new in-memory H2 database migrated up to {@code version}, as an older release left it. */
    private static String migratedTo(String version) {
        String url = "jdbc:h2:mem:m_" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").target(version).load().migrate();
        return url;
    }

    /**
     * Tickets 202611300001… as an older release opened them: projection rows with these places and contents, and the
     * index keys that release wrote ({@code keys} of content and place; none when it had no text index).
     */
    private static void openedByOlderRelease(String url, String[] places, String[] contents, boolean[] overdue,
            java.util.function.BiFunction<String, String, java.util.Set<String>> keys) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
            for (int i = 1; i <= places.length; i++) {
                String number = "20261130000" + i;
                s.executeUpdate("INSERT INTO ticket (number, version, status, category, urgency, department, reporter_key,"
                        + " phone, place, content, created_at, updated_at, provisional, overdue, breaches, escalation, bounces)"
                        + " VALUES ('" + number + "', 2, 'DISPATCHED', '城乡建设', 'NORMAL', 'jd-cgb', 'wechat:sz:o', '',"
                        + " '" + places[i - 1] + "', '" + contents[i - 1] + "', TIMESTAMP WITH TIME ZONE"
                        + " '2026-11-30 10:00:00+08', TIMESTAMP WITH TIME ZONE '2026-11-30 10:00:00+08', FALSE, "
                        + overdue[i - 1] + ", 0, 0, 0)");
                for (String g : keys.apply(contents[i - 1], places[i - 1])) {
                    s.executeUpdate("INSERT INTO ticket_gram (gram, number) VALUES ('" + g + "', '" + number + "')");
                }
            }
        }
    }

    /**
     * The index keys a release of {@code version} wrote at opening: bigrams (13), then sparse grams (14), digit windows
     * (16) and digit triples (17).
     */
    private static java.util.function.BiFunction<String, String, java.util.Set<String>> keysWrittenBy(int version) {
        return (content, at) -> {
            java.util.Set<String> keys = new java.util.LinkedHashSet<>(TextGrams.grams(content, at));
            if (version >= 14) {
                keys.addAll(TextGrams.sparseGrams(content, at));
            }
            if (version >= 16) {
                keys.addAll(TextGrams.digitGrams(content, at));
            }
            if (version >= 17) {
                keys.addAll(TextGrams.digitTriples(content, at));
            }
            return keys;
        };
    }

    private static long count(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * A text with more matches than the count cap, among enough other tickets that its pages are read from the
     * candidates in one pass that also counts them (TicketJdbc.pageFromAllCandidates): the total is capped and marked
     * inexact, each page equals a plain LIKE in list order, and pages end at the cap as with the separate count. The
     * tickets are seeded as a V11 release left them: the fastest way to thousands of rows, with the count cells and
     * the text index then built by the upgrade.
     */
    @Test
    void search_moreMatchesThanTheCap_pagesFromTheCandidatesWithACappedTotal() throws Exception {
        String url = migratedTo("11");
        int matching = TicketPage.TEXT_COUNT_CAP + 50;
        int others = 9_000; // pages 5 and 6 (of 200) then take the one pass, pages 1 and 3 the count
        String[] places = new String[matching + others];
        String[] contents = new String[matching + others];
        for (int i = 0; i < places.length; i++) { // exactly `matching` tickets, spread over the list
            places[i] = "多福巷" + (i % 7) + "号";
            contents[i] = (long) i * matching / places.length != (long) (i + 1) * matching / places.length
                    ? "路灯杆歪了" : "垃圾没人清";
        }
        openedByOlderRelease(url, places, contents, new boolean[places.length], (content, place) -> java.util.Set.of());
        try (Database db = Database.open(url, "", "", 2)) {
            TicketJdbc repo = new TicketJdbc(db, Clock.systemUTC());
            repo.indexText();
            java.util.List<String> expected = new java.util.ArrayList<>();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT number FROM ticket WHERE content LIKE '%灯杆歪%'"
                         + " ORDER BY created_at DESC, number DESC")) {
                while (rs.next()) {
                    expected.add(rs.getString(1));
                }
            }
            assertThat(expected).hasSize(matching);
            for (int page : new int[] {1, 3, 5}) {
                TicketPage got = repo.search(new TicketQuery(java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.of("灯杆歪"), page, 200));
                assertThat(got.total()).isEqualTo(TicketPage.TEXT_COUNT_CAP);
                assertThat(got.exact()).isFalse();
                assertThat(got.items()).extracting(io.shaozi.core.ticket.TicketSummary::number)
                        .containsExactlyElementsOf(expected.subList((page - 1) * 200, page * 200));
            }
            TicketPage past = repo.search(new TicketQuery(java.util.Optional.empty(), java.util.Optional.empty(),
                    java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                    java.util.Optional.of("灯杆歪"), 6, 200));
            assertThat(past.items()).isEmpty(); // the 50 matches past the cap are not paged to
            assertThat(past.total()).isEqualTo(TicketPage.TEXT_COUNT_CAP);
        }
    }

    @Test
    void upgradeFromV11BackfillsCountCells() throws Exception {
        String url = migratedTo("11");
        openedByOlderRelease(url, new String[] {"多福巷", "多福巷", "多福巷"}, new String[] {"路灯", "路灯", "路灯"},
                new boolean[] {false, false, true}, (content, place) -> java.util.Set.of()); // V11: no text index
        try (Database db = Database.open(url, "", "", 2)) {
            TicketJdbc repo = new TicketJdbc(db, Clock.systemUTC());
            assertThat(repo.search(TicketQuery.all()).total()).isEqualTo(3);
            assertThat(repo.search(TicketQuery.all().withDepartment("jd-cgb")).total()).isEqualTo(3);
            assertThat(repo.search(TicketQuery.all().withDepartment("jd-zfd")).total()).isZero();
            // V13: the three tickets predate the text index; search scans until the backfill has run
            assertThat(repo.textIndexPending()).isTrue();
            assertThat(repo.search(text("多福巷")).total()).isEqualTo(3);
            // bigrams (V13), sparse grams (V14), digit windows (V16), digit triples (V17), anchored grams (V18)
            assertThat(repo.indexText()).isEqualTo(3 + 3 + 3 + 3 + 3);
            assertThat(repo.textIndexPending()).isFalse();
            TicketJdbc restarted = new TicketJdbc(db, Clock.systemUTC());
            assertThat(restarted.search(text("多福巷")).total()).isEqualTo(3);
            assertThat(restarted.search(text("路灯")).total()).isEqualTo(3);
            assertThat(restarted.search(text("灯多")).total()).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM ticket_gram")).isEqualTo(3 * 3); // 多福, 福巷, 路灯 per ticket (no text of 4 code points)
        }
    }

    @Test
    void upgradeFromV13SearchesByBigramsUntilTheSparseGramsAreBackfilled() throws Exception {
        String url = migratedTo("13");
        String[] places = {"东城区某胡同17号", "东城区某胡同117号", "东城区某胡同71号"};
        openedByOlderRelease(url, places, new String[] {"路灯", "路灯", "路灯"}, new boolean[3],
                keysWrittenBy(13)); // opened by the V13 code: projection row and bigrams
        try (Database db = Database.open(url, "", "", 2)) {
            TicketJdbc repo = new TicketJdbc(db, Clock.systemUTC());
            assertThat(repo.textIndexPending()).isTrue(); // V14: the sparse grams of the three tickets are missing
            assertThat(repo.search(text("胡同17号")).items()).extracting(io.shaozi.core.ticket.TicketSummary::number)
                    .containsExactly("202611300001");
            assertThat(repo.search(text("17号")).total()).isEqualTo(2);
            // the bigrams were done: sparse grams, digit windows, triples, anchored grams
            assertThat(repo.indexText()).isEqualTo(3 + 3 + 3 + 3);
            assertThat(repo.textIndexPending()).isFalse();
            TicketJdbc restarted = new TicketJdbc(db, Clock.systemUTC());
            assertThat(restarted.search(text("胡同17号")).items()).extracting(io.shaozi.core.ticket.TicketSummary::number)
                    .containsExactly("202611300001");
            assertThat(restarted.search(text("同117号")).total()).isEqualTo(1);
            assertThat(restarted.search(text("胡同71号")).total()).isEqualTo(1);
            assertThat(restarted.search(text("胡同7号")).total()).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM ticket_gram WHERE gram = '同17号'")).isEqualTo(1);
        }
    }

    @Test
    void upgradeFromV15UsesTheDigitWindowsOnceTheyAreBackfilled() throws Exception {
        String url = migratedTo("15");
        String[] contents = {"诉求内容21820", "诉求内容121820", "诉求内容218209"};
        String place = "东城区某胡同1号";
        openedByOlderRelease(url, new String[] {place, place, place}, contents, new boolean[3], keysWrittenBy(14));
        try (Database db = Database.open(url, "", "", 2)) {
            TicketJdbc repo = new TicketJdbc(db, Clock.systemUTC());
            assertThat(repo.textIndexPending()).isTrue(); // V16: the digit windows of the three tickets are missing
            assertThat(repo.search(text("21820")).total()).isEqualTo(3); // without them: bigrams, exact
            assertThat(repo.search(text("1820")).total()).isEqualTo(3);
            assertThat(repo.search(text("内容2182")).total()).isEqualTo(2);
            // bigrams and sparse grams were done: digit windows, triples, anchored grams
            assertThat(repo.indexText()).isEqualTo(3 + 3 + 3);
            assertThat(repo.textIndexPending()).isFalse();
            TicketJdbc restarted = new TicketJdbc(db, Clock.systemUTC());
            assertThat(restarted.search(text("21820")).total()).isEqualTo(3);
            assertThat(restarted.search(text("8209")).total()).isEqualTo(1);
            assertThat(restarted.search(text("内容2182")).total()).isEqualTo(2);
            assertThat(restarted.search(text("21821")).total()).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM ticket_gram WHERE gram IN ('2182', '1820')")).isEqualTo(3 * 2);
        }
    }

    @Test
    void upgradeFromV16UsesTheDigitTriplesOnceTheyAreBackfilled() throws Exception {
        String url = migratedTo("16");
        String[] contents = {"诉求内容281", "诉求内容2819", "诉求内容12813"};
        String place = "东城区某胡同896号";
        openedByOlderRelease(url, new String[] {place, place, place}, contents, new boolean[3], keysWrittenBy(16));
        try (Database db = Database.open(url, "", "", 2)) {
            TicketJdbc repo = new TicketJdbc(db, Clock.systemUTC());
            assertThat(repo.textIndexPending()).isTrue(); // V17: the digit triples of the three tickets are missing
            assertThat(repo.search(text("内容281")).total()).isEqualTo(2); // without them: the V16 search, exact
            assertThat(repo.search(text("896")).total()).isEqualTo(3);
            assertThat(repo.search(text("813")).total()).isEqualTo(1);
            assertThat(repo.indexText()).isEqualTo(3 + 3); // the other kinds were done: digit triples, anchored grams
            assertThat(repo.textIndexPending()).isFalse();
            TicketJdbc restarted = new TicketJdbc(db, Clock.systemUTC());
            assertThat(restarted.search(text("内容281")).total()).isEqualTo(2);
            assertThat(restarted.search(text("896")).total()).isEqualTo(3);
            assertThat(restarted.search(text("813")).total()).isEqualTo(1);
            assertThat(restarted.search(text("819")).total()).isEqualTo(1);
            assertThat(restarted.search(text("内容128")).total()).isEqualTo(1);
            assertThat(restarted.search(text("内容282")).total()).isZero();
            assertThat(restarted.search(text("897")).total()).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM ticket_gram WHERE gram IN ('281', '896')")).isEqualTo(3 + 3);
        }
    }

    @Test
    void upgradeFromV17UsesTheAnchoredGramsOnceTheyAreBackfilled() throws Exception {
        String url = migratedTo("17");
        String[] places = {"东城区某胡同281号", "东城区某胡同17号", "东城区某胡同2810号"};
        String[] contents = {"诉求内容281", "诉求内容2819", "诉求内容12813"};
        openedByOlderRelease(url, places, contents, new boolean[3], keysWrittenBy(17));
        try (Database db = Database.open(url, "", "", 2)) {
            TicketJdbc repo = new TicketJdbc(db, Clock.systemUTC());
            assertThat(repo.textIndexPending()).isTrue(); // V18: the anchored grams of the three tickets are missing
            assertThat(count(db, "SELECT COUNT(*) FROM ticket_gram WHERE gram IN ('容281', '同281')")).isZero();
            // without them: the V17 search, exact (容281 and 同281 have no postings yet: using them would find nothing)
            assertThat(repo.search(text("内容281")).total()).isEqualTo(2);
            assertThat(repo.search(text("同281")).total()).isEqualTo(2);
            assertThat(repo.search(text("281号")).total()).isEqualTo(1); // also a sparse gram: indexed since V14
            assertThat(repo.indexText()).isEqualTo(3); // the other kinds were done: anchored grams only
            assertThat(repo.textIndexPending()).isFalse();
            TicketJdbc restarted = new TicketJdbc(db, Clock.systemUTC());
            assertThat(restarted.search(text("内容281")).items()).extracting(io.shaozi.core.ticket.TicketSummary::number)
                    .containsExactly("202611300002", "202611300001");
            assertThat(restarted.search(text("同281")).total()).isEqualTo(2);
            assertThat(restarted.search(text("281号")).total()).isEqualTo(1);
            assertThat(restarted.search(text("内容2819")).total()).isEqualTo(1);
            assertThat(restarted.search(text("内容128")).total()).isEqualTo(1);
            assertThat(restarted.search(text("810号")).total()).isEqualTo(1);
            assertThat(restarted.search(text("内容282")).total()).isZero();
            assertThat(restarted.search(text("同282")).total()).isZero();
            assertThat(restarted.search(text("容813")).total()).isZero(); // 813 ends the run of 12813, not starts it
            assertThat(count(db, "SELECT COUNT(*) FROM ticket_gram WHERE gram IN ('容281', '同281', '281号')"))
                    .isEqualTo(2 + 2 + 1);
        }
    }
}
