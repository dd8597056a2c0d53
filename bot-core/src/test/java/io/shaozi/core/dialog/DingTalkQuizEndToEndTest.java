package io.shaozi.core.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.FakeDingTalkApi;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Party member takes the daily quiz through the DingTalk robot over real HTTP: callbacks signed as DingTalk signs
 * them, the first reply in the callback's response and the next question through the fake DingTalk's
 * sessionWebhook. The server is stopped in the middle of the attempt and a new one started on the same database
 * (H2 file, PostgreSQL): the attempt continues with the same question and option order. Then 积分 and 排行, a late
 * answer to the expired quiz, an unknown letter, and the ledger (one row an answer, no doubles).
 */
class DingTalkQuizEndToEndTest {
    static final String ROBOT_SECRET = "quiz-robot-secret";
    static final String ADMIN = "dt-quiz-admin";
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicLong TICK = new AtomicLong();

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00");

    static java.util.List<TestDatabases.Engine> engines() {
        return java.util.List.of(TestDatabases.Engine.H2, TestDatabases.Engine.POSTGRESQL);
    }

    private TestServer start(FakeDingTalkApi api, String dbUrl, TestDatabases.Engine engine) throws Exception {
        Path orgFile = dir.resolve("org.yaml");
        if (!Files.exists(orgFile)) {
            String org = Files.readString(Path.of("../config/org.yaml"))
                    .replace("{id: \"dy-002\", name: \"王芳\", role: member, branch: \"zb-dfx-1\", phone: \"13800100102\"}",
                            "{id: \"dy-002\", name: \"王芳\", role: member, branch: \"zb-dfx-1\", phone: \"13800100102\","
                                    + " notify: {channel: dingtalk, account: street-robot, recipient: \"user:wangfang\"}}");
            assertThat(org).contains("user:wangfang");
            Files.writeString(orgFile, org);
        }
        Path cfg = dir.resolve("dt-quiz.yaml");
        Files.writeString(cfg, """
                admin:
                  token: %s
                channels:
                  dingtalk:
                    apiBase: %s
                    openApiBase: %s
                    allowedWebhookHosts: [oapi.dingtalk.com, "%s"]
                    robots:
                      - {id: street-robot, appKey: dingquizkey, appSecret: %s}
                """.formatted(ADMIN, api.base(), api.base(), api.base(), ROBOT_SECRET));
        Map<String, String> overrides = new java.util.HashMap<>(Map.of("tickets.orgFile", orgFile.toString()));
        if (engine == TestDatabases.Engine.POSTGRESQL) { // H2: the file database in the data directory
            overrides.put("storage.url", dbUrl);
            overrides.put("storage.user", TestDatabases.PG_USER);
        }
        return TestServer.start(dir.resolve("data"), Optional.of(cfg), overrides, clock, b -> b);
    }

    /** What the member sees for one message: the reply in the response, and the messages sent after it. */
    record Seen(String first, java.util.List<String> more) {
        String last() {
            return more.isEmpty() ? first : more.get(more.size() - 1);
        }
    }

    private final AtomicLong msg = new AtomicLong();

