package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.dialog.ChatClient;
import io.shaozi.core.http.Json;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.store.OutboxJdbc;
import io.shaozi.core.store.Tx;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /chat/ page's API over real sockets: server-issued sessions, ignored user fields, limits, the off switch. */
class ChatEndpointTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static final MutableClock CLOCK = MutableClock.at("2026-12-01T02:00:00Z");

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"), Optional.empty(), Map.of(
                "server.publicUrl", "https://shaozi.example.org",
                "channels.chat.messagesPerMinute", "6"), CLOCK, b -> b);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A browser: only the cookie the server set. */
    private record Browser(String cookie, String user) {
        HttpResponse<String> say(String text, String msgId, Optional<String> claimedUser) throws Exception {
            Map<String, String> body = claimedUser.isPresent()
                    ? Map.of("user", claimedUser.get(), "text", text, "msgId", msgId)
                    : Map.of("text", text, "msgId", msgId);
            return server.post("/chat/api/messages", Json.text(body),
                    Map.of("Content-Type", "application/json", "Cookie", cookie));
        }

        HttpResponse<String> poll(String query) throws Exception {
            return server.getWithHeaders("/chat/api/messages" + query, Map.of("Cookie", cookie));
        }
    }

    private static Browser browser() throws Exception {
        return browser(server);
    }

    private static Browser browser(TestServer s) throws Exception {
        HttpResponse<String> r = s.get("/chat/api/session");
        assertThat(r.statusCode()).isEqualTo(200);
        return new Browser(ChatSessions.COOKIE + "=" + ChatClient.cookieValue(r),
                Json.MAPPER.readTree(r.body()).get("user").asText());
    }

    private static String replies(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        StringBuilder sb = new StringBuilder();
        Json.MAPPER.readTree(r.body()).get("replies").forEach(n -> sb.append(n.path("text").asText()).append('\n'));
        return sb.toString();
    }

    @Test
    void session_isAnHttpOnlyStrictSecureCookieScopedToTheChatPage_andRenewalKeepsTheUser() throws Exception {
        HttpResponse<String> r = server.get("/chat/api/session");
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(set).startsWith(ChatSessions.COOKIE + "=").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/chat/").contains("; Max-Age=" + Duration.ofDays(30).toSeconds())
                .as("publicUrl is https").contains("; Secure");
        String user = Json.MAPPER.readTree(r.body()).get("user").asText();
        assertThat(user).matches("web-[A-Za-z0-9_-]{22}");
        HttpResponse<String> again = server.getWithHeaders("/chat/api/session",
                Map.of("Cookie", ChatSessions.COOKIE + "=" + ChatClient.cookieValue(r)));
        assertThat(Json.MAPPER.readTree(again.body()).get("user").asText()).isEqualTo(user);
        assertThat(Json.MAPPER.readTree(server.get("/chat/api/session").body()).get("user").asText())
                .as("each new browser is someone else").isNotEqualTo(user);
    }

    @Test
    void userField_isIgnored_soNoSessionCanListWithdrawOrReadAnothersTickets() throws Exception {
        ChatClient alice = new ChatClient(server, "web-alice");
        alice.say("幸福小区3号楼2单元楼道灯坏了好几天了");
        Matcher m = Pattern.compile("工单号 (\\d{10,})").matcher(alice.say("跳过"));
        assertThat(m.find()).isTrue();
        String number = m.group(1);
        assertThat(alice.say("我的工单")).contains(number);

        Browser mallory = browser();
        assertThat(replies(mallory.say("我的工单", "x1", Optional.of(alice.user())))).doesNotContain(number);
        replies(mallory.say("撤销 " + number, "x2", Optional.of(alice.user())));
        assertThat(alice.say("查询 " + number)).doesNotContain("撤销").doesNotContain("已撤");
        assertThat(alice.say("我的工单")).contains(number);

        var db = server.app.database().orElseThrow();
        new Tx(db.dataSource()).inTx(c -> OutboxJdbc.enqueue(c, new OutboxMessage(Channel.GENERIC, "chat",
                alice.user(), new Outbound.Text("您的工单已办结"), Optional.empty()), Instant.now()));
        HttpResponse<String> peek = mallory.poll("?user=" + alice.user() + "&after=0");
        assertThat(peek.statusCode()).isEqualTo(200);
        assertThat(peek.body()).doesNotContain("已办结");
    }

    @Test
    void tamperedForgedOrMissingCookies_are401WithAFreshSessionThatWorks() throws Exception {
        Browser b = browser();
        String value = b.cookie().substring(ChatSessions.COOKIE.length() + 1);
        String[] parts = value.split("\\.");
        String tampered = ChatSessions.COOKIE + "=alice." + parts[1] + "." + parts[2];
        String forged = ChatSessions.COOKIE + "=" + ChatSessions.sign(
                "another-key-another-key-another-key".getBytes(StandardCharsets.UTF_8), "alice", CLOCK.instant());
        for (String cookie : new String[] {tampered, forged, "", ChatSessions.COOKIE + "=garbage"}) {
            HttpResponse<String> r = server.post("/chat/api/messages", "{\"text\":\"我的工单\",\"msgId\":\"t1\"}",
                    Map.of("Content-Type", "application/json", "Cookie", cookie));
            assertThat(r.statusCode()).as(cookie).isEqualTo(401);
            assertThat(r.body()).contains("会话");
            Browser fresh = new Browser(ChatSessions.COOKIE + "=" + ChatClient.cookieValue(r), "?");
            assertThat(fresh.say("帮助", "t1-" + cookie.hashCode(), Optional.empty()).statusCode()).isEqualTo(200);
            assertThat(server.getWithHeaders("/chat/api/messages", Map.of("Cookie", cookie)).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void expiredSession_is401_andTheSessionEndpointStartsANewUser() throws Exception {
        Browser b = browser();
        assertThat(b.poll("").statusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofDays(31));
        try {
            assertThat(b.poll("").statusCode()).isEqualTo(401);
            assertThat(b.say("你好", "e1", Optional.empty()).statusCode()).isEqualTo(401);
            HttpResponse<String> renewed = server.getWithHeaders("/chat/api/session", Map.of("Cookie", b.cookie()));
            assertThat(Json.MAPPER.readTree(renewed.body()).get("user").asText()).isNotEqualTo(b.user());
        } finally {
            CLOCK.advance(Duration.ofDays(-31));
        }
    }

    @Test
    void tooManyMessagesFromOneSession_are429WithRetryAfter_whileOthersGoOn() throws Exception {
        Browser b = browser();
        for (int i = 0; i < 6; i++) {
            assertThat(b.say("帮助", "r" + i, Optional.empty()).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> over = b.say("帮助", "r6", Optional.empty());
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(over.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);
        assertThat(over.body()).contains("秒后再试");
        assertThat(browser().say("帮助", "r7", Optional.empty()).statusCode()).isEqualTo(200);
    }

    @Test
    void disabledChatPage_answers404ForThePageAndTheApi() throws Exception {
        try (TestServer off = TestServer.start(dir.resolve("off"), Map.of("channels.chat.enabled", "false"),
                java.time.Clock.systemUTC())) {
            assertThat(off.get("/chat/").statusCode()).isEqualTo(404);
            assertThat(off.get("/chat/chat.js").statusCode()).isEqualTo(404);
            assertThat(off.get("/chat/api/session").statusCode()).isEqualTo(404);
            assertThat(off.get("/chat/api/messages").statusCode()).isEqualTo(404);
            assertThat(off.post("/chat/api/messages", "{\"text\":\"你好\",\"msgId\":\"d1\"}").statusCode())
                    .isEqualTo(404);
            assertThat(off.get("/console/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void generatedKey_isKeptInTheDataDirectory_soSessionsSurviveARestart() throws Exception {
        Path data = dir.resolve("restart");
        Browser b;
        try (TestServer first = TestServer.start(data, Map.of(), java.time.Clock.systemUTC())) {
            b = browser(first);
        }
        assertThat(Files.readString(data.resolve(ChatSessions.KEY_FILE)).strip()).matches("[0-9a-f]{64}");
        try (TestServer second = TestServer.start(data, Map.of(), java.time.Clock.systemUTC())) {
            HttpResponse<String> r = second.getWithHeaders("/chat/api/session", Map.of("Cookie", b.cookie()));
            assertThat(Json.MAPPER.readTree(r.body()).get("user").asText()).isEqualTo(b.user());
            assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).as("plain http").doesNotContain("Secure");
        }
    }

    private static HttpResponse<String> upload(Browser b, byte[] bytes) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                server.uri("/chat/api/photos")).header("Content-Type", "image/jpeg").header("Cookie", b.cookie())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void history_keepsEachSessionsConversation_andNotAnothers() throws Exception {
        Browser a = browser();
        Browser other = browser();
        replies(a.say("你好", "hist-1", Optional.empty()));
        HttpResponse<String> h = server.getWithHeaders("/chat/api/history", Map.of("Cookie", a.cookie()));
        assertThat(h.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode items = Json.MAPPER.readTree(h.body()).get("items");
        assertThat(items).hasSizeGreaterThanOrEqualTo(2);
        assertThat(items.get(0).path("kind").asText()).isEqualTo("me");
        assertThat(items.get(0).path("message").path("text").asText()).isEqualTo("你好");
        assertThat(items.get(1).path("kind").asText()).isEqualTo("bot");
        assertThat(items.get(1).path("message").path("text").asText()).contains("您好");
        // the same msgId again is a repeat: not kept twice
        a.say("你好", "hist-1", Optional.empty());
        assertThat(Json.MAPPER.readTree(server.getWithHeaders("/chat/api/history", Map.of("Cookie", a.cookie()))
                .body()).get("items")).hasSize(items.size());
        assertThat(Json.MAPPER.readTree(server.getWithHeaders("/chat/api/history", Map.of("Cookie", other.cookie()))
                .body()).get("items")).isEmpty();
        assertThat(server.get("/chat/api/history").statusCode()).isEqualTo(401);
    }

    @Test
    void photos_areSniffed_keptForTheSession_andSentAsAMessage() throws Exception {
        Browser a = browser();
        byte[] png = java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        HttpResponse<String> exe = upload(a, new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0});
        assertThat(exe.statusCode()).isEqualTo(400);
        assertThat(exe.body()).contains("photo");
        HttpResponse<String> ok = upload(a, png);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        long id = Json.MAPPER.readTree(ok.body()).get("id").asLong();
        // another session cannot send it
        HttpResponse<String> stolen = server.post("/chat/api/messages", "{\"photo\":" + id + ",\"msgId\":\"p-2\"}",
                Map.of("Content-Type", "application/json", "Cookie", browser().cookie()));
        assertThat(stolen.statusCode()).isEqualTo(400);
        HttpResponse<String> sent = server.post("/chat/api/messages", "{\"photo\":" + id + ",\"msgId\":\"p-1\"}",
                Map.of("Content-Type", "application/json", "Cookie", a.cookie()));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        String history = server.getWithHeaders("/chat/api/history", Map.of("Cookie", a.cookie())).body();
        assertThat(history).contains("\"type\":\"photo\"");
    }

    @Test
    void places_listTheOrgsPlacesByCommunity() throws Exception {
        Browser a = browser();
        HttpResponse<String> r = server.getWithHeaders("/chat/api/places", Map.of("Cookie", a.cookie()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).get("communities")).isNotEmpty();
        assertThat(r.body()).contains("多福巷社区", "东厂胡同");
    }
}
