package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.dialog.ChatClient;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.Await;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat page's conversations expire: the scheduler's daily {@code chat-history-expiry} job (fake clock) forgets
 * what is older than {@code channels.chat.historyDays}, while a session that came back keeps its newer lines.
 */
class ChatHistoryExpiryEndToEndTest {
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-10-01T02:00:00Z");

    private static List<String> said(TestServer s, String cookie) throws Exception {
        HttpResponse<String> h = s.getWithHeaders("/chat/api/history", Map.of("Cookie", cookie));
        assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode i : Json.MAPPER.readTree(h.body()).get("items")) {
            if (i.path("kind").asText().equals("me")) {
                out.add(i.path("message").path("text").asText());
            }
        }
        return out;
    }

    private static void say(TestServer s, String cookie, String text, String msgId) throws Exception {
        HttpResponse<String> r = s.post("/chat/api/messages", Json.text(Map.of("text", text, "msgId", msgId)),
                Map.of("Content-Type", "application/json", "Cookie", cookie));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** Renews the session (as a page load does) and gives the cookie to send. */
    private static String session(TestServer s, Optional<String> cookie) throws Exception {
        HttpResponse<String> r = cookie.isPresent()
                ? s.getWithHeaders("/chat/api/session", Map.of("Cookie", cookie.get())) : s.get("/chat/api/session");
        assertThat(r.statusCode()).isEqualTo(200);
        return io.shaozi.core.channel.ChatSessions.COOKIE + "=" + ChatClient.cookieValue(r);
    }

    @Test
    void dailyJob_forgetsLinesOlderThanHistoryDays_andKeepsTheNewerOnes() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"), Optional.empty(), Map.of(
                "channels.chat.sessionDays", "30", "channels.chat.historyDays", "30", "schedule.pollSeconds", "1"),
                clock, b -> b)) {
            String cookie = session(s, Optional.empty());
            say(s, cookie, "你好", "exp-1");
            String gone = session(s, Optional.empty());
            say(s, gone, "谢谢", "exp-2");
            assertThat(said(s, cookie)).containsExactly("你好");

            clock.advance(Duration.ofDays(20));
            cookie = session(s, Optional.of(cookie)); // the resident comes back: the session is renewed
            say(s, cookie, "再见", "exp-3");
            assertThat(said(s, cookie)).containsExactly("你好", "再见");

            clock.advance(Duration.ofDays(15)); // 35 days after the first line, 15 after the second
            String c = cookie;
            Await.until("the first line forgotten", Await.DEADLINE, () -> said(s, c).size() == 1);
            assertThat(said(s, c)).containsExactly("再见");
            HttpResponse<String> h = s.getWithHeaders("/chat/api/history", Map.of("Cookie", c));
            assertThat(Json.MAPPER.readTree(h.body()).get("items").get(0).path("at").asText())
                    .startsWith("2026-10-21");
        }
    }

    @Test
    void historyDays_shorterThanASession_isAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> TestServer.start(dir.resolve("bad"), Optional.empty(), Map.of(
                "channels.chat.sessionDays", "30", "channels.chat.historyDays", "7"), clock, b -> b))
                .hasMessageContaining("channels.chat.historyDays")
                .hasMessageContaining("at least sessionDays (30)");
    }
}
