package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quiz API over a real socket: CSV import (all or nothing), listing, retiring, the report, roles. */
class QuizApiTest {
    private static final String ADMIN = "quiz-api-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> TOKENS = new HashMap<>();
    private static final String HEADER = "id,type,stem,A,B,C,D,answer,explanation,category\n";
    private static TestServer server;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir.resolve("data"), Map.of("admin.token", ADMIN), MutableClock.atBeijing("2026-12-01T10:00"));
        for (String id : List.of("gb-001", "ld-001", "sq-001")) {
            HttpResponse<String> r = call("POST", "/api/org/people/" + id + "/tokens", ADMIN, "application/json", "{\"label\":\"t\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            TOKENS.put(id, json(r).get("token").asText());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> call(String method, String path, String token, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> r) {
        return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sampleBank_isLoadedAtStart_andListedByCategory() throws Exception {
        HttpResponse<String> r = call("GET", "/api/quiz/questions?size=1000", TOKENS.get("ld-001"), null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("questions").size()).isGreaterThanOrEqualTo(60);
        r = call("GET", "/api/quiz/questions?category=%E6%8E%A5%E8%AF%89%E5%8D%B3%E5%8A%9E&size=2", ADMIN, null, null);
        assertThat(json(r).get("questions").size()).isEqualTo(2);
        assertThat(json(r).get("questions").get(0).get("category").asText()).isEqualTo("接诉即办");
    }

    @Test
    void import_isAllOrNothing_withLineNumberedErrors() throws Exception {
        HttpResponse<String> r = call("POST", "/api/quiz/questions", TOKENS.get("gb-001"), "text/csv; charset=utf-8",
                HEADER + "api-1,single,题,甲,乙,,,A,依据《章程》,测试\napi-2,single,题,甲,乙,丙,丁,E,,测试\n");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode err = json(r).get("errors").get(0);
        assertThat(err.get("line").asInt()).isEqualTo(3);
        assertThat(err.get("column").asText()).isEqualTo("answer");
        assertThat(err.get("error").asText()).isEqualTo("line 3: answer \"E\" is not one of the options A-D");
        assertThat(call("GET", "/api/quiz/questions?category=%E6%B5%8B%E8%AF%95", ADMIN, null, null).body())
                .doesNotContain("api-1");

        r = call("POST", "/api/quiz/questions", TOKENS.get("gb-001"), "text/csv",
                HEADER + "api-1,single,题,甲,乙,,,A,依据《章程》,测试\napi-2,judge,判断,,,,,B,,测试\n");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("imported").asInt()).isEqualTo(2);

        r = call("POST", "/api/quiz/questions/api-2/retire", TOKENS.get("ld-001"), null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode listed = json(call("GET", "/api/quiz/questions?category=%E6%B5%8B%E8%AF%95&state=all", ADMIN, null, null))
                .get("questions");
        assertThat(listed.size()).isEqualTo(2);
        assertThat(listed.get(1).get("retired").asBoolean()).isTrue();
        assertThat(listed.get(1).get("options").get("A").asText()).isEqualTo("对");
        assertThat(json(call("GET", "/api/quiz/questions?category=%E6%B5%8B%E8%AF%95", ADMIN, null, null))
                .get("questions").size()).as("default: active only").isEqualTo(1);
        assertThat(call("POST", "/api/quiz/questions/nope/retire", ADMIN, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void wrongRole_wrongType_noToken_areRefused() throws Exception {
        assertThat(call("POST", "/api/quiz/questions", TOKENS.get("sq-001"), "text/csv", HEADER).statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/api/quiz/questions", null, null, null).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/api/quiz/questions", ADMIN, "application/json", "{}").statusCode()).isEqualTo(415);
        assertThat(call("GET", "/api/quiz/questions?state=bogus", ADMIN, null, null).statusCode()).isEqualTo(400);
    }

    @Test
    void report_isForStreetRoles_andRefusesBadInput() throws Exception {
        HttpResponse<String> r = call("GET", "/api/quiz/report?branch=zb-dfx-1", TOKENS.get("gb-001"), null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("members").asInt()).isEqualTo(2);
        assertThat(json(r).get("participants").asInt()).isZero();
        assertThat(json(r).get("from").asText()).isEqualTo("2026-11-02");
        assertThat(json(r).get("to").asText()).isEqualTo("2026-12-01");
        assertThat(json(r).get("absent")).hasSize(2);
        assertThat(call("GET", "/api/quiz/report", TOKENS.get("ld-001"), null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/quiz/report", TOKENS.get("sq-001"), null, null).statusCode())
                .as("a community worker").isEqualTo(403);
        assertThat(call("GET", "/api/quiz/report.csv", TOKENS.get("sq-001"), null, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/quiz/report?branch=zb-none", ADMIN, null, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/quiz/report?from=2026-12-02&to=2026-12-01", ADMIN, null, null).statusCode())
                .isEqualTo(400);
        assertThat(call("GET", "/api/quiz/report?from=12/01/2026", ADMIN, null, null).statusCode()).isEqualTo(400);
        HttpResponse<String> csv = call("GET", "/api/quiz/report.csv?branch=zb-sj-1", ADMIN, null, null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).get().asString().startsWith("text/csv");
        assertThat(csv.body()).contains("id,name,branch,points,answered,correct,flagged,tookPart,streak,flaggedAttempts,"
                        + "warning,topicsCompleted,topicsNotCompleted\n")
                .contains("dy-003,陈刚,zb-sj-1,0,0,0,0,false");
    }

    /** A branch secretary of zb-sj-1 (added once) and their token. */
    private static synchronized String secretary() throws Exception {
        if (!TOKENS.containsKey("sec-sj")) {
            HttpResponse<String> r = call("POST", "/api/org/people", ADMIN, "application/json",
                    "{\"id\":\"sec-sj\",\"name\":\"赵书记\",\"role\":\"secretary\",\"branch\":\"zb-sj-1\"}");
            assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
            r = call("POST", "/api/org/people/sec-sj/tokens", ADMIN, "application/json", "{\"label\":\"t\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            TOKENS.put("sec-sj", json(r).get("token").asText());
            r = call("POST", "/api/org/people/dy-003/tokens", ADMIN, "application/json", "{\"label\":\"t\"}");
            TOKENS.put("dy-003", json(r).get("token").asText());
        }
        return TOKENS.get("sec-sj");
    }

    @Test
    void secretary_seesTheReportOfTheirOwnBranchOnly_withItsNonParticipants() throws Exception {
        String sec = secretary();
        assertThat(call("POST", "/api/org/people", ADMIN, "application/json",
                "{\"id\":\"sec-x\",\"name\":\"无支部\",\"role\":\"secretary\"}").statusCode())
                .as("a secretary needs a branch").isEqualTo(400);
        HttpResponse<String> r = call("GET", "/api/quiz/report", sec, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode j = json(r);
        assertThat(j.get("branch").asText()).as("their branch by default").isEqualTo("zb-sj-1");
        assertThat(j.get("members").asInt()).isEqualTo(2);
        assertThat(j.get("absent").findValuesAsText("id")).containsExactlyInAnyOrder("dy-003", "sec-sj");
        assertThat(j.has("trend") && j.has("previous") && j.has("streaks") && j.has("flaggedAttempts")
                && j.has("warned") && j.has("accuracyByCategory")).as(r.body()).isTrue();
        assertThat(j.get("previous").get("to").asText()).isEqualTo("2026-11-01");
        assertThat(call("GET", "/api/quiz/report?branch=zb-sj-1", sec, null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/quiz/report.csv", sec, null, null).body()).contains("dy-003,陈刚,zb-sj-1")
                .doesNotContain("dy-001");
        HttpResponse<String> other = call("GET", "/api/quiz/report?branch=zb-dfx-1", sec, null, null);
        assertThat(other.statusCode()).as("another branch").isEqualTo(403);
        assertThat(other.body()).contains("本支部");
        assertThat(call("GET", "/api/quiz/report.csv?branch=zb-dfx-1", sec, null, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/quiz/boards", sec, null, null).statusCode()).as("boards: every branch")
                .isEqualTo(200);
        assertThat(call("POST", "/api/quiz/questions", sec, "text/csv", HEADER).statusCode()).as("not the bank")
                .isEqualTo(403);
        assertThat(call("GET", "/api/quiz/report", TOKENS.get("dy-003"), null, null).statusCode())
                .as("a plain member").isEqualTo(403);
    }

    @Test
    void topics_areEditedAndDeleted_aSecretaryOnlyTheirBranchs() throws Exception {
        String sec = secretary();
        String body = "{\"code\":\"sj-dz\",\"name\":\"接诉即办专项\",\"category\":\"接诉即办\","
                + "\"deadline\":\"2026-12-20T18:00:00+08:00\"}";
        HttpResponse<String> r = call("POST", "/api/quiz/topics", sec, "application/json", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("branch").asText()).as("a secretary's topic is for their branch").isEqualTo("zb-sj-1");
        assertThat(call("POST", "/api/quiz/topics", sec, "application/json", body.replace("sj-dz", "sj-dz2")
                .replace("\"category\"", "\"branch\":\"zb-dfx-1\",\"category\"")).statusCode())
                .as("another branch").isEqualTo(403);
        r = call("PUT", "/api/quiz/topics/sj-dz", sec, "application/json",
                body.replace("接诉即办专项", "接诉即办专项（延期）").replace("12-20", "12-25"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("deadline").asText()).isEqualTo("2026-12-25T10:00:00Z");
        JsonNode listed = json(call("GET", "/api/quiz/topics", ADMIN, null, null)).get("topics");
        assertThat(listed.findValuesAsText("name")).contains("接诉即办专项（延期）");
        assertThat(call("PUT", "/api/quiz/topics/sj-dz", sec, "application/json",
                body.replace("2026-12-20T18:00:00+08:00", "soon")).statusCode()).as("bad deadline").isEqualTo(400);
        assertThat(call("PUT", "/api/quiz/topics/sj-dz", sec, "application/json",
                body.replace("\"sj-dz\"", "\"other\"")).statusCode()).as("code cannot change").isEqualTo(400);
        assertThat(call("PUT", "/api/quiz/topics/sj-dz", sec, "application/json",
                body.replace("2026-12-20", "2026-11-20")).statusCode()).as("past deadline").isEqualTo(400);
        assertThat(call("PUT", "/api/quiz/topics/nope", ADMIN, "application/json", body).statusCode()).isEqualTo(404);
        // a street topic for another branch: the secretary may not touch it
        r = call("POST", "/api/quiz/topics", ADMIN, "application/json", body.replace("sj-dz", "dfx-dz")
                .replace("\"category\"", "\"branch\":\"zb-dfx-1\",\"category\""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(call("DELETE", "/api/quiz/topics/dfx-dz", sec, null, null).statusCode()).isEqualTo(403);
        assertThat(json(call("GET", "/api/quiz/topics", sec, null, null)).get("topics").findValuesAsText("code"))
                .contains("sj-dz").doesNotContain("dfx-dz");
        r = call("DELETE", "/api/quiz/topics/sj-dz", sec, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(call("DELETE", "/api/quiz/topics/sj-dz", sec, null, null).statusCode()).isEqualTo(404);
        assertThat(json(call("GET", "/api/quiz/topics", ADMIN, null, null)).get("topics").findValuesAsText("code"))
                .doesNotContain("sj-dz").contains("dfx-dz");
        assertThat(call("POST", "/api/quiz/topics", sec, "application/json", body).statusCode())
                .as("a deleted topic's code stays taken").isEqualTo(409);
    }

    @Test
    void consoleReportPage_isServed_andCallsOnlyTheQuizReportApis() throws Exception {
        HttpResponse<String> html = server.get("/console/quiz.html");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("<script src=\"quiz.js\"></script>").contains("党员答题报告");
        assertThat(server.get("/console/index.html").body()).contains("href=\"quiz.html\"");
        HttpResponse<String> js = server.get("/console/quiz.js");
        assertThat(js.statusCode()).isEqualTo(200);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(/api/[^\"]*)\"").matcher(js.body());
        java.util.Set<String> paths = new java.util.TreeSet<>();
        while (m.find()) {
            paths.add(m.group(1));
        }
        assertThat(paths).containsExactlyInAnyOrder("/api/quiz/report", "/api/quiz/report.csv",
                "/api/quiz/report-topics.csv", "/api/quiz/boards");
        for (String p : paths) {
            assertThat(call("GET", p, secretary(), null, null).statusCode()).as(p).isEqualTo(200);
        }
    }
}
