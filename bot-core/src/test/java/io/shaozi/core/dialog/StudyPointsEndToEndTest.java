package io.shaozi.core.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.Await;
import io.shaozi.core.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learning item pushed to a branch's Party members over real HTTP: a member who replies 已学 on the /chat/ page
 * earns 1 point (积分 shows it), 已学 again earns nothing; the read page's 已学 button earns another member's point
 * once; a 已学 recorded just before the server stopped (its point not yet written) is awarded after the restart by
 * the recurring backfill, once.
 */
class StudyPointsEndToEndTest {
    private static final String ADMIN = "study-admin-token";
    private static final Pattern READ_LINK = Pattern.compile("http://[^\\s\"]+/read/([0-9]+)\\?t=([A-Za-z0-9_-]+)");

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00");

    private TestServer start() throws Exception {
        Path orgFile = dir.resolve("org.yaml");
        String org = Files.readString(Path.of("../config/org.yaml"))
                .replace("{id: \"dy-002\", name: \"王芳\", role: member, branch: \"zb-dfx-1\", phone: \"13800100102\"}",
                        "{id: \"dy-002\", name: \"王芳\", role: member, branch: \"zb-dfx-1\", phone: \"13800100102\","
                                + " notify: {channel: generic, account: chat, recipient: \"web-wangfang\"}}");
        assertThat(org).contains("web-wangfang");
        Files.writeString(orgFile, org);
        Path cfg = dir.resolve("study.yaml");
        Files.writeString(cfg, "admin:\n  token: " + ADMIN + "\nschedule:\n  pollSeconds: 1\n");
        return TestServer.start(dir.resolve("data"), Optional.of(cfg), Map.of("tickets.orgFile", orgFile.toString(),
                "dialog.chatPageStaff", "true"), clock, b -> b);
    }

