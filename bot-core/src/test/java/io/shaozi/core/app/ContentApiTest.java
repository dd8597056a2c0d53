package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content API over a real socket: the approval workflow, roles, states, sensitive words and bad input. */
class ContentApiTest {
    private static final String ADMIN = "content-api-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> TOKENS = new HashMap<>();
    private static TestServer server;
    private static MutableClock clock;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path words = dir.resolve("words.txt");
        Files.writeString(words, "# 测试词表\n赌博\n");
        clock = MutableClock.atBeijing("2026-12-01T10:00");
        server = TestServer.start(dir.resolve("data"), Map.of("admin.token", ADMIN,
                "content.sensitiveWordsFile", words.toString()), clock);
        for (String id : List.of("sq-001", "gb-001", "gb-002", "ld-001", "cg-001")) {
            HttpResponse<String> r = call("POST", "/api/org/people/" + id + "/tokens", ADMIN, "{\"label\":\"t\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            TOKENS.put(id, Json.parse(r.body().getBytes(StandardCharsets.UTF_8)).get("token").asText());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> as(String who, String method, String path, String body) throws Exception {
        return call(method, path, TOKENS.get(who), body);
    }

    static JsonNode json(HttpResponse<String> r) {
        return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
    }

    static String item(String kind, String title, String body) {
        Map<String, Object> m = new HashMap<>();
        m.put("kind", kind);
        m.put("title", title);
        m.put("body", body);
        m.put("link", "https://gov.example/notice/1");
        m.put("source", "东华门街道");
        m.put("validUntil", "2027-01-31T18:00:00+08:00");
        return new String(Json.bytes(m), StandardCharsets.UTF_8);
    }

    static long create(String who, String kind, String body) throws Exception {
        HttpResponse<String> r = as(who, "POST", "/api/content", item(kind, "冬季学习安排", body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("state").asText()).isEqualTo("draft");
        return json(r).get("id").asLong();
    }

    @Test
    void learningItem_draftSubmitRejectEditSubmitApprove_withAuditTrail() throws Exception {
        long id = create("sq-001", "learning", "学习**二十大**精神 <script>alert(1)</script>\n\n- 要点一");
        String p = "/api/content/" + id;
        assertThat(as("sq-001", "POST", p + "/submit", "").statusCode()).isEqualTo(200);
        // editing after submit: 409; approval by a department staff member: 403
        assertThat(as("sq-001", "PUT", p, item("learning", "改", "改")).statusCode()).isEqualTo(409);
        assertThat(as("cg-001", "POST", p + "/approve", "{}").statusCode()).isEqualTo(403);
        HttpResponse<String> rej = as("gb-001", "POST", p + "/reject", "{\"reason\":\"请补充学习要点\"}");
        assertThat(rej.statusCode()).as(rej.body()).isEqualTo(200);
        assertThat(json(rej).get("state").asText()).isEqualTo("draft");
        assertThat(as("gb-001", "POST", p + "/reject", "{}").statusCode()).isEqualTo(400);
        assertThat(as("sq-001", "PUT", p, item("learning", "冬季学习安排", "要点：\n- 一\n- 二")).statusCode())
                .isEqualTo(200);
        assertThat(as("sq-001", "POST", p + "/submit", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ok = as("ld-001", "POST", p + "/approve", "{\"note\":\"同意\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok).get("state").asText()).isEqualTo("approved");
        assertThat(as("gb-001", "POST", p + "/approve", "{}").statusCode()).isEqualTo(409);

        JsonNode got = json(as("gb-002", "GET", p, null));
        assertThat(got.get("approver").asText()).isEqualTo("ld-001");
        assertThat(got.get("html").asText()).isEqualTo("<p>要点：</p><ul><li>一</li><li>二</li></ul>");
        List<String> steps = new java.util.ArrayList<>();
        got.get("events").forEach(e -> steps.add(e.get("action").asText() + ":" + e.get("from").asText() + "→"
                + e.get("to").asText() + ":" + e.get("actor").asText()));
        assertThat(steps).containsExactly("create:draft→draft:sq-001", "submit:draft→submitted:sq-001",
                "reject:submitted→draft:gb-001", "edit:draft→draft:sq-001", "submit:draft→submitted:sq-001",
                "approve:submitted→approved:ld-001");
        assertThat(got.get("events").get(2).get("note").asText()).isEqualTo("请补充学习要点");

        JsonNode list = json(as("gb-001", "GET", "/api/content?state=approved&kind=learning", null));
        assertThat(list.get("items").findValuesAsText("id")).contains(Long.toString(id));
    }

    @Test
    void selfApproval_isRefused_409() throws Exception {
        long id = create("gb-001", "notice", "周六停水");
        assertThat(as("gb-001", "POST", "/api/contents/" + id + "/actions", "{\"action\":\"submit\"}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> self = as("gb-001", "POST", "/api/contents/" + id + "/actions", "{\"action\":\"approve\"}");
        assertThat(self.statusCode()).isEqualTo(409);
        assertThat(json(self).get("error").asText()).contains("另一人");
        assertThat(as("gb-002", "POST", "/api/content/" + id + "/approve", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void sensitiveWords_refuseSubmit_422_listingTheWords() throws Exception {
        long id = create("sq-001", "notice", "严禁赌博活动");
        HttpResponse<String> r = as("sq-001", "POST", "/api/content/" + id + "/submit", "");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).get("words").get(0).asText()).isEqualTo("赌博");
        JsonNode got = json(as("sq-001", "GET", "/api/content/" + id, null));
        assertThat(got.get("state").asText()).isEqualTo("draft");
        assertThat(got.get("sensitiveWords").get(0).asText()).isEqualTo("赌博");
    }

    @Test
    void emergency_sentAtOnceByStreetCadre_reasonRecorded_communityWorkerRefused() throws Exception {
        long id = create("sq-001", "emergency", "燃气抢修，请勿靠近");
        String p = "/api/content/" + id + "/emergency";
        assertThat(as("sq-001", "POST", p, "{\"reason\":\"燃气泄漏\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> r = as("gb-001", "POST", p, "{\"reason\":\"燃气泄漏\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("state").asText()).isEqualTo("sent_emergency");
        assertThat(json(r).get("event").get("note").asText()).isEqualTo("燃气泄漏");
        long notice = create("gb-001", "notice", "普通通知");
        assertThat(as("gb-001", "POST", "/api/content/" + notice + "/emergency", "{\"reason\":\"急\"}").statusCode())
                .isEqualTo(409);
    }

    @Test
    void badInput_400NamesTheField() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(item("poster", "t", "b"), "kind");
        cases.put(item("notice", "长".repeat(101), "b"), "title");
        cases.put(item("notice", "t", "x".repeat(20_001)), "body");
        cases.put(item("notice", "t\u0007", "b"), "title");
        cases.put(item("notice", "t", "b\u0000"), "body");
        cases.put(item("notice", "t", "b").replace("https://gov.example/notice/1", "javascript:alert(1)"), "link");
        cases.put(item("notice", "t", "b").replace("2027-01-31", "2026-11-01"), "validUntil");
        cases.put(item("notice", "t", "b").replace("2027-01-31T18:00:00+08:00", "tomorrow"), "validUntil");
        for (var c : cases.entrySet()) {
            HttpResponse<String> r = as("sq-001", "POST", "/api/content", c.getKey());
            assertThat(r.statusCode()).as(c.getValue() + " " + r.body()).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(r.body()).contains(c.getValue());
        }
        assertThat(as("sq-001", "GET", "/api/content?kind=poster", null).statusCode()).isEqualTo(400);
        assertThat(as("sq-001", "GET", "/api/content/abc", null).statusCode()).isEqualTo(400);
        assertThat(as("sq-001", "GET", "/api/content/999999", null).statusCode()).isEqualTo(404);
        assertThat(as("sq-001", "PUT", "/api/content/999999", item("notice", "t", "b")).statusCode()).isEqualTo(404);
        assertThat(as("sq-001", "POST", "/api/content/999999/submit", "").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/content", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void missingSensitiveWordFile_stopsTheStart_namingTheKey(@TempDir Path dir) {
        assertThatThrownBy(() -> TestServer.start(dir.resolve("data"), Map.of("content.sensitiveWordsFile",
                dir.resolve("nope.txt").toString()), clock))
                .hasStackTraceContaining("content.sensitiveWordsFile");
    }
}
