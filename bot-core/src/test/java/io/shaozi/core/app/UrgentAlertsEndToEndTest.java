package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.Await;
import io.shaozi.core.testing.FakeDingTalkApi;
import io.shaozi.core.testing.FakeFeishuApi;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ladder's 加急 step where the platform has one, over real sockets: with the shipped organisation, but 钱进's
 * alert address a DingTalk robot chat and 赵敏's a Feishu open_id, an unanswered emergency's second step is a DingTalk
 * DING ({@code POST /v1.0/robot/ding/send}) for him and a Feishu urgent_app on the notice she was sent for her, each
 * at a fake platform API on loopback, driven by a fake clock.
 */
class UrgentAlertsEndToEndTest {
    private static final String ADMIN = "urgent-e2e-admin";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atBeijing("2026-12-07T10:00"); // Monday: 钱进 on duty

    private static Map<String, String> bearer() {
        return Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json");
    }

    private static String open(TestServer s, String body) throws Exception {
        HttpResponse<String> r = s.post("/api/tickets", body, bearer());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.MAPPER.readTree(r.body()).get("number").asText();
    }

    private static int steps(TestServer s, String number) throws Exception {
        int n = 0;
        HttpResponse<String> r = s.getWithHeaders("/api/tickets/" + number, bearer());
        for (JsonNode e : Json.MAPPER.readTree(r.body()).get("events")) {
            n += e.path("type").asText().equals("ALERTED") ? 1 : 0;
        }
        return n;
    }

    private void awaitSteps(TestServer s, String number, int steps) throws Exception {
        Await.until(() -> number + " at " + steps + " steps", Duration.ofSeconds(30), () -> {
            clock.advance(Duration.ofSeconds(1));
            return steps(s, number) >= steps;
        });
        assertThat(steps(s, number)).isEqualTo(steps);
    }

    @Test
    void unansweredEmergency_secondStepIsADingTalkDingAndAFeishuUrgentNotice() throws Exception {
        try (FakeDingTalkApi ding = new FakeDingTalkApi(clock); FakeFeishuApi feishu = new FakeFeishuApi()) {
            String org = Files.readString(Path.of("..", "config", "org.yaml"))
                    .replace("notify: {channel: generic, account: chat, recipient: \"web-staff-cgw-001\"}",
                            "notify: {channel: dingtalk, account: street-robot, recipient: \"robot-user:qianjin\"}")
                    .replace("notify: {channel: generic, account: chat, recipient: \"web-staff-cg-003\"}",
                            "notify: {channel: feishu, account: street-app, recipient: \"open_id:ou_zhaomin\"}");
            assertThat(org).contains("robot-user:qianjin", "open_id:ou_zhaomin");
            Path orgFile = dir.resolve("org.yaml");
            Files.writeString(orgFile, org);
            Path cfg = dir.resolve("shaozi.yaml");
            Files.writeString(cfg, """
                    admin:
                      token: %s
                    tickets:
                      orgFile: %s
                    alerts:
                      scanEverySeconds: 1
                    schedule:
                      pollSeconds: 1
                    channels:
                      dingtalk:
                        apiBase: %s
                        openApiBase: %s
                        robots:
                          - {id: street-robot, appKey: dingrobotkey, appSecret: robot-secret-0123456789}
                      feishu:
                        apiBase: %s
                        apps:
                          - {id: street-app, appId: cli_street, appSecret: s2, verificationToken: vt-0123456789}
                    """.formatted(ADMIN, orgFile.toAbsolutePath(), ding.base(), ding.base(), feishu.base()));
            try (TestServer s = TestServer.start(dir.resolve("data"), Optional.of(cfg), Map.of(), clock, b -> b)) {
                // 煤气味 → 区城管委 (钱进 on duty); a dark lane as an emergency → 街道城管办 (赵敏, no roster)
                String gas = open(s, "{\"text\":\"楼道里有很浓的煤气味\",\"category\":\"城乡建设\",\"subcategory\":\"燃气安全\","
                        + "\"urgency\":\"EMERGENCY\",\"place\":\"多福巷12号楼\"}");
                String dark = open(s, "{\"text\":\"小区路灯不亮，晚上很黑\",\"category\":\"城乡建设\",\"subcategory\":\"物业照明\","
                        + "\"urgency\":\"EMERGENCY\",\"place\":\"多福巷5号院\"}");
                awaitSteps(s, gas, 1);
                awaitSteps(s, dark, 1);
                // the notices reached both platforms; no DING and no urgent notice yet
                Await.until(() -> "the notices at the platforms: " + ding.openApiMessages + " " + feishu.messages,
                        Duration.ofSeconds(30), () -> ding.openApiMessages.stream().anyMatch(m -> m.contains(gas)
                                && m.contains("qianjin")) && feishu.messages.stream().anyMatch(m -> m.contains(dark)
                                && m.contains("ou_zhaomin")));
                assertThat(ding.openApiMessages).noneMatch(m -> m.startsWith("/v1.0/robot/ding/send"));
                assertThat(feishu.messages).noneMatch(m -> m.contains("user_id_list"));

                clock.advance(Duration.ofMinutes(5)); // nobody acknowledged: 加急
                awaitSteps(s, gas, 2);
                awaitSteps(s, dark, 2);
                Await.until(() -> "a DING for 钱进: " + ding.openApiMessages, Duration.ofSeconds(30), () ->
                        ding.openApiMessages.stream().anyMatch(m -> m.startsWith("/v1.0/robot/ding/send")));
                assertThat(ding.openApiMessages.stream().filter(m -> m.startsWith("/v1.0/robot/ding/send")))
                        .singleElement().asString().contains("qianjin").contains(gas).contains("\"remindType\":1");
                Await.until(() -> "an urgent notice for 赵敏: " + feishu.messages, Duration.ofSeconds(30), () ->
                        feishu.messages.stream().anyMatch(m -> m.contains("user_id_list")));
                assertThat(feishu.messages.stream().filter(m -> m.contains("user_id_list"))).singleElement()
                        .asString().startsWith("user_id_type=open_id").contains("ou_zhaomin");
                String timeline = s.getWithHeaders("/api/tickets/" + gas, bearer()).body();
                assertThat(timeline).contains("第2级告警（加急）");
            }
        }
    }
}