    private Seen say(TestServer s, FakeDingTalkApi api, String text, int expectMore) throws Exception {
        int before = api.sessionMessages.size();
        String id = "dtq-" + msg.incrementAndGet();
        ObjectNode m = JSON.createObjectNode();
        m.put("conversationId", "cidP2Pwangfang").put("conversationType", "1").put("msgId", id)
                .put("senderNick", "王芳").put("senderStaffId", "wangfang").put("senderId", "$:LWCP_v1:$wangfang")
                .put("sessionWebhook", api.base() + "/robot/sendBySession?session=s-" + id)
                .put("sessionWebhookExpiredTime", clock.instant().plus(Duration.ofHours(1)).toEpochMilli())
                .put("createAt", clock.millis()).put("robotCode", "dingquizkey").put("msgtype", "text");
        m.putObject("text").put("content", " " + text);
        String ts = Long.toString(clock.millis() + TICK.incrementAndGet());
        HttpResponse<String> r = s.post("/dingtalk/street-robot", m.toString(), Map.of("Content-Type",
                "application/json", "timestamp", ts, "sign", FakeDingTalkApi.sign(ROBOT_SECRET, ts)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String first = content(r.body());
        if (expectMore > 0) {
            io.shaozi.core.testing.Await.until(() -> "messages after " + text, io.shaozi.core.testing.Await.DEADLINE,
                    () -> api.sessionMessages.size() >= before + expectMore);
        }
        java.util.List<String> more = new java.util.ArrayList<>();
        for (String b : api.sessionMessages.subList(before, api.sessionMessages.size())) {
            more.add(content(b));
        }
        assertThat(more).as("messages after: " + first).hasSize(expectMore);
        return new Seen(first, more);
    }

    static String content(String body) throws Exception {
        JsonNode j = JSON.readTree(body);
        return j.path("text").path("content").asText(j.path("markdown").path("text").asText());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void member_takesTheDailyQuizOnDingTalk_acrossARestart_thenSeesPointsAndRank(TestDatabases.Engine engine)
            throws Exception {
        String url = engine == TestDatabases.Engine.POSTGRESQL ? TestDatabases.freshUrl(engine) : "";
        try (FakeDingTalkApi api = new FakeDingTalkApi(clock)) {
            TestServer server = start(api, url, engine);
            try {
                Seen seen = say(server, api, "答题", 1);
                assertThat(seen.first()).startsWith("开始每日答题，共 5 题");
                QuizEndToEndTest.Shown s = QuizEndToEndTest.shown(seen.last());
                clock.advance(Duration.ofSeconds(9));
                seen = say(server, api, "E", 1);
                assertThat(seen.first()).as("an unknown letter").startsWith("没有选项“E”");
                assertThat(QuizEndToEndTest.shown(seen.last()).question()).isEqualTo(s.question());
                long[] waits = {12, 8, 15, 10, 19};
                for (int i = 0; i < 2; i++) {
                    clock.advance(Duration.ofSeconds(waits[i]));
                    seen = say(server, api, QuizEndToEndTest.written(s.answer(), i), 1);
                    QuizEndToEndTest.assertFeedback(seen.first(), s, true);
                    s = QuizEndToEndTest.shown(seen.last());
                    assertThat(seen.last()).contains("【每日答题 第" + (i + 2) + "/5题·");
                }
                // the server stops in the middle of the attempt; a new one starts on the same database
                server.close();
                server = start(api, url, engine);
                for (int i = 2; i < 5; i++) {
                    clock.advance(Duration.ofSeconds(waits[i]));
                    seen = say(server, api, QuizEndToEndTest.written(s.answer(), i), i < 4 ? 1 : 0);
                    QuizEndToEndTest.assertFeedback(seen.first(), s, true);
                    if (i < 4) {
                        s = QuizEndToEndTest.shown(seen.last());
                    }
                }
                assertThat(seen.first()).contains("本轮每日答题结束：答对 5/5 题，本轮得 5 分").contains("已连续答题 1 天");
                assertThat(say(server, api, "积分", 0).first()).isEqualTo("今日 5 分，累计 5 分，连续答题 1 天");
                assertThat(say(server, api, "排行", 0).first()).contains("近30天支部排行")
                        .contains("多福巷社区第一党支部 2.5 分（2 人）").contains("您近30天得 5 分，在本支部 2 人中排第 1 名");

                // a quiz left unanswered expires; a letter then is told so, and earns nothing
                say(server, api, "挑战", 1);
                clock.advance(Duration.ofMinutes(31));
                Seen late = say(server, api, "A", 0);
                assertThat(late.first()).startsWith("这道题已过期").contains("挑战答题").contains("不计分");
                assertThat(say(server, api, "积分", 0).first()).isEqualTo("今日 5 分，累计 5 分，连续答题 1 天");

                // the ledger: one row an answer that earned, no doubles, totals as shown
                try (Connection c = server.app.database().orElseThrow().dataSource().getConnection();
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT question_id), SUM(points)"
                             + " FROM quiz_points WHERE member_id = 'dy-002'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(5);
                    assertThat(rs.getInt(2)).isEqualTo(5);
                    assertThat(rs.getInt(3)).isEqualTo(5);
                }
                HttpResponse<String> r = server.getWithHeaders("/api/quiz/report?branch=zb-dfx-1&from=2026-12-01"
                        + "&to=2026-12-01", Map.of("Authorization", "Bearer " + ADMIN));
                JsonNode j = Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
                assertThat(j.get("participants").asInt()).isEqualTo(1);
                assertThat(j.get("averagePoints").asDouble()).isEqualTo(2.5);
                assertThat(j.get("flaggedAttempts")).isEmpty();
                assertThat(j.get("absent").findValuesAsText("id")).containsExactly("dy-001");
            } finally {
                server.close();
            }
        }
    }
}
