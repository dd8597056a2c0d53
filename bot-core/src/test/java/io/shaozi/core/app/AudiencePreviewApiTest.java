package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.dialog.ChatClient;
import io.shaozi.core.http.Json;
import io.shaozi.core.store.TestDatabases;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * POST /api/audiences/preview over a real socket on H2 and PostgreSQL: residents known from chat (community from a
 * place they gave, 退订 honoured unless emergency), members, staff and named people, combined once each; bad input.
 */
class AudiencePreviewApiTest {
    private static final String ADMIN = "audience-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static HttpResponse<String> call(TestServer s, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String token(TestServer s, String person) throws Exception {
        HttpResponse<String> r = call(s, "/api/org/people/" + person + "/tokens", ADMIN, "{\"label\":\"t\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body().getBytes(StandardCharsets.UTF_8)).get("token").asText();
    }

    private static JsonNode ok(TestServer s, String token, String body) throws Exception {
        HttpResponse<String> r = call(s, "/api/audiences/preview", token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static void bad(TestServer s, String token, String body, String names) throws Exception {
        HttpResponse<String> r = call(s, "/api/audiences/preview", token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains(names);
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void preview_countsEachRecipientOnce_perChannel_andRejectsBadInput(TestDatabases.Engine engine) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("admin.token", ADMIN,
                "storage.url", TestDatabases.freshUrl(engine)));
        if (engine == TestDatabases.Engine.POSTGRESQL) {
            o.put("storage.user", TestDatabases.PG_USER);
        }
        try (TestServer s = TestServer.start(dir.resolve("data"), Optional.empty(), o, Clock.systemUTC(), b -> b)) {
            ChatClient inDuofu = new ChatClient(s, "web-aud-1");
            assertThat(inDuofu.say("楼道灯坏了好几天了，晚上上下楼很不方便")).contains("具体位置");
            inDuofu.say("多福巷3号楼2单元");
            ChatClient elsewhere = new ChatClient(s, "web-aud-2");
            elsewhere.say("我的工单");
            ChatClient optedOut = new ChatClient(s, "web-aud-3");
            assertThat(optedOut.say("退订")).contains("已为您退订");
            String leader = token(s, "ld-001");

            JsonNode all = ok(s, leader, "{\"residents\": {\"all\": true}}");
            assertThat(all.get("total").asLong()).as("退订 residents left out").isEqualTo(2);
            assertThat(all.get("byChannel").get("generic").asLong()).isEqualTo(2);
            assertThat(ok(s, leader, "{\"kind\": \"emergency\", \"residents\": {\"all\": true}}").get("total").asLong())
                    .as("emergencies reach residents who replied 退订").isEqualTo(3);
            assertThat(ok(s, leader, "{\"residents\": {\"communities\": [\"110101001001\"]}}").get("total").asLong())
                    .as("community from the place given").isEqualTo(1);

            JsonNode members = ok(s, leader, "{\"members\": {\"all\": true}}");
            assertThat(members.get("total").asLong()).isEqualTo(2);
            assertThat(members.get("byChannel").get("wecom").asLong()).isEqualTo(2);
            assertThat(members.get("unreachable").toString()).contains("dy-002").contains("dy-003");

            JsonNode overlap = ok(s, ADMIN, "{\"members\": {\"branches\": [\"zb-dfx-1\"]}, \"people\": [\"dy-001\", \"ld-001\"]}");
            assertThat(overlap.get("total").asLong()).as("dy-001 is in the branch and named: once").isEqualTo(2);

            JsonNode union = ok(s, leader, "{\"residents\": {\"all\": true}, \"members\": {\"all\": true}, "
                    + "\"staff\": {\"roles\": [\"leader\"]}}");
            // two members, and both leaders: ld-001 (WeCom) and ld-002 (the chat page, where the sample alerts them)
            assertThat(union.get("total").asLong()).isEqualTo(6);
            assertThat(union.get("residents").asLong()).isEqualTo(2);
            assertThat(union.get("people").asLong()).isEqualTo(4);

            bad(s, leader, "{\"members\": {\"branches\": [\"zb-nope\"]}}", "zb-nope");
            bad(s, leader, "{\"residents\": {\"communities\": [\"no-such-community\"]}}", "no-such-community");
            bad(s, leader, "{\"staff\": {\"departments\": [\"no-such-dept\"]}}", "no-such-dept");
            bad(s, leader, "{\"staff\": {\"roles\": [\"bogus\"]}}", "bogus");
            bad(s, leader, "{\"people\": [\"nobody-here\"]}", "nobody-here");
            bad(s, leader, "{}", "empty");
            bad(s, leader, "{\"staff\": {\"departments\": [\"jd-zfd\"]}}", "matches nobody");
            bad(s, leader, "{\"kind\": \"poster\", \"residents\": {\"all\": true}}", "kind");

            assertThat(call(s, "/api/audiences/preview", token(s, "cg-001"), "{\"residents\": {\"all\": true}}")
                    .statusCode()).as("department staff may not").isEqualTo(403);
            assertThat(call(s, "/api/audiences/preview", null, "{\"residents\": {\"all\": true}}").statusCode())
                    .isEqualTo(401);
        }
    }
}
