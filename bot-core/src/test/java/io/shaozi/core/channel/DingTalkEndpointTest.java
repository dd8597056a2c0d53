package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.crypto.DecryptResult;
import io.shaozi.adapters.crypto.MsgCrypt;
import io.shaozi.adapters.crypto.Sealed;
import io.shaozi.core.testing.Await;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.dialog.Bot;
import io.shaozi.core.store.InboundLogJdbc;
import io.shaozi.core.testing.FakeDingTalkApi;
import io.shaozi.core.testing.MutableClock;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /dingtalk/{robot} and /dingtalk/{app}/events over real sockets, the resident dialog behind the pipeline and a
 * fake DingTalk on loopback. Requests are signed and sealed here with the documented algorithms.
 */
class DingTalkEndpointTest {
    static final String ROBOT_SECRET = "robot-app-secret";
    static final String APP_TOKEN = "tok3n";
    static final String APP_AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String APP_KEY = "dingappkey123";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestServer server;
    static FakeDingTalkApi api;
    static final MutableClock CLOCK = MutableClock.at("2026-11-28T08:00:00Z");
    static final Map<String, AtomicInteger> SLOW_CALLS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        api = new FakeDingTalkApi(CLOCK);
        Path cfg = dir.resolve("dingtalk.yaml");
        Files.writeString(cfg, """
                channels:
                  dingtalk:
                    replyBudgetMillis: 400
                    apiBase: %s
                    openApiBase: %s
                    allowedWebhookHosts: [oapi.dingtalk.com, "%s"]
                    robots:
                      - {id: street-robot, appKey: dingrobotkey, appSecret: %s}
                    apps:
                      - {id: street-app, appKey: %s, appSecret: app-secret, token: %s, aesKey: %s, receiveId: %s, agentId: "123456789"}
                """.formatted(api.base(), api.base(), api.base(), ROBOT_SECRET, APP_KEY, APP_TOKEN, APP_AES, APP_KEY));
        server = TestServer.start(dir.resolve("data"), Optional.of(cfg), Map.of(), CLOCK, dialog -> new Bot() {
            @Override
            public List<Outbound> reply(Inbound in) {
                if (in instanceof Inbound.Text t && t.text().contains("慢")) {
                    SLOW_CALLS.computeIfAbsent(in.origin().user(), u -> new AtomicInteger()).incrementAndGet();
                    LockSupport.parkNanos(Duration.ofMillis(1200).toNanos());
                }
                return dialog.reply(in);
            }
        });
    }

    @AfterAll
    static void stop() {
        server.close();
        api.close();
    }

    static ObjectNode robotMessage(String msgId, String staffId, String text, Instant sessionExpires) {
        ObjectNode m = JSON.createObjectNode();
        m.put("conversationId", "cidP2P" + staffId).put("conversationType", "1").put("msgId", msgId)
                .put("senderNick", "王小明").put("senderStaffId", staffId).put("senderId", "$:LWCP_v1:$" + staffId)
                .put("sessionWebhook", api.base() + "/robot/sendBySession?session=s-" + msgId)
                .put("sessionWebhookExpiredTime", sessionExpires.toEpochMilli())
                .put("createAt", CLOCK.millis()).put("robotCode", "dingrobotkey").put("msgtype", "text");
        m.putObject("text").put("content", " " + text);
        return m;
    }

    static Map<String, String> signed(long timestampMillis, String secret) {
        String ts = Long.toString(timestampMillis);
        return Map.of("Content-Type", "application/json", "timestamp", ts, "sign", FakeDingTalkApi.sign(secret, ts));
    }

    static HttpResponse<String> post(String robot, JsonNode body, Map<String, String> headers) throws Exception {
        return server.post("/dingtalk/" + robot, body.toString(), headers);
    }

    static int logged(String account, String user) {
        return new InboundLogJdbc(server.app.database().orElseThrow().dataSource())
                .count(new Origin(Channel.DINGTALK, account, user, "-", Instant.EPOCH));
    }

    private static final java.util.concurrent.atomic.AtomicLong TICK = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A timestamp of its own for each callback, as DingTalk stamps each one when it sends it: the same
     * timestamp and sign with another body is a replay.
     */
    static long fresh() {
        return CLOCK.millis() + TICK.incrementAndGet();
    }

    static Instant inAnHour() {
        return CLOCK.instant().plus(Duration.ofHours(1));
    }

    @Test
    void signedRobotMessage_isAnsweredWithTheMenuInTheResponse() throws Exception {
        HttpResponse<String> r = post("street-robot", robotMessage("msgHelp1", "staffHelp", "帮助", inAnHour()),
                signed(fresh(), ROBOT_SECRET));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode reply = JSON.readTree(r.body());
        assertThat(reply.path("msgtype").asText()).isNotEmpty();
        assertThat(r.body()).contains("常用");
        assertThat(logged("street-robot", "staffHelp")).isEqualTo(1);
    }

    @Test
    void replayedMessage_isAnsweredAgainButProcessedOnce_andCannotBeRepointedAtAnotherSender() throws Exception {
        ObjectNode body = robotMessage("msgReplay1", "staffReplay", "帮助", inAnHour());
        Map<String, String> headers = signed(fresh(), ROBOT_SECRET);
        HttpResponse<String> first = post("street-robot", body, headers);
        HttpResponse<String> second = post("street-robot", body, headers);
        HttpResponse<String> third = post("street-robot", body, signed(fresh(), ROBOT_SECRET));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(third.body()).isEqualTo(first.body());
        assertThat(logged("street-robot", "staffReplay")).isEqualTo(1);
        // the sign covers only the timestamp: the captured headers with another body are a replay
        ObjectNode forged = body.deepCopy().put("senderStaffId", "staffVictim");
        HttpResponse<String> replay = post("street-robot", forged, headers);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("replayed sign");
        // and under other (fresh) headers, the same msgId with another sender is still a forgery
        assertThat(post("street-robot", forged, signed(fresh(), ROBOT_SECRET)).statusCode())
                .isEqualTo(409);
        assertThat(logged("street-robot", "staffVictim")).isZero();
    }

    @Test
    void capturedRobotHeaders_carryingANewMessage_areRefused() throws Exception {
        Map<String, String> headers = signed(fresh(), ROBOT_SECRET);
        assertThat(post("street-robot", robotMessage("msgGenuine1", "staffGenuine", "帮助", inAnHour()), headers)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> replay = post("street-robot", robotMessage("msgEvil1", "evil", "3号楼路灯坏了",
                inAnHour()), headers);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(logged("street-robot", "evil")).isZero();
    }

    @Test
    void forgedStaleTamperedOrOversizeRequests_areRefusedAndLeaveNoTrace() throws Exception {
        ObjectNode body = robotMessage("msgBad1", "staffBad", "帮助", inAnHour());
        assertThat(post("street-robot", body, signed(CLOCK.millis(), "not-the-secret")).statusCode())
                .as("forged sign").isEqualTo(401);
        assertThat(post("street-robot", body, signed(CLOCK.millis() - Duration.ofHours(2).toMillis(), ROBOT_SECRET))
                .statusCode()).as("stale timestamp").isEqualTo(401);
        assertThat(server.post("/dingtalk/street-robot", body.toString(), Map.of()).statusCode())
                .as("unsigned").isEqualTo(401);
        ObjectNode elsewhere = body.deepCopy().put("sessionWebhook", "https://evil.example/robot/sendBySession?s=1");
        assertThat(post("street-robot", elsewhere, signed(fresh(), ROBOT_SECRET)).statusCode())
                .as("body tampered to point replies elsewhere").isEqualTo(400);
        assertThat(server.post("/dingtalk/street-robot", body.toString().substring(5),
                signed(fresh(), ROBOT_SECRET)).statusCode()).as("tampered (broken) body").isEqualTo(400);
        ObjectNode huge = body.deepCopy();
        ((ObjectNode) huge.path("text")).put("content", "长".repeat(100_000));
        assertThat(post("street-robot", huge, signed(fresh(), ROBOT_SECRET)).statusCode())
                .as("oversize body").isEqualTo(413);
        assertThat(post("no-such-robot", body, signed(fresh(), ROBOT_SECRET)).statusCode()).isEqualTo(404);
        assertThat(logged("street-robot", "staffBad")).isZero();
    }

    @Test
    void slowAnswer_isEmptyAtOnce_thenSentThroughTheSessionWebhook_andARetryStaysSilent() throws Exception {
        ObjectNode body = robotMessage("msgSlow1", "staffSlow", "慢一点回答：3号楼电梯坏了", inAnHour());
        Map<String, String> headers = signed(fresh(), ROBOT_SECRET);
        long t0 = System.nanoTime();
        HttpResponse<String> r = post("street-robot", body, headers);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1100));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        awaitSize(api.sessionMessages, 1);
        assertThat(api.sessionMessages.get(0)).contains("msgtype");
        HttpResponse<String> retry = post("street-robot", body, headers);
        assertThat(retry.body()).isEmpty();
        assertThat(SLOW_CALLS.get("staffSlow").get()).isEqualTo(1);
        assertThat(api.sessionMessages).hasSize(1);
    }

    @Test
    void lateReplyAfterTheSessionWebhookExpired_goesThroughTheRobotOpenApi() throws Exception {
        ObjectNode body = robotMessage("msgSlow2", "staffExpired", "慢一点回答：路灯不亮",
                CLOCK.instant().minusSeconds(1));
        HttpResponse<String> r = post("street-robot", body, signed(fresh(), ROBOT_SECRET));
        assertThat(r.statusCode()).isEqualTo(200);
        awaitSize(api.openApiMessages, 1);
        assertThat(api.openApiMessages.get(0)).startsWith("/v1.0/robot/oToMessages/batchSend")
                .contains("staffExpired").contains("dingrobotkey");
    }

    @Test
    void eventCheckUrl_isAnsweredWithAnEncryptedSuccessThatDecrypts() throws Exception {
        HttpResponse<String> r = event("{\"EventType\":\"check_url\"}", "nonceCheck", true);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = JSON.readTree(r.body());
        DecryptResult d = new MsgCrypt(APP_TOKEN, APP_AES, APP_KEY).verifyAndDecrypt(n.path("msg_signature").asText(),
                n.path("timeStamp").asText(), n.path("nonce").asText(), n.path("encrypt").asText());
        assertThat(d).isInstanceOfSatisfying(DecryptResult.Decrypted.class,
                ok -> assertThat(ok.message()).isEqualTo("success"));
        assertThat(event("{\"EventType\":\"check_url\"}", "nonceBad", false).statusCode()).isEqualTo(401);
    }

    @Test
    void repushedEvent_isProcessedOnce_andAnsweredWithSuccessEachTime() throws Exception {
        String plain = "{\"EventType\":\"user_add_org\",\"EventId\":\"evt-1001\",\"UserId\":[\"staffEvent\"],"
                + "\"CorpId\":\"dingcorp\",\"TimeStamp\":\"" + CLOCK.millis() + "\"}";
        HttpResponse<String> first = event(plain, "n1", true);
        HttpResponse<String> again = event(plain, "n2", true);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).has("encrypt")).isTrue();
        assertThat(logged("street-app", "staffEvent")).isEqualTo(1);
    }

    @Test
    void repushUnderTheSameSignature_isAnswered_andProcessedOnce_evenWithOtherOuterFields() throws Exception {
        String plain = "{\"EventType\":\"user_add_org\",\"EventId\":\"evt-2001\",\"UserId\":[\"staffEvent2\"],"
                + "\"CorpId\":\"dingcorp\",\"TimeStamp\":\"" + CLOCK.millis() + "\"}";
        Sealed s = new MsgCrypt(APP_TOKEN, APP_AES, APP_KEY).encrypt(plain, "nReplay", Long.toString(CLOCK.millis()));
        String q = "msg_signature=" + URLEncoder.encode(s.msgSignature(), StandardCharsets.UTF_8) + "&timestamp="
                + s.timestamp() + "&nonce=nReplay";
        String body = "{\"encrypt\":\"" + s.encrypt() + "\"}";
        Map<String, String> json = Map.of("Content-Type", "application/json");
        assertThat(server.post("/dingtalk/street-app/events?" + q, body, json).statusCode()).isEqualTo(200);
        assertThat(server.post("/dingtalk/street-app/events?" + q, body, json).statusCode()).isEqualTo(200);
        String other = "{\"encrypt\":\"" + s.encrypt() + "\",\"corpId\":\"elsewhere\"}";
        // the signature covers the ciphertext: the same signature carries the same event, a re-push
        assertThat(server.post("/dingtalk/street-app/events?" + q, other, json).statusCode()).isEqualTo(200);
        assertThat(logged("street-app", "staffEvent2")).isEqualTo(1);
    }

    private static HttpResponse<String> event(String plain, String nonce, boolean validSignature) throws Exception {
        String ts = Long.toString(CLOCK.millis());
        Sealed s = new MsgCrypt(APP_TOKEN, APP_AES, APP_KEY).encrypt(plain, nonce, ts);
        String good = s.msgSignature();
        String sig = validSignature ? good : (good.charAt(0) == '0' ? "1" : "0") + good.substring(1);
        String q = "msg_signature=" + URLEncoder.encode(sig, StandardCharsets.UTF_8) + "&timestamp=" + ts
                + "&nonce=" + nonce;
        return server.post("/dingtalk/street-app/events?" + q, "{\"encrypt\":\"" + s.encrypt() + "\"}",
                Map.of("Content-Type", "application/json"));
    }

    static void awaitSize(List<String> list, int n) throws Exception {
        Await.until(() -> n + " messages in " + list, Await.DEADLINE, () -> list.size() >= n);
    }
}
