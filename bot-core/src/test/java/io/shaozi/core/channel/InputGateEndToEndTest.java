package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.FakeDingTalkApi;
import io.shaozi.core.testing.FakeFeishuApi;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The input gate over real sockets, on H2 and on PostgreSQL (which refuses NUL in text): every channel and the admin
 * API answer bad input with a 400 naming the field, a stray control character in a resident's text is dropped and
 * the message still gets through, and over-long ids never reach a column they do not fit.
 */
class InputGateEndToEndTest {
    static final String ADMIN = "gate-admin-token";
    static final String ROBOT_SECRET = "robot-app-secret";
    static final String WX_TOKEN = "wxtoken";
    static final String FEISHU_TOKEN = "v-token-gate";
    static final ObjectMapper JSON = new ObjectMapper();
    static final MutableClock CLOCK = MutableClock.at("2026-11-28T08:00:00Z");
    static final String NUL = "\\u0000"; // a JSON escape: the parsed string holds U+0000

    @TempDir
    static Path dir;
    static FakeDingTalkApi dingtalk;
    static FakeFeishuApi feishu;
    static final Map<TestDatabases.Engine, TestServer> SERVERS = new EnumMap<>(TestDatabases.Engine.class);

    @BeforeAll
    static void fakes() throws Exception {
        dingtalk = new FakeDingTalkApi(CLOCK);
        feishu = new FakeFeishuApi();
    }

    @AfterAll
    static void stop() {
        SERVERS.values().forEach(TestServer::close);
        dingtalk.close();
        feishu.close();
    }

    static List<TestDatabases.Engine> engines() {
        return List.of(TestDatabases.Engine.H2, TestDatabases.Engine.POSTGRESQL);
    }

    /** One server per engine, started on first use (PostgreSQL: skipped locally when it does not answer). */
    static synchronized TestServer server(TestDatabases.Engine engine) throws Exception {
        TestServer s = SERVERS.get(engine);
        if (s != null) {
            return s;
        }
        Path cfg = dir.resolve("gate-" + engine + ".yaml");
        Files.writeString(cfg, """
                admin:
                  token: %s
                channels:
                  wechat:
                    apiBase: %s
                    accounts:
                      - {id: plain1, appId: wxgate, token: %s, mode: plain, appSecret: s3cret}
                  dingtalk:
                    apiBase: %s
                    openApiBase: %s
                    allowedWebhookHosts: [oapi.dingtalk.com]
                    robots:
                      - {id: street-robot, appKey: dingrobotkey, appSecret: %s}
                  feishu:
                    apiBase: %s
                    apps:
                      - {id: plain-app, appId: cli_plain, appSecret: s1, verificationToken: %s}
                """.formatted(ADMIN, dingtalk.base(), WX_TOKEN, dingtalk.base(), dingtalk.base(), ROBOT_SECRET,
                feishu.base(), FEISHU_TOKEN));
        Map<String, String> overrides = engine == TestDatabases.Engine.POSTGRESQL
                ? Map.of("storage.url", TestDatabases.freshUrl(engine), "storage.user", TestDatabases.PG_USER)
                : Map.of();
        s = TestServer.start(dir.resolve("data-" + engine), Optional.of(cfg), overrides, CLOCK, b -> b);
        SERVERS.put(engine, s);
        return s;
    }

    static String error(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("error").asText();
    }

