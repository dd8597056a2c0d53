package io.shaozi.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console's knowledge page relies on beyond the basics (KnowledgeConversationTest): the 试一试 answer
 * ({@code limit}, the entry answered or offered), create-only saves ({@code If-None-Match: *}), answers that would
 * not read back, and the read-only server.
 */
class KnowledgeApiTest {
    private static final String ADMIN = "kb-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private TestServer start(String kbDir) throws Exception {
        return TestServer.start(dir.resolve("data"), Optional.empty(), Map.of("admin.token", ADMIN, "knowledge.dir", kbDir),
                Clock.systemUTC(), b -> b);
    }

    private static HttpResponse<String> put(TestServer s, String id, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri("/api/knowledge/" + id)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(TestServer s, String pathAndQuery) throws Exception {
        return s.getWithHeaders(pathAndQuery, Map.of("Authorization", "Bearer " + ADMIN));
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void tryAQuestion_namesTheEntryAnswered_andRanksAsManyAsAsked_badLimitIs400NamingIt() throws Exception {
        try (TestServer s = start(dir.resolve("kb").toString())) {
            HttpResponse<String> r = get(s, "/api/knowledge?limit=5&q=" + q("社区居委会周六上班吗？我想开个居住证明"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode query = Json.MAPPER.readTree(r.body()).get("query");
            assertThat(query.get("decision").asText()).isEqualTo("answer");
            assertThat(query.get("answer").get("id").asText()).isEqualTo("office-hours");
            assertThat(query.get("hits")).hasSize(5);
            assertThat(query.get("hits").get(0).get("id").asText()).isEqualTo("office-hours");
            assertThat(query.get("hits").findValuesAsText("id")).doesNotHaveDuplicates();
            assertThat(query.get("hits").get(0).get("coverage").asDouble()).isBetween(0.0, 1.0);

            JsonNode choice = Json.MAPPER.readTree(get(s, "/api/knowledge?q=" + q("我妈今年六十了，老年卡在哪儿办？")).body())
                    .get("query");
            assertThat(choice.get("decision").asText()).isEqualTo("choice");
            assertThat(choice.get("choices").findValuesAsText("id")).contains("beijing-card-elderly");
            assertThat(choice.has("answer")).isFalse();
            assertThat(choice.get("hits")).as("three by default").hasSize(3);

            // as in the chat: a message typed as a complaint is not looked up, whatever the entries say
            JsonNode complaint = Json.MAPPER.readTree(get(s, "/api/knowledge?q=" + q("物业公司乱收停车费")).body())
                    .get("query");
            assertThat(complaint.get("decision").asText()).isEqualTo("not_asked:complaint");
            assertThat(complaint.has("answer")).isFalse();

            for (String bad : List.of("0", "11", "x", "-1")) {
                HttpResponse<String> refused = get(s, "/api/knowledge?q=" + q("几点上班") + "&limit=" + bad);
                assertThat(refused.statusCode()).as(bad).isEqualTo(400);
                assertThat(Json.MAPPER.readTree(refused.body()).get("error").asText()).startsWith("limit:");
            }
            HttpResponse<String> longQ = get(s, "/api/knowledge?q=" + q("问".repeat(201)));
            assertThat(longQ.statusCode()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(longQ.body()).get("error").asText()).startsWith("q:");
        }
    }

    @Test
    void createOnly_refusesATakenId_with412NamingId_andWritesNothing() throws Exception {
        Path kb = dir.resolve("kb");
        try (TestServer s = start(kb.toString())) {
            String pool = Json.text(Map.of("title", "社区游泳馆开放时间", "questions", List.of("游泳馆几点开门"), "answer", "每天 9:00—21:00。"));
            HttpResponse<String> created = put(s, "pool", pool, Map.of("If-None-Match", "*"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String file = Files.readString(kb.resolve("pool.md"));

            HttpResponse<String> again = put(s, "pool", Json.text(Map.of("title", "别的", "answer", "别的答案")),
                    Map.of("If-None-Match", "*"));
            assertThat(again.statusCode()).as(again.body()).isEqualTo(412);
            assertThat(Json.MAPPER.readTree(again.body()).get("error").asText()).startsWith("id:");
            assertThat(Files.readString(kb.resolve("pool.md"))).isEqualTo(file);
            // a shipped entry's id is taken too (the folder is seeded with them)
            assertThat(put(s, "office-hours", pool, Map.of("If-None-Match", "*")).statusCode()).isEqualTo(412);
            // without the header a PUT replaces, as before
            assertThat(put(s, "pool", Json.text(Map.of("title", "游泳馆", "answer", "闭馆")), Map.of()).statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(get(s, "/api/knowledge/pool").body()).get("answer").asText()).isEqualTo("闭馆");
        }
    }

    @Test
    void anAnswerThatWouldReadBackAsAQuestion_is400NamingAnswer_andNothingIsWritten() throws Exception {
        Path kb = dir.resolve("kb");
        try (TestServer s = start(kb.toString())) {
            HttpResponse<String> r = put(s, "pool", Json.text(Map.of("title", "游泳馆", "questions", List.of("几点开门"),
                    "answer", "问：周一开吗\n周一闭馆。")), Map.of());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).startsWith("answer:");
            assertThat(kb.resolve("pool.md")).doesNotExist();
            assertThat(get(s, "/api/knowledge/pool").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withoutAFolder_theListSaysReadOnly_andEditsAre409() throws Exception {
        try (TestServer s = start("")) {
            JsonNode list = Json.MAPPER.readTree(get(s, "/api/knowledge").body());
            assertThat(list.get("editable").asBoolean()).isFalse();
            assertThat(list.get("source").asText()).isEqualTo("shipped");
            assertThat(put(s, "pool", Json.text(Map.of("title", "t", "answer", "a")), Map.of("If-None-Match", "*"))
                    .statusCode()).isEqualTo(409);
            HttpResponse<String> del = HTTP.send(HttpRequest.newBuilder(s.uri("/api/knowledge/office-hours"))
                    .header("Authorization", "Bearer " + ADMIN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(del.statusCode()).isEqualTo(409);
            assertThat(get(s, "/api/knowledge/office-hours").statusCode()).isEqualTo(200);
        }
    }
}
