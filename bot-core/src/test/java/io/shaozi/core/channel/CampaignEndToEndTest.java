package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.dialog.ChatClient;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.Await;
import io.shaozi.core.testing.FakeWeChatApi;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learning item from draft to the residents' phones, over real HTTP: written by one person, approved by another,
 * pushed by a campaign to every resident (WeChat through a fake WeChat API, and the /chat/ page), within WeChat's
 * customer-service window (a resident who last wrote 49 h ago waits, and gets the notice in one digest message when they
 * next write); the read page counts a
 * read, 已学 counts as studied, 通知 lists it; bad campaign requests are refused with the reason and create nothing.
 */
class CampaignEndToEndTest {
    private static final String ADMIN = "campaign-admin-token";
    private static final AtomicLong MSG = new AtomicLong(990_000);
    private static final Pattern READ_LINK = Pattern.compile("http://[^\\s\"]+/read/([0-9]+)\\?t=([A-Za-z0-9_-]+)");

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
    private final WeChatSimulator sim = new WeChatSimulator(WeChatEndpointTest.TOKEN, WeChatEndpointTest.AES,
            WeChatEndpointTest.APPID);

    private TestServer start(FakeWeChatApi api) throws Exception {
        Path cfg = dir.resolve("campaign.yaml");
        Files.writeString(cfg, """
                admin:
                  token: %s
                schedule:
                  pollSeconds: 1
                channels:
                  wechat:
                    apiBase: %s
                    accounts:
                      - {id: duofu, appId: %s, token: %s, aesKey: %s, mode: safe, appSecret: s3cret}
                """.formatted(ADMIN, api.base(), WeChatEndpointTest.APPID, WeChatEndpointTest.TOKEN,
                WeChatEndpointTest.AES));
        return TestServer.start(dir.resolve("data"), Optional.of(cfg), Map.of(), clock, b -> b);
    }

