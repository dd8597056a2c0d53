package io.shaozi.core.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake WeChat API on loopback: issues tokens and records customer-service and template sends. */
public final class FakeWeChatApi implements AutoCloseable {
    private final HttpServer server;
    public final List<String> customSends = new CopyOnWriteArrayList<>();
    public final AtomicInteger tokenCalls = new AtomicInteger();
    /** Files served by {@code /cgi-bin/media/get} by media_id (content type, bytes); other ids answer 40007. */
    public final java.util.Map<String, java.util.Map.Entry<String, byte[]>> media =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Error bodies {@code /cgi-bin/media/get} answers first, one per call. */
    public final java.util.Deque<String> mediaErrors = new java.util.concurrent.ConcurrentLinkedDeque<>();
    public final AtomicInteger mediaCalls = new AtomicInteger();

    /** The OpenID list of every accepted 服务号 mass send. */
    public final List<List<String>> massSends = new CopyOnWriteArrayList<>();
    /** Mass sends delivered per OpenID (not filtered by the 4-a-month rule). */
    public final java.util.Map<String, Integer> massDelivered = new java.util.concurrent.ConcurrentHashMap<>();
    /** Users WeChat filtered out of a mass send (over 4 a month), and mass sends answered 45011 (too frequent). */
    public final AtomicInteger massFiltered = new AtomicInteger();
    public final AtomicInteger massRefused = new AtomicInteger();
    /** Mass send calls allowed in any minute (WeChat: 60), counted on {@link #clock}. */
    public volatile int massPerMinute = 60;
    public volatile java.time.Clock clock = java.time.Clock.systemUTC();
    /** Who logs in at the web login page (an OpenID), and the codes given out. */
    public volatile String loginAs = "";
    private final java.util.Map<String, String> oauthCodes = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Deque<java.time.Instant> massCalls = new java.util.ArrayDeque<>();

    public FakeWeChatApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cgi-bin/message/mass/send", this::massSend);
        server.createContext("/connect/oauth2/authorize", ex -> {
            String q = ex.getRequestURI().getRawQuery();
            String to = java.net.URLDecoder.decode(q.replaceAll(".*redirect_uri=([^&]*).*", "$1"),
                    StandardCharsets.UTF_8);
            String code = "wcode-" + oauthCodes.size();
            oauthCodes.put(code, loginAs);
            ex.getResponseHeaders().set("Location", to + (to.contains("?") ? "&" : "?") + "code=" + code
                    + "&state=read");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/sns/oauth2/access_token", ex -> {
            String q = ex.getRequestURI().getRawQuery();
            String user = oauthCodes.remove(q.replaceAll(".*[?&]?code=([^&]*).*", "$1"));
            reply(ex, user == null || !q.contains("grant_type=authorization_code") || !q.contains("secret=")
                    ? "{\"errcode\":40029,\"errmsg\":\"invalid code\"}"
                    : "{\"access_token\":\"w-" + user + "\",\"expires_in\":7200,\"openid\":\"" + user
                    + "\",\"scope\":\"snsapi_base\"}");
        });
        server.createContext("/cgi-bin/stable_token", ex -> {
            ex.getRequestBody().readAllBytes();
            tokenCalls.incrementAndGet();
            reply(ex, "{\"access_token\":\"TOKEN-1\",\"expires_in\":7200}");
        });
        server.createContext("/cgi-bin/gettoken", ex -> { // WeCom
            tokenCalls.incrementAndGet();
            reply(ex, "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"TOKEN-1\",\"expires_in\":7200}");
        });
        server.createContext("/cgi-bin/token", ex -> {
            tokenCalls.incrementAndGet();
            reply(ex, "{\"access_token\":\"TOKEN-1\",\"expires_in\":7200}");
        });
        server.createContext("/cgi-bin/message/custom/send", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!ex.getRequestURI().getQuery().contains("access_token=TOKEN-1")) {
                reply(ex, "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}");
                return;
            }
            customSends.add(body);
            reply(ex, "{\"errcode\":0,\"errmsg\":\"ok\"}");
        });
        server.createContext("/cgi-bin/media/get", ex -> {
            mediaCalls.incrementAndGet();
            String q = ex.getRequestURI().getQuery();
            String error = mediaErrors.pollFirst();
            if (error != null) {
                reply(ex, error);
                return;
            }
            java.util.Map.Entry<String, byte[]> m = media.get(q.replaceAll(".*media_id=([^&]*).*", "$1"));
            if (m == null || !q.contains("access_token=TOKEN-1")) {
                reply(ex, m == null ? "{\"errcode\":40007,\"errmsg\":\"invalid media_id\"}"
                        : "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}");
                return;
            }
            ex.getResponseHeaders().set("Content-Type", m.getKey());
            ex.sendResponseHeaders(200, m.getValue().length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(m.getValue());
            }
        });
        server.start();
    }

    /**
     * {@code message/mass/send} by OpenID list: 2 to 10,000 OpenIDs (else 40130), at most {@link #massPerMinute} calls
     * in any minute (beyond: 45011 "API调用太频繁", nothing sent); a user's fifth mass send of a calendar month is
     * filtered out.
     */
    private synchronized void massSend(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ex.getRequestBody().readAllBytes());
        if (!ex.getRequestURI().getQuery().contains("access_token=TOKEN-1")) {
            reply(ex, "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}");
            return;
        }
        java.time.Instant now = clock.instant();
        while (!massCalls.isEmpty() && !massCalls.peekFirst().isAfter(now.minusSeconds(60))) {
            massCalls.pollFirst();
        }
        if (massCalls.size() >= massPerMinute) {
            massRefused.incrementAndGet();
            reply(ex, "{\"errcode\":45011,\"errmsg\":\"api minute-quota reach limit\"}");
            return;
        }
        List<String> to = new java.util.ArrayList<>();
        body.path("touser").forEach(n -> to.add(n.asText()));
        java.util.Set<String> users = new java.util.LinkedHashSet<>(to);
        if (to.size() < 2 || to.size() > 10_000) {
            reply(ex, "{\"errcode\":40130,\"errmsg\":\"invalid openid list size\"}");
            return;
        }
        massCalls.addLast(now);
        massSends.add(List.copyOf(users));
        for (String u : users) {
            if (massDelivered.getOrDefault(u, 0) >= 4) {
                massFiltered.incrementAndGet();
            } else {
                massDelivered.merge(u, 1, Integer::sum);
            }
        }
        reply(ex, "{\"errcode\":0,\"errmsg\":\"send job submission success\",\"msg_id\":" + (1000 + massSends.size())
                + ",\"msg_data_id\":" + (2000 + massSends.size()) + "}");
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
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