    private static HttpResponse<String> call(TestServer s, String token, String method, String path, String body)
            throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(s.uri(path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return java.net.http.HttpClient.newHttpClient().send(b.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static String token(TestServer s, String person) throws Exception {
        return ok(call(s, ADMIN, "POST", "/api/org/people/" + person + "/tokens", "{\"label\":\"t\"}"), 201)
                .get("token").asText();
    }

    /**
     * A learning item written by gb-002, approved by gb-001 and pushed to branch zb-dfx-1; waits until the campaign is
     * done and {@code wang} has it. Returns the campaign id.
     */
    private long pushLearning(TestServer s, ChatClient wang, String title, String body) throws Exception {
        String author = token(s, "gb-002");
        long item = ok(call(s, author, "POST", "/api/contents", "{\"kind\": \"learning\", \"title\": \"" + title
                + "\", \"body\": \"" + body + "\"}"), 201).get("id").asLong();
        ok(call(s, author, "POST", "/api/contents/" + item + "/actions", "{\"action\":\"submit\"}"), 200);
        ok(call(s, token(s, "gb-001"), "POST", "/api/contents/" + item + "/actions", "{\"action\":\"approve\"}"), 200);
        long id = ok(call(s, ADMIN, "POST", "/api/campaigns", "{\"content\": " + item
                + ", \"audience\": {\"members\": [\"zb-dfx-1\"]}}"), 201).get("id").asLong();
        Await.until(() -> "campaign done", Duration.ofSeconds(30), () -> {
            clock.advance(Duration.ofSeconds(2));
            return "done".equals(ok(call(s, ADMIN, "GET", "/api/campaigns/" + id, null), 200).get("status").asText());
        });
        assertThat(wang.pushes(1)).anyMatch(p -> p.contains(title));
        return id;
    }

    @Test
    void studied_byChatTwice_earnsOnePoint_forAPartyMember() throws Exception {
        TestServer s = start();
        try {
            ChatClient wang = new ChatClient(s, "web-wangfang");
            assertThat(wang.say("积分")).contains("今日 0 分");
            wang.markPushes();
            String author = token(s, "gb-002");
            String approver = token(s, "gb-001");
            long item = ok(call(s, author, "POST", "/api/contents", """
                    {"kind": "learning", "title": "学习党章第一章", "body": "党员的义务。"}
                    """), 201).get("id").asLong();
            ok(call(s, author, "POST", "/api/contents/" + item + "/actions", "{\"action\":\"submit\"}"), 200);
            ok(call(s, approver, "POST", "/api/contents/" + item + "/actions", "{\"action\":\"approve\"}"), 200);
            long id = ok(call(s, ADMIN, "POST", "/api/campaigns", "{\"content\": " + item
                    + ", \"audience\": {\"members\": [\"zb-dfx-1\"]}}"), 201).get("id").asLong();
            String path = "/api/campaigns/" + id;
            Await.until(() -> "campaign done", Duration.ofSeconds(30), () -> {
                clock.advance(Duration.ofSeconds(2)); // the settle job runs every 3 s of the clock
                return "done".equals(ok(call(s, ADMIN, "GET", path, null), 200).get("status").asText());
            });
            List<String> pushes = wang.pushes(1);
            Matcher m = READ_LINK.matcher(String.join("\n", pushes));
            assertThat(m.find()).as(pushes.toString()).isTrue();

            assertThat(wang.say("已学")).contains("已记录").contains("学习党章第一章");
            assertThat(wang.say("已学")).contains("没有待学习");
            assertThat(wang.say("积分")).contains("今日 1 分").contains("累计 1 分");

            // the read page's 已学 on the same row: already studied, no second point
            URI link = URI.create(m.group());
            HttpResponse<String> post = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(s.uri(link.getRawPath() + "/studied")).header("Content-Type",
                            "application/x-www-form-urlencoded").POST(java.net.http.HttpRequest.BodyPublishers
                            .ofString("t=" + m.group(2))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(wang.say("积分")).contains("今日 1 分");
        } finally {
            s.close();
        }
    }

    @Test
    void studied_whenTheServerStopsBeforeThePoint_isAwardedOnceByTheBackfillAfterTheRestart() throws Exception {
        TestServer s = start();
        try {
            ChatClient wang = new ChatClient(s, "web-wangfang");
            wang.markPushes();
            long id = pushLearning(s, wang, "学习党章第三章", "党的组织制度。");
            // 已学 reached the ledger (what markStudied writes), then the process stopped before the point
            try (java.sql.Connection c = s.app.database().orElseThrow().dataSource().getConnection();
                 java.sql.PreparedStatement ps = c.prepareStatement("UPDATE campaign_delivery SET studied_at = ?,"
                         + " read_at = ? WHERE campaign_id = ? AND person_id = 'dy-002' AND studied_at IS NULL")) {
                java.sql.Timestamp now = java.sql.Timestamp.from(clock.instant());
                ps.setTimestamp(1, now);
                ps.setTimestamp(2, now);
                ps.setLong(3, id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        } finally {
            s.close();
        }
        TestServer again = start();
        try {
            ChatClient wang = new ChatClient(again, "web-wangfang");
            assertThat(wang.say("积分")).contains("今日 0 分");
            Await.until(() -> "the backfill's point", Duration.ofSeconds(30), () -> {
                clock.advance(Duration.ofMinutes(1)); // the job runs every 10 minutes of the clock
                return wang.say("积分").contains("今日 1 分");
            });
            assertThat(wang.say("已学")).as("the row is studied already").contains("没有待学习");
            java.time.Instant awarded = clock.instant();
            Await.until(() -> "the job's next run", Duration.ofSeconds(30), () -> {
                clock.advance(Duration.ofMinutes(1));
                return lastRun(again).filter(t -> t.isAfter(awarded)).isPresent();
            });
            assertThat(wang.say("积分")).as("the next run awards nothing more").contains("今日 1 分")
                    .contains("累计 1 分");
        } finally {
            again.close();
        }
    }

    /** When the study-point backfill last finished (the scheduler's row of the job). */
    private static Optional<java.time.Instant> lastRun(TestServer s) throws Exception {
        try (java.sql.Connection c = s.app.database().orElseThrow().dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "SELECT last_success FROM scheduled_tasks WHERE task_name = ?")) {
            ps.setString(1, io.shaozi.core.quiz.StudyPoints.JOB);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getTimestamp(1)).map(java.sql.Timestamp::toInstant)
                        : Optional.empty();
            }
        }
    }

    @Test
    void boards_rankBranchesByAveragePointsPerMember_countingMembersWithoutPoints() throws Exception {
        TestServer s = start();
        try {
            ChatClient wang = new ChatClient(s, "web-wangfang");
            wang.markPushes();
            pushLearning(s, wang, "学习党章第二章", "党员的权利。");
            assertThat(wang.say("已学")).contains("已记录");

            JsonNode all = ok(call(s, ADMIN, "GET", "/api/quiz/boards", null), 200);
            JsonNode rows = all.get("branches");
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).get("branch").asText()).isEqualTo("zb-dfx-1");
            assertThat(rows.get(0).get("rank").asInt()).isEqualTo(1);
            assertThat(rows.get(0).get("members").asInt()).as("李明 without points counts").isEqualTo(2);
            assertThat(rows.get(0).get("points").asInt()).isEqualTo(1);
            assertThat(rows.get(0).get("averagePoints").asDouble()).isEqualTo(0.5);
            assertThat(rows.get(1).get("rank").asInt()).isEqualTo(2);
            assertThat(rows.get(2).get("rank").asInt()).as("equal averages share a rank").isEqualTo(2);
            assertThat(rows.get(2).get("averagePoints").asDouble()).isZero();

            JsonNode one = ok(call(s, ADMIN, "GET", "/api/quiz/boards?committee=dw-sj&days=7", null), 200);
            assertThat(one.get("branches").findValuesAsText("branch")).containsExactly("zb-sj-1");
            assertThat(one.get("from").asText()).isEqualTo("2026-11-25");
            assertThat(call(s, ADMIN, "GET", "/api/quiz/boards?committee=dw-none", null).statusCode()).isEqualTo(404);
            assertThat(call(s, ADMIN, "GET", "/api/quiz/boards?days=0", null).statusCode()).isEqualTo(400);
            assertThat(call(s, "wrong-token", "GET", "/api/quiz/boards", null).statusCode()).isEqualTo(401);

            HttpResponse<String> csv = call(s, ADMIN, "GET", "/api/quiz/boards.csv", null);
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
            List<String> lines = csv.body().replace("\uFEFF", "").lines().toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0)).isEqualTo("rank,branch,name,committee,members,points,averagePoints");
            assertThat(lines.get(1)).isEqualTo("1,zb-dfx-1,多福巷社区第一党支部,dw-dfx,2,1,0.5");
        } finally {
            s.close();
        }
    }
}
