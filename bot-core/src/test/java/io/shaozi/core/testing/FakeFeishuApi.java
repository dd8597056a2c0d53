package io.shaozi.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake Feishu Open API on loopback: tenant_access_token and {@code im/v1/messages}, recording each send. */
public final class FakeFeishuApi implements AutoCloseable {
    private final HttpServer server;
    /** Each accepted send as {@code <query> <body>}. */
    public final List<String> messages = new CopyOnWriteArrayList<>();

    /** Users batch_send knows (others come back in invalid_open_ids); empty: every id is valid. */
    public final java.util.Set<String> users = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The open_ids of every accepted batch_send, in order. */
    public final List<List<String>> batches = new CopyOnWriteArrayList<>();
    /** Messages delivered per open_id through batch_send. */
    public final java.util.Map<String, Integer> delivered = new java.util.concurrent.ConcurrentHashMap<>();
    /** batch_send calls answered 429. */
    public final java.util.concurrent.atomic.AtomicInteger refused429 = new java.util.concurrent.atomic.AtomicInteger();
    /** Who logs in at the authorize page (an open_id), and the codes given out. */
    public volatile String loginAs = "";
    private final java.util.Map<String, String> codes = new java.util.concurrent.ConcurrentHashMap<>();

    private static java.util.Map<String, String> query(HttpExchange ex) {
        java.util.Map<String, String> q = new java.util.LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    /** batch_send calls still to be delivered without an answer (the connection closes instead). */
    public volatile int dropAnswers;
    /** The last batch_send body. */
    public volatile String lastBatch = "";
    private final java.time.Clock clock;
    private final int perSecond;
    private final int perMinute;
    private final java.util.Deque<java.time.Instant> calls = new java.util.ArrayDeque<>();

    public FakeFeishuApi() throws IOException {
        this(java.time.Clock.systemUTC(), 50, 1000);
    }

    /**
     * With {@code batch_send} ({@code /open-apis/message/v4/batch_send/}) limited to {@code perSecond} and
     * {@code perMinute} calls on {@code clock} (Feishu documents 50/s and 1,000/min): beyond, HTTP 429 with
     * {@code x-ogw-ratelimit-reset}; more than 200 ids: code 10003.
     */
    public FakeFeishuApi(java.time.Clock clock, int perSecond, int perMinute) throws IOException {
        this.clock = clock;
        this.perSecond = perSecond;
        this.perMinute = perMinute;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/open-apis/message/v4/batch_send/", this::batchSend);
        server.createContext("/open-apis/authen/v1/authorize", ex -> {
            java.util.Map<String, String> q = query(ex);
            String code = "code-" + codes.size();
            codes.put(code, loginAs);
            String to = q.get("redirect_uri");
            ex.getResponseHeaders().set("Location", to + (to.contains("?") ? "&" : "?") + "code=" + code + "&state="
                    + java.net.URLEncoder.encode(q.getOrDefault("state", ""), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/open-apis/authen/v2/oauth/token", ex -> {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(ex.getRequestBody().readAllBytes());
            String user = codes.remove(n.path("code").asText()); // a code works once
            if (user == null || !"authorization_code".equals(n.path("grant_type").asText())
                    || n.path("client_secret").asText().isEmpty() || n.path("redirect_uri").asText().isEmpty()) {
                reply(ex, 400, "{\"code\":20003,\"error\":\"invalid_grant\"}");
                return;
            }
            reply(ex, 200, "{\"code\":0,\"access_token\":\"u-" + user + "\",\"expires_in\":7200,"
                    + "\"token_type\":\"Bearer\"}");
        });
        server.createContext("/open-apis/authen/v1/user_info", ex -> {
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            if (!auth.startsWith("Bearer u-")) {
                reply(ex, 401, "{\"code\":99991668,\"msg\":\"Invalid access token\"}");
                return;
            }
            reply(ex, 200, "{\"code\":0,\"msg\":\"success\",\"data\":{\"open_id\":\""
                    + auth.substring("Bearer u-".length()) + "\"}}");
        });
        server.createContext("/open-apis/auth/v3/tenant_access_token/internal", ex -> {
            ex.getRequestBody().readAllBytes();
            reply(ex, 200, "{\"code\":0,\"msg\":\"ok\",\"tenant_access_token\":\"t-1\",\"expire\":7200}");
        });
        server.createContext("/open-apis/im/v1/messages", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!"Bearer t-1".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 400, "{\"code\":99991663,\"msg\":\"Invalid access token\"}");
                return;
            }
            messages.add(ex.getRequestURI().getRawQuery() + " " + body);
            reply(ex, 200, "{\"code\":0,\"msg\":\"success\",\"data\":{\"message_id\":\"om_" + messages.size() + "\"}}");
        });
        server.start();
    }

    private synchronized void batchSend(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!"Bearer t-1".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 400, "{\"code\":99991663,\"msg\":\"Invalid access token\"}");
            return;
        }
        java.time.Instant now = clock.instant();
        while (!calls.isEmpty() && !calls.peekFirst().isAfter(now.minusSeconds(60))) {
            calls.pollFirst();
        }
        long lastSecond = calls.stream().filter(t -> t.isAfter(now.minusSeconds(1))).count();
        if (lastSecond >= perSecond || calls.size() >= perMinute) {
            refused429.incrementAndGet();
            ex.getResponseHeaders().set("x-ogw-ratelimit-reset", lastSecond >= perSecond ? "1" : "60");
            reply(ex, 429, "{\"code\":99991400,\"msg\":\"request trigger frequency limit\"}");
            return;
        }
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        List<String> ids = new java.util.ArrayList<>();
        n.path("open_ids").forEach(x -> ids.add(x.asText()));
        if (ids.size() > 200) {
            reply(ex, 400, "{\"code\":10003,\"msg\":\"Invalid parameter: too many open_ids\"}");
            return;
        }
        calls.addLast(now);
        batches.add(ids);
        lastBatch = body;
        if (dropAnswers > 0) {
            // delivered, but the answer is lost on the way back (the connection closes without a response)
            dropAnswers--;
            ids.forEach(id -> delivered.merge(id, 1, Integer::sum));
            ex.close();
            return;
        }
        List<String> invalid = new java.util.ArrayList<>();
        for (String id : ids) {
            if (users.isEmpty() || users.contains(id)) {
                delivered.merge(id, 1, Integer::sum);
            } else {
                invalid.add("\"" + id + "\"");
            }
        }
        reply(ex, 200, "{\"code\":0,\"msg\":\"success\",\"data\":{\"message_id\":\"bm-" + batches.size()
                + "\",\"invalid_department_ids\":[],\"invalid_open_ids\":[" + String.join(",", invalid)
                + "],\"invalid_user_ids\":[],\"invalid_union_ids\":[]}}");
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
