package io.shaozi.adapters.tencent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake WeChat MP / WeCom API on loopback, reproducing the awkward behaviours of docs/platform-notes.md section 2.6–2.7, section 3.6:
 * HTTP 200 with non-zero errcode, MP classic token invalidation on refresh, stable_token force_refresh,
 * daily quotas (45009), scripted errors and WeCom partial failures.
 */
public final class FakeCgiBin implements AutoCloseable {
    /** One business call as received. */
    public record Call(String api, String token, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final String appId;
    private final String secret;
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private volatile String current;
    private final AtomicInteger tokenSeq = new AtomicInteger();
    public final AtomicInteger tokenCalls = new AtomicInteger();
    public final AtomicInteger forcedTokenCalls = new AtomicInteger();
    public final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Deque<String>> scripted = new ConcurrentHashMap<>();
    private final Map<String, Integer> quota = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private volatile String tokenError;
    private volatile int tokenDelayMillis;
    private volatile int httpStatus = 200;
    private final AtomicInteger msgSeq = new AtomicInteger(1000);

    /** @param appId AppID (MP) or CorpID (WeCom); @param secret AppSecret or app secret */
    public FakeCgiBin(String appId, String secret) throws IOException {
        this.appId = appId;
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    /** A stored temporary media file. */
    public record StoredMedia(String contentType, byte[] content) {
    }

    /** Files served by {@code GET /cgi-bin/media/get}, by media_id; any other id answers 40007. */
    public final Map<String, StoredMedia> media = new ConcurrentHashMap<>();

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Invalidates every issued token (another instance refreshed / platform revoked it). */
    public void revokeTokens() {
        validTokens.clear();
        current = null;
    }

    /** The next responses of {@code api} (path after /cgi-bin/), as raw JSON, before the default. */
    public void script(String api, String... responses) {
        Deque<String> q = scripted.computeIfAbsent(api, k -> new ConcurrentLinkedDeque<>());
        Collections.addAll(q, responses);
    }

    /** After {@code n} successful calls, {@code api} answers 45009. */
    public void quota(String api, int n) {
        quota.put(api, n);
    }

    /** Token endpoints answer this JSON error instead of a token. */
    public void tokenError(String json) {
        this.tokenError = json;
    }

    public void tokenDelay(int millis) {
        this.tokenDelayMillis = millis;
    }

    /** Business APIs answer with this HTTP status (and an HTML body) instead of 200. */
    public void httpStatus(int status) {
        this.httpStatus = status;
    }

    public int callsTo(String api) {
        synchronized (calls) {
            return (int) calls.stream().filter(c -> c.api().equals(api)).count();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            byte[] in = ex.getRequestBody().readAllBytes();
            if (!path.startsWith("/cgi-bin/")) {
                reply(ex, 404, "not found");
                return;
            }
            String api = path.substring("/cgi-bin/".length());
            switch (api) {
                case "token": // MP classic: every call issues a new token and invalidates the previous one
                    reply(ex, 200, issue(q.get("appid"), q.get("secret"), true));
                    return;
                case "stable_token": {
                    JsonNode b = JSON.readTree(in);
                    boolean force = b.path("force_refresh").asBoolean(false);
                    if (force) {
                        forcedTokenCalls.incrementAndGet();
                    }
                    reply(ex, 200, issue(b.path("appid").asText(), b.path("secret").asText(), force || current == null));
                    return;
                }
                case "gettoken": // WeCom: the same token while valid
                    reply(ex, 200, issue(q.get("corpid"), q.get("corpsecret"), current == null));
                    return;
                default:
                    break;
            }
            String token = q.getOrDefault("access_token", "");
            JsonNode body = in.length == 0 ? JSON.createObjectNode() : JSON.readTree(in);
            calls.add(new Call(api, token, body));
            if (httpStatus != 200) {
                reply(ex, httpStatus, "<html>bad gateway</html>");
                return;
            }
            if (!validTokens.contains(token)) {
                reply(ex, 200, "{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid or not latest\"}");
                return;
            }
            Deque<String> s = scripted.get(api);
            String next = s == null ? null : s.pollFirst();
            if (next != null) {
                reply(ex, 200, next);
                return;
            }
            if (api.equals("media/get")) {
                StoredMedia m = media.get(q.getOrDefault("media_id", ""));
                if (m == null) {
                    reply(ex, 200, "{\"errcode\":40007,\"errmsg\":\"invalid media_id\"}");
                    return;
                }
                ex.getResponseHeaders().set("Content-Type", m.contentType());
                ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + q.get("media_id") + ".jpg\"");
                ex.sendResponseHeaders(200, m.content().length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(m.content());
                } catch (IOException closedEarly) {
                    // the client stopped reading at its size cap
                }
                return;
            }
            Integer limit = quota.get(api);
            AtomicInteger n = served.computeIfAbsent(api, k -> new AtomicInteger());
            if (limit != null && n.get() >= limit) {
                reply(ex, 200, "{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}");
                return;
            }
            n.incrementAndGet();
            reply(ex, 200, "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":" + msgSeq.incrementAndGet() + "}");
        } catch (RuntimeException e) {
            reply(ex, 500, "error");
        }
    }

    private synchronized String issue(String id, String sec, boolean fresh) {
        tokenCalls.incrementAndGet();
        if (tokenDelayMillis > 0) {
            try {
                Thread.sleep(tokenDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (tokenError != null) {
            return tokenError;
        }
        if (!appId.equals(id) || !secret.equals(sec)) {
            return "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}";
        }
        if (fresh || current == null) {
            validTokens.clear();
            current = "TOKEN-" + tokenSeq.incrementAndGet() + "-" + "x".repeat(20);
            validTokens.add(current);
        }
        return "{\"access_token\":\"" + current + "\",\"expires_in\":7200}";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) {
            return m;
        }
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) {
                m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
