package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.shaozi.adapters.generic.GenericChannel;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.Await;
import io.shaozi.core.testing.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert ladder over real sockets with the shipped organisation: an emergency reaches the on-duty cadre of 区城管委
 * on the /chat/ page (bound to him by a console link), climbs one step after 5 minutes of the fake clock, and stops
 * when he answers 收到; a second one climbs to the SMS step (a fake gateway checks the signature) and stops when
 * another cadre opens it in the console. The inbox API shows both.
 */
class AlertsEndToEndTest {
    private static final String ADMIN = "alerts-e2e-admin";
    private static final String SMS_SECRET = "alerts-e2e-sms-secret";

    /** One POST the fake SMS gateway received, and whether its signature was right. */
    record Sms(JsonNode body, boolean signed) {
    }

    @TempDir
    static Path dir;
    static HttpServer gateway;
    static final List<Sms> texts = new ArrayList<>();
    static TestServer server;
    static final MutableClock clock = MutableClock.atBeijing("2026-12-07T10:00"); // Monday: cgw-001 on duty

    @BeforeAll
    static void start() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/sms", ex -> {
            byte[] raw = ex.getRequestBody().readAllBytes();
            String sig = ex.getRequestHeaders().getFirst("X-Shaozi-Signature");
            synchronized (texts) {
                texts.add(new Sms(Json.MAPPER.readTree(raw),
                        ("sha256=" + GenericChannel.hmacHex(SMS_SECRET, raw)).equals(sig)));
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        gateway.start();
        server = TestServer.start(dir.resolve("data"), Map.of(
                "admin.token", ADMIN,
                "alerts.scanEverySeconds", "1",
                "schedule.pollSeconds", "1",
                "alerts.sms.url", "http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms",
                "alerts.sms.secret", SMS_SECRET,
                "alerts.sms.consent", "13800100111"), clock);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        gateway.stop(0);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private static String token(String person) throws Exception {
        HttpResponse<String> r = server.post("/api/org/people/" + person + "/tokens", "{\"label\":\"e2e\"}", bearer(ADMIN));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.MAPPER.readTree(r.body()).get("token").asText();
    }

    private static String gasLeak() throws Exception {
        HttpResponse<String> r = server.post("/api/tickets", "{\"text\":\"楼道里有很浓的煤气味\",\"category\":\"城乡建设\","
                + "\"subcategory\":\"燃气安全\",\"urgency\":\"EMERGENCY\",\"place\":\"多福巷12号楼\"}", bearer(ADMIN));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.MAPPER.readTree(r.body()).get("number").asText();
    }

    private static JsonNode inbox(String token, String query) throws Exception {
        HttpResponse<String> r = server.getWithHeaders("/api/alerts" + query, bearer(token));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static JsonNode item(String token, String number) throws Exception {
        for (JsonNode it : inbox(token, "?mine").get("items")) {
            if (it.get("ticket").asText().equals(number)) {
                return it;
            }
        }
        return Json.MAPPER.createObjectNode();
    }

    /** Lets the scheduler's 1-second ladder job run (its due times follow the fake clock) until {@code steps}. */
    private static void awaitSteps(String token, String number, int steps) throws Exception {
        Await.until(() -> number + " at " + steps + " steps", Duration.ofSeconds(30), () -> {
            clock.advance(Duration.ofSeconds(1));
            return item(token, number).path("steps").asInt() == steps;
        });
    }

    @Test
    void emergency_reachesTheCadreOnChat_escalatesOneStep_andStopsOnAcknowledgement() throws Exception {
        String qian = token("cgw-001");
        String feng = token("cgw-002");
        // 钱进 opens /chat/ as himself through a console link
        HttpResponse<String> link = server.post("/api/chat/link", "", bearer(qian));
        assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
        String url = Json.MAPPER.readTree(link.body()).get("url").asText();
        assertThat(url).contains("/chat/bind?t=cgw-001.");
        HttpResponse<String> bind = server.get(url.substring(url.indexOf("/chat/bind")));
        assertThat(bind.statusCode()).isEqualTo(302);
        String cookie = bind.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(server.get("/chat/bind?t=cgw-001.9999999999.forged").statusCode()).isEqualTo(400);
        assertThat(server.post("/api/chat/link", "", bearer(ADMIN)).statusCode()).isEqualTo(409);

        String number = gasLeak();
        awaitSteps(qian, number, 1);
        JsonNode first = item(qian, number);
        assertThat(first.get("open").asBoolean()).isTrue();
        assertThat(first.get("mine").asBoolean()).isTrue();
        assertThat(first.get("id").asText()).startsWith(number + "-");
        // the alert is on his chat page
        Await.until(() -> "the alert on the chat page", Duration.ofSeconds(30), () ->
                server.getWithHeaders("/chat/api/messages?after=0", Map.of("Cookie", cookie)).body().contains(number));
        // the bureau's own address is the sample's WeCom app gov, which has no secret here: the timeline says it was not
        // sent (and the outbox never holds a message it can only reject), naming who was told
        String firstSteps = server.getWithHeaders("/api/tickets/" + number, bearer(ADMIN)).body();
        assertThat(firstSteps).contains("已通知钱进").contains("未发送：东城区城市管理委员会（企业微信应用 gov 未配置发送）")
                .doesNotContain("已通知东城区城市管理委员会");
        clock.advance(Duration.ofMinutes(5));
        awaitSteps(qian, number, 2);
        assertThat(item(qian, number).get("kind").asText()).isEqualTo("urgent");
        Await.until(() -> "the 加急 notice on the chat page", Duration.ofSeconds(30), () ->
                server.getWithHeaders("/chat/api/messages?after=0", Map.of("Cookie", cookie)).body().contains("加急"));

        // 收到 on the chat page, as 钱进
        HttpResponse<String> said = server.post("/chat/api/messages", "{\"text\":\"收到\",\"msgId\":\"ack-1\"}",
                Map.of("Cookie", cookie, "Content-Type", "application/json"));
        assertThat(said.statusCode()).as(said.body()).isEqualTo(200);
        assertThat(said.body()).contains("已确认告警").contains(number);
        JsonNode acked = item(qian, number);
        assertThat(acked.get("open").asBoolean()).isFalse();
        assertThat(acked.get("ackedBy").asText()).isEqualTo("钱进");
        clock.advance(Duration.ofMinutes(20));
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(2));
            Thread.sleep(1100); // let a scheduler poll pass (real time): nothing more may happen
        }
        assertThat(item(qian, number).get("steps").asInt()).isEqualTo(2);

        // a second emergency nobody answers climbs to SMS; 冯涛 opening it in the console acknowledges it
        String second = gasLeak();
        awaitSteps(qian, second, 1);
        clock.advance(Duration.ofMinutes(5));
        awaitSteps(qian, second, 2);
        clock.advance(Duration.ofMinutes(5));
        awaitSteps(qian, second, 3);
        Await.until(() -> "an SMS at the gateway: " + texts, Duration.ofSeconds(30), () -> {
            synchronized (texts) {
                return !texts.isEmpty();
            }
        });
        synchronized (texts) {
            assertThat(texts).singleElement().satisfies(s -> {
                assertThat(s.signed()).isTrue();
                assertThat(s.body().get("phone").asText()).isEqualTo("13800100111");
                assertThat(s.body().get("text").asText()).contains(second);
            });
        }
        JsonNode since = inbox(feng, "?since=" + inbox(feng, "").get("now").asText());
        assertThat(since.get("items")).isEmpty();
        assertThat(server.getWithHeaders("/api/tickets/" + second, bearer(feng)).statusCode()).isEqualTo(200);
        JsonNode viewed = item(feng, second);
        assertThat(viewed.get("open").asBoolean()).isFalse();
        assertThat(viewed.get("ackedBy").asText()).isEqualTo("冯涛");
        // the ack API: nothing left to acknowledge; bad ids are 400 naming the field
        assertThat(server.post("/api/alerts/" + viewed.get("id").asText() + "/ack", "", bearer(feng)).statusCode())
                .isEqualTo(409);
        HttpResponse<String> bad = server.post("/api/alerts/abc/ack", "", bearer(feng));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id");
        assertThat(server.getWithHeaders("/api/alerts?since=yesterday", bearer(feng)).statusCode()).isEqualTo(400);
        // the timeline shows each step
        String timeline = server.getWithHeaders("/api/tickets/" + second, bearer(ADMIN)).body();
        assertThat(timeline).contains("第1级告警（通知）", "第2级告警（加急）", "第3级告警（短信）", "告警已确认");
        assertThat(new String(timeline.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).contains("冯涛");
    }
}
