package io.shaozi.core.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.Await;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A resident on the /chat/ page: sends messages, reads replies and pushed messages. */
final class ChatClient {
    private static final AtomicLong IDS = new AtomicLong();
    private final String user;
    private TestServer server;
    private long last = -1;

    ChatClient(TestServer server, String user) {
        this.server = server;
        this.user = user;
    }

    void reconnect(TestServer s) {
        this.server = s;
    }

    /** Sends {@code text} with a fresh message id; returns the replies joined by newlines. */
    String say(String text) throws Exception {
        return sayWithId(text, "m" + IDS.incrementAndGet());
    }

    String sayWithId(String text, String msgId) throws Exception {
        HttpResponse<String> r = server.post("/chat/api/messages", Json.text(Map.of("user", user, "text", text,
                "msgId", msgId)));
        if (r.statusCode() != 200) {
            throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode n : Json.MAPPER.readTree(r.body()).get("replies")) {
            texts.add(n.path("text").asText());
        }
        return String.join("\n", texts);
    }

    /** Messages pushed since the last call (waits for at least {@code atLeast}, failing at the deadline). */
    List<String> pushes(int atLeast) throws Exception {
        if (last < 0) {
            last = Json.MAPPER.readTree(server.get("/chat/api/messages?user=" + user).body()).get("last").asLong();
        }
        List<String> out = new ArrayList<>();
        Await.until(() -> atLeast + " pushes, got " + out, Await.DEADLINE, () -> {
            JsonNode j = Json.MAPPER.readTree(server.get("/chat/api/messages?user=" + user + "&after=" + last).body());
            for (JsonNode n : j.get("messages")) {
                out.add(n.path("text").asText());
            }
            last = j.get("last").asLong();
            return out.size() >= atLeast;
        });
        return out;
    }

    /** Starts reading pushes from now on. */
    void markPushes() throws Exception {
        last = Json.MAPPER.readTree(server.get("/chat/api/messages?user=" + user).body()).get("last").asLong();
    }
}
