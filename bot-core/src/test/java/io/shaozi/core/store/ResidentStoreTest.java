package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.audience.ConsentEvent;
import io.shaozi.core.audience.Recipient;
import io.shaozi.core.audience.ResidentBook;
import io.shaozi.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The residents' directory on H2 and PostgreSQL: daily upsert, community, consent with history, keyset paging. */
class ResidentStoreTest {

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void residentBook_writesAtMostOncePerDay_butAlwaysForANewCommunity(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            ResidentJdbc store = new ResidentJdbc(db.dataSource());
            ResidentBook book = new ResidentBook(store, clock);
            assertThat(book.seen("wecom", "gov", "u1", Optional.empty())).isTrue();
            clock.advance(Duration.ofHours(3));
            assertThat(book.seen("wecom", "gov", "u1", Optional.empty())).as("same day: no write").isFalse();
            assertThat(store.find("wecom", "gov", "u1").orElseThrow().lastSeen())
                    .isEqualTo(MutableClock.beijing("2026-12-01T09:00"));
            assertThat(book.seen("wecom", "gov", "u1", Optional.of("xingfu"))).isTrue();
            clock.advance(Duration.ofHours(13)); // 2026-12-02 01:00 in Beijing
            assertThat(book.seen("wecom", "gov", "u1", Optional.empty())).as("next day: one write").isTrue();
            var r = store.find("wecom", "gov", "u1").orElseThrow();
            assertThat(r.community()).contains("xingfu");
            assertThat(r.subscribed()).isTrue();
            assertThat(r.consentAt()).isEmpty();
            assertThat(r.firstSeen()).isEqualTo(MutableClock.beijing("2026-12-01T09:00"));
            assertThat(r.lastSeen()).isEqualTo(MutableClock.beijing("2026-12-02T01:00"));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void consent_isRecordedWithTimeAndHistory(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            ResidentJdbc store = new ResidentJdbc(db.dataSource());
            ResidentBook book = new ResidentBook(store, clock);
            book.unsubscribe("generic", "chat", "web-a");
            clock.advance(Duration.ofMinutes(5));
            book.subscribe("generic", "chat", "web-a");
            clock.advance(Duration.ofMinutes(5));
            book.unsubscribe("generic", "chat", "web-a");
            var r = store.find("generic", "chat", "web-a").orElseThrow();
            assertThat(r.subscribed()).isFalse();
            assertThat(r.consentAt()).contains(MutableClock.beijing("2026-12-01T09:10"));
            assertThat(store.history("generic", "chat", "web-a")).extracting(ConsentEvent::subscribed)
                    .containsExactly(false, true, false);
            assertThat(store.history("generic", "chat", "web-a")).extracting(ConsentEvent::at)
                    .containsExactly(MutableClock.beijing("2026-12-01T09:00"), MutableClock.beijing("2026-12-01T09:05"),
                            MutableClock.beijing("2026-12-01T09:10"));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void forEach_pagesThroughEveryResidentOnce_byCommunityAndConsent(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            ResidentJdbc store = new ResidentJdbc(db.dataSource());
            int n = ResidentJdbc.PAGE * 2 + 7;
            for (int i = 0; i < n; i++) {
                store.seen(i % 2 == 0 ? "wecom" : "generic", "acc", String.format("u%05d", i),
                        Optional.of(i % 3 == 0 ? "xingfu" : "heping"), clock.instant());
            }
            store.consent("wecom", "acc", "u00000", false, clock.instant());
            List<Recipient> all = new ArrayList<>();
            store.forEach(Optional.empty(), true, all::add);
            assertThat(all).hasSize(n).doesNotHaveDuplicates();
            List<Recipient> subscribed = new ArrayList<>();
            store.forEach(Optional.empty(), false, subscribed::add);
            assertThat(subscribed).hasSize(n - 1).doesNotContain(new Recipient("wecom", "acc", "u00000"));
            List<Recipient> xingfu = new ArrayList<>();
            store.forEach(Optional.of("xingfu"), true, xingfu::add);
            assertThat(xingfu).hasSize((n + 2) / 3);
            assertThat(store.countIn(Optional.of("xingfu"))).isEqualTo((n + 2) / 3);
        }
    }

    @org.junit.jupiter.api.Test
    void forEach_onPostgres_analyzesResidentsFirst_afterABulkLoadTheStatisticsHaveNotSeen() throws Exception {
        // under statistics that still call the table small, every keyset page is a full scan plus a sort
        try (Database db = TestDatabases.openDb(TestDatabases.Engine.POSTGRESQL)) {
            ResidentJdbc store = new ResidentJdbc(db.dataSource());
            int n = (int) ResidentJdbc.STALE_ROWS + 1_000;
            try (java.sql.Connection c = db.dataSource().getConnection();
                 java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO resident (channel, account, user_id, community, subscribed, consent_at,"
                        + " first_seen, last_seen) SELECT 'wecom', 'acc', 'u' || lpad(g::text, 6, '0'), NULL, true, NULL,"
                        + " now(), now() FROM generate_series(1, " + n + ") g");
                st.execute("SELECT pg_stat_force_next_flush()");
            }
            // the statistics system learns of the insert asynchronously
            io.shaozi.core.testing.Await.until("insert counted", Duration.ofSeconds(30),
                    () -> residentStats(db, "n_mod_since_analyze") >= n);
            assertThat(residentStats(db, "CASE WHEN last_analyze IS NULL THEN 0 ELSE 1 END")).isZero();
            List<Recipient> all = new ArrayList<>();
            store.forEach(Optional.empty(), true, all::add);
            assertThat(all).hasSize(n).doesNotHaveDuplicates();
            assertThat(residentStats(db, "CASE WHEN last_analyze IS NULL THEN 0 ELSE 1 END"))
                    .as("ANALYZE resident ran before the walk").isEqualTo(1);
            assertThat(residentStats(db, "n_mod_since_analyze")).isLessThan(ResidentJdbc.STALE_ROWS);
        }
    }

    private static long residentStats(Database db, String column) {
        try (java.sql.Connection c = db.dataSource().getConnection();
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT " + column + " FROM pg_stat_user_tables"
                     + " WHERE relname = 'resident' AND schemaname = current_schema()")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void concurrentConsents_areAllInTheHistory_inOrder(TestDatabases.Engine engine) throws Exception {
        try (Database db = TestDatabases.openDb(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            ResidentJdbc store = new ResidentJdbc(db.dataSource());
            store.seen("wecom", "gov", "u9", Optional.empty(), clock.instant());
            int n = 4;
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
            try {
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    boolean sub = i % 2 == 0;
                    done.add(pool.submit(() -> {
                        start.await();
                        store.consent("wecom", "gov", "u9", sub, clock.instant());
                        return null;
                    }));
                }
                for (var f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.history("wecom", "gov", "u9")).extracting(ConsentEvent::seq).containsExactly(1, 2, 3, 4);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void concurrentVisits_areAllRecorded_andAVisitTheStoreRefuses_failsOnlyItsOwnCaller(TestDatabases.Engine engine)
            throws Exception {
        try (Database db = TestDatabases.openDb(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            ResidentJdbc store = new ResidentJdbc(db.dataSource());
            int threads = 8;
            int each = 40;
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<Integer>> done = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        int failed = 0;
                        for (int i = 0; i < each; i++) {
                            // residents u0..u59 seen by several threads; thread 3's 7th visit names a community longer
                            // than the column: refused by the store
                            String user = "u" + ((thread * each + i) % 60);
                            Optional<String> community = thread == 3 && i == 7 ? Optional.of("社".repeat(41))
                                    : Optional.of("c" + ((thread * each + i) % 60));
                            try {
                                store.seen("wecom", "gov", user, community, clock.instant());
                            } catch (StoreException e) {
                                failed++;
                            }
                        }
                        return failed;
                    }));
                }
                int failed = 0;
                for (var f : done) {
                    failed += f.get();
                }
                assertThat(failed).as("only the refused visit fails").isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            for (int u = 0; u < 60; u++) {
                var r = store.find("wecom", "gov", "u" + u).orElseThrow();
                assertThat(r.community()).contains("c" + u);
                assertThat(r.lastSeen()).isEqualTo(clock.instant());
            }
        }
    }
}