    private void wechat(TestServer s, String user, String text) throws Exception {
        long ts = clock.instant().getEpochSecond();
        long id = MSG.incrementAndGet();
        String enc = sim.encrypt(WeChatSimulator.textXml("gh_duofu", user, ts, text, id));
        HttpResponse<String> r = s.post("/wechat/duofu?" + sim.deliveryQuery(ts, "n" + id, user, enc),
                WeChatSimulator.envelope("gh_duofu", enc), Map.of("Content-Type", "text/xml"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** The resident unfollows the account (WeChat's unsubscribe event). */
    private void unfollow(TestServer s, String user) throws Exception {
        long ts = clock.instant().getEpochSecond();
        String xml = "<xml><ToUserName><![CDATA[gh_duofu]]></ToUserName><FromUserName><![CDATA[" + user
                + "]]></FromUserName><CreateTime>" + ts + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[unsubscribe]]></Event></xml>";
        String enc = sim.encrypt(xml);
        HttpResponse<String> r = s.post("/wechat/duofu?" + sim.deliveryQuery(ts, "u" + ts, user, enc),
                WeChatSimulator.envelope("gh_duofu", enc), Map.of("Content-Type", "text/xml"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
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

    private static String body(TestServer s, String path) {
        try {
            return call(s, ADMIN, "GET", path, null).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String token(TestServer s, String person) throws Exception {
        return ok(call(s, ADMIN, "POST", "/api/org/people/" + person + "/tokens", "{\"label\":\"t\"}"), 201)
                .get("token").asText();
    }

    @Test
    void learningCampaign_reachesWeChatAndChat_withinTheWindow_andCountsReadAndStudied() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            TestServer s = start(api);
            try {
                wechat(s, "oOldResident", "订阅");
                clock.advance(Duration.ofHours(49));
                wechat(s, "oResident42", "订阅");
                wechat(s, "oGone", "你好，我想咨询");
                unfollow(s, "oGone"); // counts as 退订: not in the audience below
                ChatClient alice = new ChatClient(s, "alice");
                assertThat(alice.say("订阅")).contains("订阅");
                alice.markPushes();
                String author = token(s, "gb-002");
                String approver = token(s, "gb-001");
                long item = ok(call(s, author, "POST", "/api/contents", """
                        {"kind": "learning", "title": "学习二十大报告：基层治理", "body": "**基层治理**是国家治理的基石。\\n\\n- 要点一"}
                        """), 201).get("id").asLong();
                ok(call(s, author, "POST", "/api/contents/" + item + "/actions", "{\"action\":\"submit\"}"), 200);
                // a draft is not sendable; approval by its author is refused
                assertThat(call(s, ADMIN, "POST", "/api/campaigns", "{\"content\": " + item
                        + ", \"audience\": {\"residents\": \"all\"}}").statusCode()).isEqualTo(400);
                assertThat(call(s, author, "POST", "/api/contents/" + item + "/actions", "{\"action\":\"approve\"}")
                        .statusCode()).isEqualTo(409);
                JsonNode approved = ok(call(s, approver, "POST", "/api/contents/" + item + "/actions",
                        "{\"action\":\"approve\"}"), 200);
                assertThat(approved.get("status").asText()).isEqualTo("approved");

                // bad requests: each refused with its reason, nothing created
                assertThat(call(s, ADMIN, "POST", "/api/campaigns", "{\"content\": " + item
                        + ", \"audience\": {\"members\": [\"no-such-branch\"]}}").body()).contains("no-such-branch");
                assertThat(call(s, ADMIN, "POST", "/api/campaigns", "{\"content\": " + item
                        + ", \"audience\": {\"members\": [\"zb-sj-1\"]}}").body()).contains("matches nobody");
                assertThat(call(s, ADMIN, "POST", "/api/campaigns", "{\"content\": " + item
                        + ", \"audience\": {\"residents\": \"all\"}, \"at\": \"2026-01-01T08:00:00+08:00\"}").body())
                        .contains("past");
                assertThat(call(s, ADMIN, "POST", "/api/campaigns", "{\"content\": 999999"
                        + ", \"audience\": {\"residents\": \"all\"}}").statusCode()).isEqualTo(404);
                assertThat(call(s, ADMIN, "POST", "/api/campaigns", "{\"content\": " + item
                        + ", \"audience\": {\"residents\": \"all\"}, \"repeat\": {\"days\": [\"XYZ\"], \"time\": \"08:00\"}}")
                        .body()).contains("repeat.days");
                assertThat(ok(call(s, ADMIN, "GET", "/api/campaigns", null), 200).get("items")).isEmpty();

                JsonNode created = ok(call(s, ADMIN, "POST", "/api/campaigns", "{\"content\": " + item
                        + ", \"audience\": {\"residents\": \"all\"}}"), 201);
                assertThat(created.get("targeted").asLong()).isEqualTo(3);
                long id = created.get("id").asLong();
                String path = "/api/campaigns/" + id;
                Await.until(() -> "campaign done: " + body(s, path), Duration.ofSeconds(30),
                        () -> {
                            clock.advance(Duration.ofSeconds(2)); // the settle job runs every 3 s of the clock
                            return "done".equals(ok(call(s, ADMIN, "GET", path, null), 200).get("status").asText());
                        });
                JsonNode c = ok(call(s, ADMIN, "GET", path, null), 200);
                assertThat(c.get("targeted").asLong()).isEqualTo(3);
                assertThat(c.get("sent").asLong()).isEqualTo(2);
                // the resident outside the window waits for the next digest (the campaign is done without them)
                assertThat(c.get("waiting").asLong()).isEqualTo(1);
                assertThat(c.get("dropped").asLong()).isZero();
                assertThat(c.get("failed").asLong()).isZero();

                // WeChat: one news card, to the resident inside the window, linking to their read page
                assertThat(api.customSends).hasSize(1);
                assertThat(api.customSends.get(0)).contains("oResident42").contains("\"msgtype\":\"news\"")
                        .contains("学习二十大报告").contains("/read/" + item + "?t=");
                // the chat page: text with the read link
                List<String> pushes = alice.pushes(1);
                assertThat(pushes).anyMatch(p -> p.contains("【党建学习】学习二十大报告") && p.contains("已学"));
                Matcher m = READ_LINK.matcher(String.join("\n", pushes));
                assertThat(m.find()).isTrue();
                URI link = URI.create(m.group());
                HttpResponse<String> page = s.get(link.getRawPath() + "?" + link.getRawQuery());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("学习二十大报告").contains("<strong>基层治理</strong>")
                        .contains("name=\"t\"");
                assertThat(s.get(link.getRawPath() + "?t=forged-token-123").statusCode()).isEqualTo(404);
                assertThat(ok(call(s, ADMIN, "GET", path, null), 200).get("read").asLong()).isEqualTo(1);

                assertThat(alice.say("已学")).contains("已记录").contains("学习二十大报告");
                assertThat(alice.say("已学")).contains("没有待学习");
                assertThat(alice.say("通知")).contains("学习二十大报告").contains("/read/" + item);
                JsonNode after = ok(call(s, ADMIN, "GET", path, null), 200);
                assertThat(after.get("studied").asLong()).isEqualTo(1);

                JsonNode byChannel = ok(call(s, ADMIN, "GET", path + "/report?by=channel", null), 200);
                assertThat(byChannel.get("groups").findValuesAsText("group")).containsExactly("generic", "wechat");
                HttpResponse<String> csv = call(s, ADMIN, "GET", path + "/deliveries.csv", null);
                assertThat(csv.statusCode()).isEqualTo(200);
                assertThat(csv.body().lines().count()).isEqualTo(4);
                assertThat(csv.body()).contains("waiting").contains("web-alice");

                // two days later the resident outside the window writes: one customer-service message lists the
                // notice with their read link, and the campaign's counts move from waiting to sent
                clock.advance(Duration.ofDays(2));
                wechat(s, "oOldResident", "你好");
                Await.until(() -> "digest sent: " + api.customSends, Duration.ofSeconds(30),
                        () -> api.customSends.size() == 2);
                String digest = api.customSends.get(1);
                assertThat(digest).contains("oOldResident").contains("\"msgtype\":\"text\"")
                        .contains("您有 1 条未读通知").contains("1. 【党建学习】学习二十大报告")
                        .contains("/read/" + item + "?t=");
                Await.until(() -> "counts: " + body(s, path), Duration.ofSeconds(30),
                        () -> ok(call(s, ADMIN, "GET", path, null), 200).get("sent").asLong() == 3);
                JsonNode finalCounts = ok(call(s, ADMIN, "GET", path, null), 200);
                assertThat(finalCounts.get("waiting").asLong()).isZero();
                // writing again sends nothing more: each waiting notice goes out once
                wechat(s, "oOldResident", "你好");
                clock.advance(Duration.ofSeconds(5));
                assertThat(api.customSends).hasSize(2);
            } finally {
                s.close();
            }
        }
    }
}