    static List<String> column(TestServer s, String sql, String... args) throws SQLException {
        try (Connection c = s.app.database().orElseThrow().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    static List<String> loggedTexts(TestServer s, String channel, String user) throws SQLException {
        return column(s, "SELECT text FROM inbound_message WHERE channel = ? AND user_id = ?", channel, user);
    }

    static String generic(String user, String msgId, String text) {
        return "{\"user\":\"" + user + "\",\"msgId\":\"" + msgId + "\",\"text\":\"" + text + "\"}";
    }

    // ------------------------------------------------------------------ generic webhook and chat page

    @ParameterizedTest
    @MethodSource("engines")
    void genericWebhook_nulInText_isDroppedAndTheMessageIsAnswered(TestDatabases.Engine engine) throws Exception {
        TestServer s = server(engine);
        HttpResponse<String> r = s.post("/webhook/generic", generic("gNul", "m1", "我的" + NUL + "工单"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("您还没有");
        assertThat(loggedTexts(s, "generic", "gNul")).containsExactly("我的工单");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void genericWebhook_controlCharacterInAnId_is400NamingTheField(TestDatabases.Engine engine) throws Exception {
        TestServer s = server(engine);
        HttpResponse<String> user = s.post("/webhook/generic", generic("g" + NUL + "x", "m1", "帮助"));
        assertThat(user.statusCode()).isEqualTo(400);
        assertThat(error(user)).contains("user");
        HttpResponse<String> msgId = s.post("/webhook/generic", generic("gOk", "m\\u0007", "帮助"));
        assertThat(msgId.statusCode()).isEqualTo(400);
        assertThat(error(msgId)).contains("msgId");
        assertThat(loggedTexts(s, "generic", "gOk")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void chatPage_nulInPostedTextIsDropped(TestDatabases.Engine engine) throws Exception {
        TestServer s = server(engine);
        io.shaozi.core.dialog.ChatClient chat = new io.shaozi.core.dialog.ChatClient(s, "cNul");
        assertThat(chat.sayWithId("我的工单\u0000", "c1")).isNotBlank(); // a real U+0000: ChatClient escapes it
        assertThat(loggedTexts(s, "generic", chat.user())).containsExactly("我的工单");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void genericWebhook_longUserAndMsgIdWithinTheirLimits_stillOpenTheTicketOnce(TestDatabases.Engine engine)
            throws Exception {
        TestServer s = server(engine);
        String user = "u" + engine.name().charAt(0) + "x".repeat(118);
        String msgId = "m" + "y".repeat(119);
        String body = generic(user, msgId, "3号楼楼道里着火了，冒浓烟");
        HttpResponse<String> r = s.post("/webhook/generic", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        HttpResponse<String> again = s.post("/webhook/generic", body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(column(s, "SELECT number FROM ticket WHERE reporter_key = ?", "generic:generic:" + user)).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void anyJsonBody_withTrailingGarbage_is400(TestDatabases.Engine engine) throws Exception {
        TestServer s = server(engine);
        HttpResponse<String> r = s.post("/webhook/generic", generic("gTrail", "t1", "帮助") + "]garbage");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(loggedTexts(s, "generic", "gTrail")).isEmpty();
    }

    // ------------------------------------------------------------------ platforms

    @ParameterizedTest
    @MethodSource("engines")
    void weChat_overLongMsgId_is400NamingMsgId(TestDatabases.Engine engine) throws Exception {
        TestServer s = server(engine);
        WeChatSimulator sim = new WeChatSimulator(WX_TOKEN, "", "wxgate");
        long ts = CLOCK.instant().getEpochSecond();
        String xml = "<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[oLong]]></FromUserName>"
                + "<CreateTime>" + ts + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[帮助]]></Content><MsgId>" + "9".repeat(400) + "</MsgId></xml>";
        HttpResponse<String> r = s.post("/wechat/plain1?" + sim.deliveryQuery(ts, "n1", "oLong", null), xml,
                Map.of("Content-Type", "text/xml"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("MsgId");
        assertThat(loggedTexts(s, "wechat", "oLong")).isEmpty();
    }

    static ObjectNode robotMessage(String msgId, String staffId, String text) {
        ObjectNode m = JSON.createObjectNode();
        m.put("conversationId", "cid" + staffId.length()).put("conversationType", "1").put("msgId", msgId)
                .put("senderStaffId", staffId).put("createAt", CLOCK.millis()).put("msgtype", "text");
        m.putObject("text").put("content", text);
        return m;
    }

    static HttpResponse<String> robot(TestServer s, JsonNode body) throws Exception {
        String ts = Long.toString(CLOCK.millis());
        return s.post("/dingtalk/street-robot", body.toString(), Map.of("Content-Type", "application/json",
                "timestamp", ts, "sign", FakeDingTalkApi.sign(ROBOT_SECRET, ts)));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void dingTalkRobot_nulInTextIsDropped_overLongMsgIdOrSenderIs400(TestDatabases.Engine engine) throws Exception {
        TestServer s = server(engine);
        HttpResponse<String> nul = robot(s, robotMessage("dNul1", "dNul", "我的\u0000工单"));
        assertThat(nul.statusCode()).as(nul.body()).isEqualTo(200);
        assertThat(loggedTexts(s, "dingtalk", "dNul")).containsExactly("我的工单");

        HttpResponse<String> longId = robot(s, robotMessage("d".repeat(200), "dLong", "帮助"));
        assertThat(longId.statusCode()).isEqualTo(400);
        assertThat(error(longId)).contains("msgId");
        HttpResponse<String> longSender = robot(s, robotMessage("dLong2", "s".repeat(200), "帮助"));
        assertThat(longSender.statusCode()).isEqualTo(400);
        assertThat(error(longSender)).contains("senderStaffId");
        assertThat(loggedTexts(s, "dingtalk", "dLong")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void feishu_nulInText_isDroppedAndTheEventIsProcessed(TestDatabases.Engine engine) throws Exception {
        TestServer s = server(engine);
        String content = JSON.writeValueAsString(Map.of("text", "帮\u0000助"));
        ObjectNode ev = JSON.createObjectNode().put("schema", "2.0");
        ev.putObject("header").put("event_id", "fsNul-" + engine).put("event_type", "im.message.receive_v1")
                .put("create_time", Long.toString(CLOCK.millis())).put("token", FEISHU_TOKEN).put("app_id", "cli_plain");
        ObjectNode event = ev.putObject("event");
        event.putObject("sender").put("sender_type", "user").putObject("sender_id").put("open_id", "ou_nul");
        event.putObject("message").put("message_id", "om1").put("chat_id", "oc_nul").put("chat_type", "p2p")
                .put("message_type", "text").put("content", content);
        HttpResponse<String> r = s.post("/feishu/plain-app", ev.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> texts = List.of();
        for (int i = 0; i < 400 && texts.isEmpty(); i++) {
            Thread.sleep(25);
            texts = loggedTexts(s, "feishu", "ou_nul");
        }
        assertThat(texts).containsExactly("帮助");
    }

    // ------------------------------------------------------------------ admin API

    static HttpResponse<String> api(TestServer s, String path, String body, Map<String, String> extra)
            throws Exception {
        Map<String, String> h = new java.util.HashMap<>(Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + ADMIN));
        h.putAll(extra);
        return s.post(path, body, h);
    }

    static String ticket(String text, String extra) {
        return "{\"text\":\"" + text + "\",\"category\":\"城乡建设\",\"place\":\"多福巷12号\"" + extra + "}";
    }

    @ParameterizedTest
    @MethodSource("engines")
    void adminApi_nulInTextIsDropped_andTheTicketOpens(TestDatabases.Engine engine) throws Exception {
        TestServer s = server(engine);
        HttpResponse<String> r = api(s, "/api/tickets", ticket("路灯" + NUL + "不亮", ""), Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(JSON.readTree(r.body()).path("content").asText("")).doesNotContain("\u0000");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void adminApi_valuesTooLongForTheirColumns_are400NamingTheField(TestDatabases.Engine engine) throws Exception {
        TestServer s = server(engine);
        Map<String, String> cases = Map.of(
                "place", "{\"text\":\"路灯不亮\",\"category\":\"城乡建设\",\"place\":\"" + "巷".repeat(501) + "\"}",
                "phone", ticket("路灯不亮", ",\"phone\":\"" + "1".repeat(41) + "\""),
                "dedupeKey", ticket("路灯不亮", ",\"dedupeKey\":\"" + "k".repeat(201) + "\""),
                "text", ticket("a".repeat(1_000_000), ""),
                "category", "{\"text\":\"路灯不亮\",\"category\":\"nope\"}",
                "reporter", ticket("路灯不亮", ",\"reporter\":5"),
                "user", ticket("路灯不亮", ",\"reporter\":{\"user\":\"a\\u0001b\"}"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = api(s, "/api/tickets", c.getValue(), Map.of());
            assertThat(r.statusCode()).as(c.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(error(r)).as(c.getKey()).contains(c.getKey());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void adminApi_dedupeKeyIsStoredHashed_andAKeyStoredUnhashedByAnOlderReleaseStillFindsItsTicket(
            TestDatabases.Engine engine) throws Exception {
        TestServer s = server(engine);
        String key = "legacy-" + engine;
        HttpResponse<String> first = api(s, "/api/tickets", ticket("路灯不亮", ",\"dedupeKey\":\"" + key + "\""), Map.of());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String number = JSON.readTree(first.body()).path("number").asText();
        List<String> stored = column(s, "SELECT dedupe_key FROM ticket_open_key WHERE number = ?", number);
        assertThat(stored).singleElement().asString().startsWith("h:").hasSize(66);
        // as an older release wrote it: the key itself
        try (Connection c = s.app.database().orElseThrow().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE ticket_open_key SET dedupe_key = ? WHERE number = ?")) {
            ps.setString(1, key);
            ps.setString(2, number);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        HttpResponse<String> again = api(s, "/api/tickets", ticket("路灯不亮", ",\"dedupeKey\":\"" + key + "\""), Map.of());
        assertThat(JSON.readTree(again.body()).path("number").asText()).isEqualTo(number);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void adminApi_ifMatchThatIsNoVersion_is400_andAStaleOneStays412(TestDatabases.Engine engine) throws Exception {
        TestServer s = server(engine);
        HttpResponse<String> opened = api(s, "/api/tickets", ticket("路灯不亮" + engine, ""), Map.of());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String number = JSON.readTree(opened.body()).path("number").asText();
        String path = "/api/tickets/" + number + "/actions";
        HttpResponse<String> abc = api(s, path, "{\"action\":\"urge\"}", Map.of("If-Match", "abc"));
        assertThat(abc.statusCode()).isEqualTo(400);
        assertThat(error(abc)).contains("If-Match");
        HttpResponse<String> version = api(s, path, "{\"action\":\"urge\",\"version\":\"x\"}", Map.of());
        assertThat(version.statusCode()).isEqualTo(400);
        assertThat(error(version)).contains("version");
        HttpResponse<String> stale = api(s, path, "{\"action\":\"urge\"}", Map.of("If-Match", "\"999\""));
        assertThat(stale.statusCode()).isIn(409, 412);
    }
}
