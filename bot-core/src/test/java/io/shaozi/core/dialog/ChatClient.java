package io.shaozi.core.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.channel.ChatSessions;
import io.shaozi.core.http.Json;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A resident (or, with dialog.chatPageStaff, a cadre) on the /chat/ page. It holds the session cookie like a
 * browser. To be a known chat user ({@code web-<name>}, e.g. one org.yaml maps to a cadre), it signs a session for
 * that id with the server's key — which only the server's operator has — at the issue time of a cookie the server
 * itself handed out (so a fake server clock is respected).
 */
public final class ChatClient {
    private static final AtomicLong IDS = new AtomicLong();
    private final String id;
    private TestServer server;
    private String cookie;
    private long last = -1;

    /** @param user {@code web-<id>} or {@code <id>}: the chat user is always {@code web-<id>} */
    public ChatClient(TestServer server, String user) {
        this.server = server;
        this.id = user.startsWith("web-") ? user.substring(4) : user;
    }

    public void reconnect(TestServer s) {
        this.server = s;
    }

    /** The chat user id this client acts as. */
    public String user() {
        return "web-" + id;
    }

    /** Starts a session with the server and re-signs it for this client's id at the server-given issue time. */
    private void login() throws Exception {
        HttpResponse<String> r = server.get("/chat/api/session");
        if (r.statusCode() != 200) {
            throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
        }
        String issued = cookieValue(r).split("\\.")[1];
        byte[] key = ChatSessions.key(server.config.channels().chat().sessionKey(),
                server.config.storage().dataDir());
        cookie = ChatSessions.COOKIE + "=" + ChatSessions.sign(key, id, Instant.ofEpochSecond(Long.parseLong(issued)));
    }

    /** The value of the session cookie a response sets. */
    public static String cookieValue(HttpResponse<?> r) {
        String set = r.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no Set-Cookie"));
        String first = set.split(";")[0];
        if (!first.startsWith(ChatSessions.COOKIE + "=")) {
            throw new AssertionError("unexpected cookie " + set);
        }
        return first.substring(ChatSessions.COOKIE.length() + 1);
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        for (int attempt = 0; ; attempt++) {
            if (cookie == null) {
                login();
            }
            HttpResponse<String> r = body == null ? server.getWithHeaders(path, Map.of("Cookie", cookie))
                    : server.post(path, body, Map.of("Content-Type", "application/json", "Cookie", cookie));
            if (r.statusCode() == 401 && attempt == 0) {
                cookie = null; // expired under a moved clock: sign again
                continue;
            }
            return r;
        }
    }

    /** Sends {@code text} with a fresh message id; returns the replies joined by newlines. */
    public String say(String text) throws Exception {
        return sayWithId(text, "m" + IDS.incrementAndGet());
    }

    public String sayWithId(String text, String msgId) throws Exception {
        HttpResponse<String> r = send("/chat/api/messages", Json.text(Map.of("text", text, "msgId", msgId)));
        if (r.statusCode() != 200) {
            throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode n : Json.MAPPER.readTree(r.body()).get("replies")) {
            texts.add(n.path("text").asText());
        }
        return String.join("\n", texts);
    }

    /** Messages pushed since the last call (waits up to 10 s for at least {@code atLeast}). */
    public List<String> pushes(int atLeast) throws Exception {
        if (last < 0) {
            markPushes();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> r = send("/chat/api/messages?after=" + last, null);
            if (r.statusCode() == 429) { // the page's poll limit: wait as a browser would
                Thread.sleep(100);
                continue;
            }
            JsonNode j = Json.MAPPER.readTree(r.body());
            for (JsonNode n : j.get("messages")) {
                out.add(n.path("text").asText());
            }
            last = j.get("last").asLong();
            if (out.size() >= atLeast) {
                break;
            }
            Thread.sleep(100);
        }
        return out;
    }

    /** Starts reading pushes from now on. */
    public void markPushes() throws Exception {
        last = Json.MAPPER.readTree(send("/chat/api/messages", null).body()).get("last").asLong();
    }
}
