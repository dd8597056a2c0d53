package io.shaozi.core.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The server the browser tests drive: the shipped sample config (config/), port 0, its own data directory. */
final class BrowserServer {
    static final String ADMIN = "browser-admin-token";
    static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
    /** Where the tests leave their screenshots (the README's come from here: docs/screenshots). */
    static final Path SHOTS = Path.of("target", "screenshots");

    private BrowserServer() {
    }

    static TestServer start(Path data) throws Exception {
        return start(data, Clock.systemUTC(), Map.of());
    }

    /** With a clock of the test's own (e.g. a fake one the test moves) and further key overrides. */
    static TestServer start(Path data, Clock clock, Map<String, String> more) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("admin.token", ADMIN);
        o.put("tickets.orgFile", CONFIG.resolve("org.yaml").toString());
        o.put("tickets.slaFile", CONFIG.resolve("sla.yaml").toString());
        o.put("tickets.calendarDir", CONFIG.resolve("calendar").toString());
        o.put("nlp.categories", CONFIG.resolve("categories.yaml").toString());
        o.put("content.sensitiveWordsFile", CONFIG.resolve("sensitive-words.txt").toString());
        o.putAll(more);
        return TestServer.start(data, Optional.of(CONFIG.resolve("shaozi.yaml")), o, clock,
                UnaryOperator.identity());
    }

    static String url(TestServer s, String path) {
        return s.uri(path).toString();
    }

    /** An admin API call as {@code token}; fails the test unless 2xx. */
    static JsonNode api(TestServer s, String token, String method, String path, String body) throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
        HttpResponse<String> r = "GET".equals(method) ? s.getWithHeaders(path, auth) : s.post(path, body, auth);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
        return Json.MAPPER.readTree(r.body());
    }

    static JsonNode act(TestServer s, String number, String json) throws Exception {
        return api(s, ADMIN, "POST", "/api/tickets/" + number + "/actions", json);
    }

    /**
     * Waits until every chat-page push is delivered (outbox rows of channel generic are DONE): a page opened before
     * that gets the push by polling, as a live message, not as one that arrived while it was closed.
     */
    static void awaitPagePushesDelivered(TestServer s) throws Exception {
        javax.sql.DataSource ds = s.app.database().orElseThrow().dataSource();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (true) {
            try (java.sql.Connection c = ds.getConnection();
                 java.sql.PreparedStatement ps = c.prepareStatement(
                         "SELECT COUNT(*) FROM outbox WHERE channel = 'generic' AND state <> 'DONE'");
                 java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("chat-page pushes still undelivered after 20 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
