package io.shaozi.bench.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.wecom.WeComApp;
import io.shaozi.adapters.wecom.WeComClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake WeCom server driven by Shaozi's own WeCom client over a real loopback socket, on a settable clock. */
class FakeWeComTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-03-02T01:00:00Z").toEpochMilli();

    private final AtomicLong now = new AtomicLong(T0);
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakeWeCom fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeWeCom(0, new WeComLedger(5, 2_000), now::get);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private WeComClient client(Duration duplicateCheck) {
        WeComApp app = new WeComApp("bench", "wwbench", "1000002", "tok",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "secret");
        return new WeComClient(app, URI.create("http://127.0.0.1:" + fake.port()),
                new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5)), http, clock,
                new WeComClient.Options(Duration.ofSeconds(5), duplicateCheck));
    }

    private JsonNode stats() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + fake.port() + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Test
    void send_overCorpLimit_answers45009UntilTheWindowSlides() throws Exception {
        WeComClient c = client(Duration.ZERO);
        for (int i = 1; i <= 5; i++) {
            assertInstanceOf(SendOutcome.Sent.class, c.send("user:u" + i, new Outbound.Text("学习内容")));
            now.addAndGet(1_000);
        }
        assertInstanceOf(SendOutcome.RetryLater.class, c.send("user:u6", new Outbound.Text("学习内容")));
        now.set(T0 + 60_000);
        assertInstanceOf(SendOutcome.Sent.class, client(Duration.ZERO).send("user:u6", new Outbound.Text("学习内容")));
        JsonNode s = stats();
        assertEquals(6, s.get("delivered").asInt());
        assertEquals(1, s.get("overLimit").asInt());
        assertEquals(1, s.get("corpRefused").asInt());
        assertEquals(0, s.get("duplicates").asInt());
    }

    @Test
    void send_sameContentWithinDuplicateCheck_isAnsweredOkButDeliveredOnce() throws Exception {
        WeComClient c = client(Duration.ofMinutes(30));
        assertInstanceOf(SendOutcome.Sent.class, c.send("user:u1", new Outbound.Text("第一课")));
        now.addAndGet(10_000);
        assertInstanceOf(SendOutcome.Sent.class, c.send("user:u1", new Outbound.Text("第一课")));
        JsonNode s = stats();
        assertEquals(1, s.get("deliveries").asInt());
        assertEquals(1, s.get("deduplicated").asInt());
        assertEquals(0, s.get("duplicates").asInt());
        now.addAndGet(30 * 60_000);
        assertInstanceOf(SendOutcome.Sent.class, c.send("user:u1", new Outbound.Text("第一课")));
        s = stats();
        assertEquals(2, s.get("deliveries").asInt());
        assertEquals(1, s.get("duplicates").asInt());
    }

    @Test
    void send_withoutDuplicateCheck_countsTheSecondDeliveryAsDuplicate() throws Exception {
        WeComClient c = client(Duration.ZERO);
        c.send("user:u1", new Outbound.Text("第一课"));
        now.addAndGet(1_000);
        c.send("user:u1", new Outbound.Text("第一课"));
        JsonNode s = stats();
        assertEquals(1, s.get("delivered").asInt());
        assertEquals(2, s.get("deliveries").asInt());
        assertEquals(1, s.get("duplicates").asInt());
        assertEquals(1, s.get("usersDeliveredTwice").asInt());
        assertEquals(0, s.get("deduplicated").asInt());
    }

    @Test
    void send_overMemberMinuteLimit_isDroppedSilently() {
        WeComLedger l = new WeComLedger(10_000, 2_000);
        String token = l.issueToken();
        for (int i = 0; i < 31; i++) {
            assertInstanceOf(WeComLedger.Ok.class, l.send(token, text("u1", "第" + i + "条"), T0 + i * 100L));
        }
        assertEquals(30L, n(l, "deliveries"));
        assertEquals(1L, n(l, "memberDropped"));
        assertEquals(1L, n(l, "overLimit"));
        assertInstanceOf(WeComLedger.Ok.class, l.send(token, text("u1", "一分钟后"), T0 + 60_000));
        assertEquals(31L, n(l, "deliveries"));
    }

    @Test
    void send_overMemberHourLimit_isDroppedSilently() {
        WeComLedger l = new WeComLedger(100_000, 2_000);
        String token = l.issueToken();
        for (int i = 0; i < 1_000; i++) {
            l.send(token, text("u1", "第" + i + "条"), T0 + i * 2_100L);
        }
        assertEquals(1_000L, n(l, "deliveries"));
        l.send(token, text("u1", "超出"), T0 + 1_000 * 2_100L);
        assertEquals(1_000L, n(l, "deliveries"));
        assertEquals(1L, n(l, "memberDropped"));
        l.send(token, text("u1", "一小时后"), T0 + 3_600_001L);
        assertEquals(1_001L, n(l, "deliveries"));
    }

    @Test
    void send_unknownToken_answers40014() {
        WeComLedger l = new WeComLedger(10, 2_000);
        l.issueToken();
        WeComLedger.Answer a = l.send("stolen", text("u1", "x"), T0);
        assertEquals(40014, ((WeComLedger.Refused) a).errcode());
    }

    @Test
    void stats_rateOverMiddleEightyPercent_leavesThePauseOfAKillOutOfSteadyRate() {
        WeComLedger l = new WeComLedger(100_000, 2_000);
        String token = l.issueToken();
        long t = T0;
        for (int i = 0; i < 100; i++) {
            t += i == 50 ? 10_000 : 100;
            l.send(token, text("u" + i, "x"), t);
        }
        // deliveries 10..89: 79 intervals of 0.1 s plus one pause of 10 s
        assertEquals(Math.round(79 * 1000.0 / (78 * 100 + 10_000) * 100) / 100.0, l.stats().get("rate"));
        assertEquals(l.stats().get("rate"), l.stats().get("steadyRate"));
        long killedAt = T0 + 50 * 100 + 5_000;
        assertEquals(Math.round(79 * 1000.0 / (78 * 100) * 100) / 100.0,
                l.stats(new long[] {killedAt}).get("steadyRate"));
        assertEquals(l.stats().get("rate"), l.stats(new long[] {T0 + 50}).get("steadyRate"));
    }

    private static long n(WeComLedger l, String key) {
        return ((Number) l.stats().get(key)).longValue();
    }

    private static JsonNode text(String user, String content) {
        return JSON.createObjectNode().put("touser", user).put("msgtype", "text").put("agentid", 1)
                .set("text", JSON.createObjectNode().put("content", content));
    }
}
