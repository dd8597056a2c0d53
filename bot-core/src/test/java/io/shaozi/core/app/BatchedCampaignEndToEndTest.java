package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.Await;
import io.shaozi.core.testing.FakeWeComApi;
import io.shaozi.core.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learning item sent as ONE WeCom app message to several Party members (push.batch.wecom) over real HTTP, through a
 * fake WeCom API: the member WeCom does not know fails with its code; the message's link carries the campaign's
 * token, and the read page asks WeCom's web login who reads it, recording the read on that member's own ledger row
 * (and offering 已学 for them); an opening without a login counts as an anonymous read, shown apart.
 */
class BatchedCampaignEndToEndTest {
    private static final String ADMIN = "batch-admin-token";
    private static final Map<String, String> JSON = Map.of("Authorization", "Bearer " + ADMIN,
            "Content-Type", "application/json");
    private static final Pattern LINK = Pattern.compile("https://shaozi\\.example/read/([0-9]+)\\?c=[^\"\\\\\\s]+");

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");

    private static JsonNode json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static String body(TestServer s, String path) {
        try {
            return s.getWithHeaders(path, JSON).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void oneMessageForTheBatch_readsAttributedThroughWeComWebLogin_othersAnonymous() throws Exception {
        try (FakeWeComApi api = new FakeWeComApi(clock, 100)) {
            api.members.addAll(java.util.List.of("liming", "wangfang"));
            Path cfg = dir.resolve("batch.yaml");
            Files.writeString(cfg, """
                    admin:
                      token: %s
                    server:
                      publicUrl: https://shaozi.example
                    schedule:
                      pollSeconds: 1
                    push:
                      batch:
                        wecom: 1000
                    channels:
                      wecom:
                        apiBase: %s
                        webLogin: true
                        webLoginBase: %s
                        apps:
                          - {id: gov, corpId: wwcorp0001, agentId: "1000002", token: tok,
                             aesKey: abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG, secret: s3cret}
                    """.formatted(ADMIN, api.base(), api.base()));
            try (TestServer s = TestServer.start(dir.resolve("data"), Optional.of(cfg), Map.of(), clock, b -> b)) {
                for (String[] p : new String[][] {{"dy-101", "李明", "liming"}, {"dy-102", "王芳", "wangfang"},
                    {"dy-103", "赵强", "zhaoqiang"}}) {
                    json(s.post("/api/org/people", "{\"id\":\"" + p[0] + "\",\"name\":\"" + p[1]
                            + "\",\"role\":\"member\",\"branch\":\"zb-dfx-1\",\"alerts\":{\"channel\":\"wecom\","
                            + "\"account\":\"gov\",\"recipient\":\"user:" + p[2] + "\"}}", JSON), 200);
                }
                String author = json(s.post("/api/org/people/gb-002/tokens", "{\"label\":\"t\"}", JSON), 201)
                        .get("token").asText();
                String approver = json(s.post("/api/org/people/gb-001/tokens", "{\"label\":\"t\"}", JSON), 201)
                        .get("token").asText();
                long item = json(s.post("/api/contents", "{\"kind\":\"learning\",\"title\":\"学习党章第一章\","
                        + "\"body\":\"党员的义务。\"}", Map.of("Authorization", "Bearer " + author,
                        "Content-Type", "application/json")), 201).get("id").asLong();
                json(s.post("/api/contents/" + item + "/actions", "{\"action\":\"submit\"}",
                        Map.of("Authorization", "Bearer " + author, "Content-Type", "application/json")), 200);
                json(s.post("/api/contents/" + item + "/actions", "{\"action\":\"approve\"}",
                        Map.of("Authorization", "Bearer " + approver, "Content-Type", "application/json")), 200);
                long id = json(s.post("/api/campaigns", "{\"content\":" + item
                        + ",\"audience\":{\"people\":[\"dy-101\",\"dy-102\",\"dy-103\"]}}", JSON), 201)
                        .get("id").asLong();
                String path = "/api/campaigns/" + id;
                Await.until(() -> "campaign done: " + body(s, path), Duration.ofSeconds(30),
                        () -> {
                            clock.advance(Duration.ofSeconds(2));
                            return "done".equals(json(s.getWithHeaders(path, JSON), 200).get("status").asText());
                        });
                // one call for the three of them; WeCom does not know zhaoqiang
                assertThat(api.calls).hasSize(1);
                assertThat(api.calls.get(0)).containsExactlyInAnyOrder("liming", "wangfang", "zhaoqiang");
                JsonNode c = json(s.getWithHeaders(path, JSON), 200);
                assertThat(c.get("sent").asLong()).isEqualTo(2);
                assertThat(c.get("failed").asLong()).isEqualTo(1);
                assertThat(c.get("failedByCode").get("wecom_invaliduser").asLong()).isEqualTo(1);

                Matcher m = LINK.matcher(api.bodies.get(0).toString());
                assertThat(m.find()).as(api.bodies.get(0).toString()).isTrue();
                URI link = URI.create(m.group());
                String local = link.getRawPath() + "?" + link.getRawQuery();
                // 王芳 opens it: WeCom's web login says who she is
                api.loginAs = "wangfang";
                HttpResponse<String> toLogin = get(s.uri(local));
                assertThat(toLogin.statusCode()).isEqualTo(302);
                URI authorize = URI.create(toLogin.headers().firstValue("Location").orElseThrow());
                assertThat(authorize.toString()).startsWith(api.base() + "/connect/oauth2/authorize?appid=wwcorp0001")
                        .contains("scope=snsapi_base").contains("agentid=1000002");
                HttpResponse<String> back = get(authorize);
                assertThat(back.statusCode()).isEqualTo(302);
                URI returned = URI.create(back.headers().firstValue("Location").orElseThrow());
                assertThat(returned.toString()).startsWith("https://shaozi.example/read/" + item + "?c=");
                HttpResponse<String> page = get(s.uri(returned.getRawPath() + "?" + returned.getRawQuery()));
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("学习党章第一章").contains("name=\"t\"");
                JsonNode afterRead = json(s.getWithHeaders(path, JSON), 200);
                assertThat(afterRead.get("read").asLong()).isEqualTo(1);
                assertThat(afterRead.get("anonymousReads").asLong()).isZero();
                HttpResponse<String> csv = s.getWithHeaders(path + "/deliveries.csv", JSON);
                assertThat(csv.body().lines().filter(l -> l.contains("user:wangfang")).findFirst().orElseThrow())
                        .matches(".*,sent,.*,20[0-9-]+T[0-9:.]+Z,$");
                assertThat(csv.body().lines().filter(l -> l.contains("user:liming")).findFirst().orElseThrow())
                        .endsWith(",,");

                // 已学 on the page is hers
                Matcher t = Pattern.compile("name=\"t\" value=\"([^\"]+)\"").matcher(page.body());
                assertThat(t.find()).isTrue();
                HttpResponse<String> studied = s.post("/read/" + item + "/studied", "t=" + t.group(1),
                        Map.of("Content-Type", "application/x-www-form-urlencoded"));
                assertThat(studied.statusCode()).isEqualTo(200);
                assertThat(json(s.getWithHeaders(path, JSON), 200).get("studied").asLong()).isEqualTo(1);

                // someone WeCom knows who is not among the campaign's recipients: an anonymous read
                api.loginAs = "visitor";
                URI visitorBack = URI.create(get(URI.create(get(s.uri(local)).headers().firstValue("Location")
                        .orElseThrow())).headers().firstValue("Location").orElseThrow());
                HttpResponse<String> visitor = get(s.uri(visitorBack.getRawPath() + "?" + visitorBack.getRawQuery()));
                assertThat(visitor.statusCode()).isEqualTo(200);
                assertThat(visitor.body()).doesNotContain("name=\"t\"");
                // coming back from a refused login (no code): an anonymous read, no recipient's row changes
                HttpResponse<String> refused = get(s.uri(local + "&state=read"));
                assertThat(refused.statusCode()).isEqualTo(200);
                assertThat(refused.body()).contains("学习党章第一章").doesNotContain("name=\"t\"");
                // a code WeCom does not know: anonymous too
                assertThat(get(s.uri(local + "&state=read&code=forged")).statusCode()).isEqualTo(200);
                JsonNode end = json(s.getWithHeaders(path, JSON), 200);
                assertThat(end.get("read").asLong()).isEqualTo(1);
                assertThat(end.get("anonymousReads").asLong()).isEqualTo(3);
                assertThat(json(s.getWithHeaders(path + "/report", JSON), 200).get("anonymousReads").asLong())
                        .isEqualTo(3);
                // another campaign's token, or a forged secret: 404
                assertThat(get(s.uri("/read/" + item + "?c=" + id + "-1-forgedforgedforged00&ch=wecom&acc=gov"))
                        .statusCode()).isEqualTo(404);
            }
        }
    }
}
