package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import io.shaozi.core.store.InboundLogJdbc;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A reply sent to a resident means the ticket is durably stored", and a delivery that was recorded is finished
 * even when the instance that took it died: the claim's lease runs out and a retry or the recovery sweep takes it
 * over. Work that never finished is never answered as a duplicate.
 */
class DurableAcknowledgementTest {
    private static final String TEXT = "公司拖欠工资三个月了";

    @TempDir
    Path dir;

    private static String body(String user, String msgId) {
        return Json.text(Map.of("user", user, "text", TEXT, "msgId", msgId));
    }

    /** What an instance that died mid-request leaves: a claim with its payload, no reply, a lease of 6 s. */
    private static long orphanClaim(DataSource ds, MutableClock clock, String account, String user, String msgId,
                                    Optional<String> replyTo) {
        Inbound in = new Inbound.Text(new Origin(Channel.GENERIC, account, user, msgId, clock.instant()), TEXT);
        InboundLogJdbc.Claim c = new InboundLogJdbc(ds).claim(new InboundLogJdbc.Delivery(in.origin(), "text", TEXT,
                InboundCodec.encode(in), replyTo, Integer.MAX_VALUE), "node-that-died", clock.instant(),
                Duration.ofSeconds(6));
        return ((InboundLogJdbc.Claim.Owned) c).id();
    }

    @Test
    void retryOfAnOrphanClaim_isRetryableDuringTheLease_andOpensTheTicketAfterIt() throws Exception {
        MutableClock clock = MutableClock.at("2026-12-07T02:00:00Z");
        try (TestServer s = TestServer.start(dir, Map.of(), clock)) {
            DataSource ds = s.app.database().orElseThrow().dataSource();
            orphanClaim(ds, clock, "generic", "u-orphan", "m-orphan", Optional.empty());

            clock.advance(Duration.ofSeconds(2));
            HttpResponse<String> during = s.post("/webhook/generic", body("u-orphan", "m-orphan"));
            assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
            assertThat(during.headers().firstValue("Retry-After")).contains("1");
            assertThat(during.body()).doesNotContain("duplicate");

            clock.advance(Duration.ofSeconds(5)); // the dead holder's lease has run out
            HttpResponse<String> after = s.post("/webhook/generic", body("u-orphan", "m-orphan"));
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).contains("已受理，工单号").contains("\"duplicate\":false");
            assertThat(count(ds, "SELECT COUNT(*) FROM ticket")).isEqualTo(1);
            assertThat(s.post("/webhook/generic", body("u-orphan", "m-orphan")).body())
                    .as("later retries get the stored answer").contains("\"duplicate\":true");
        }
    }

    @Test
    void recoverySweep_finishesAnOrphanClaimWithoutAnyRetry_andPushesItsReply() throws Exception {
        MutableClock clock = MutableClock.at("2026-12-07T02:00:00Z");
        try (TestServer s = TestServer.start(dir, Map.of("storage.recoverEverySeconds", "1"), clock)) {
            DataSource ds = s.app.database().orElseThrow().dataSource();
            long id = orphanClaim(ds, clock, "chat", "u-swept", "m-swept", Optional.of("u-swept"));
            clock.advance(Duration.ofSeconds(7));
            awaitTrue(() -> count(ds, "SELECT COUNT(*) FROM inbound_message WHERE id = " + id
                    + " AND reply IS NOT NULL") == 1, Duration.ofSeconds(20));
            assertThat(count(ds, "SELECT COUNT(*) FROM ticket")).isEqualTo(1);
            assertThat(count(ds, "SELECT COUNT(*) FROM outbox WHERE channel = 'generic' AND account = 'chat'"
                    + " AND recipient = 'u-swept' AND dedupe_key LIKE 'reply:" + id + ":%'"))
                    .as("the reply goes to the resident through the outbox").isGreaterThanOrEqualTo(1);
            assertThat(count(ds, "SELECT COUNT(*) FROM inbound_message WHERE id = " + id + " AND late"))
                    .isEqualTo(1);
        }
    }

    @Test
    void storeFailureBeforeTheDeliveryIsRecorded_isRetryable_andTheRetryIsProcessed() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            DataSource ds = s.app.database().orElseThrow().dataSource();
            execute(ds, "ALTER TABLE inbound_message RENAME TO inbound_message_away");
            HttpResponse<String> down;
            try {
                down = s.post("/webhook/generic", body("u-down", "m-down"));
            } finally {
                execute(ds, "ALTER TABLE inbound_message_away RENAME TO inbound_message");
            }
            assertThat(down.statusCode()).isIn(500, 503);
            assertThat(count(ds, "SELECT COUNT(*) FROM ticket")).isZero();
            HttpResponse<String> retry = s.post("/webhook/generic", body("u-down", "m-down"));
            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(retry.body()).contains("已受理，工单号").contains("\"duplicate\":false");
        }
    }

    @Test
    void databaseAndRedisOutages_answer503WithRetryAfter_readinessSaysSoWithinTwoSeconds_andRecoveryIsAutomatic()
            throws Exception {
        io.shaozi.core.store.TestDatabases.requirePostgres();
        String url = io.shaozi.core.store.TestDatabases.freshUrl(io.shaozi.core.store.TestDatabases.Engine.POSTGRESQL);
        try (io.shaozi.core.testing.TcpProxy pg = new io.shaozi.core.testing.TcpProxy(5432);
             io.shaozi.core.testing.TcpProxy redis = new io.shaozi.core.testing.TcpProxy(6379);
             TestServer s = TestServer.start(dir, Map.of(
                     "storage.url", url.replace("127.0.0.1:5432", "127.0.0.1:" + pg.port()),
                     "storage.user", io.shaozi.core.store.TestDatabases.PG_USER,
                     "storage.connectTimeoutMillis", "500",
                     "redis.url", "redis://127.0.0.1:" + redis.port() + "/0"), java.time.Clock.systemUTC())) {
            assertThat(s.get("/healthz").body()).isEqualTo("{\"status\":\"ok\",\"store\":\"up\",\"redis\":\"up\"}");

            pg.down();
            long t0 = System.nanoTime();
            awaitTrue(() -> status(s, "/healthz") == 503, Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(s.get("/healthz").body()).contains("\"store\":\"down\"");
            assertThat(s.get("/healthz/live").statusCode()).isEqualTo(200);
            long t1 = System.nanoTime();
            HttpResponse<String> r = s.post("/webhook/generic", body("u-out", "m-out"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("1");
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).as("fails fast, not after 10 s")
                    .isLessThan(Duration.ofSeconds(3));

            pg.up();
            awaitTrue(() -> status(s, "/healthz") == 200, Duration.ofSeconds(15));
            HttpResponse<String> again = s.post("/webhook/generic", body("u-out", "m-out"));
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains("已受理，工单号");

            redis.down();
            awaitTrue(() -> status(s, "/healthz") == 503, Duration.ofSeconds(3));
            assertThat(s.get("/healthz").body()).contains("\"redis\":\"down\"").contains("\"store\":\"up\"");
            redis.up();
            awaitTrue(() -> status(s, "/healthz") == 200, Duration.ofSeconds(15));
        }
    }

    private static int status(TestServer s, String path) {
        try {
            return s.get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static void awaitTrue(BooleanSupplier condition, Duration within) throws Exception {
        io.shaozi.core.testing.Await.until("condition", within, condition::getAsBoolean);
    }

    private static void execute(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static int count(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused")
    private static JsonNode json(String s) {
        return Json.parse(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
