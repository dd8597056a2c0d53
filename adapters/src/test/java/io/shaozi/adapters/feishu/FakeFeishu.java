package io.shaozi.adapters.feishu;

import io.shaozi.adapters.common.JsonTree;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback Feishu Open API: tenant_access_token, im/v1/messages with token invalidation (99991663),
 * 429 + x-ogw-ratelimit-reset (99991400), invalid receive ids (HTTP 400 with code) and uuid idempotency.
 */
final class FakeFeishu implements AutoCloseable {
    static final String APP_ID = "cli_9f5343c580712544";
    static final String APP_SECRET = "feishu-secret";
    static final String HOOK_SECRET = "hook-secret";

    private final HttpServer server;
    final AtomicInteger tokenFetches = new AtomicInteger();
    final List<JsonNode> messages = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> hookMessages = Collections.synchronizedList(new ArrayList<>());
    final List<String> receiveIdTypes = Collections.synchronizedList(new ArrayList<>());
    /** Urgent notices received: method, path and query, and the body. */
    final List<String> urgentRequests = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> urgentBodies = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> validTokens = Collections.synchronizedSet(new HashSet<>());
    private final Map<String, String> byUuid = Collections.synchronizedMap(new HashMap<>());
    volatile int rateLimitNext;
    volatile String resetHeader = "7";

    FakeFeishu() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/open-apis/auth/v3/tenant_access_token/internal", this::token);
        server.createContext("/open-apis/im/v1/messages", this::message);
        server.createContext("/open-apis/bot/v2/hook/", this::hook);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void invalidateTokens() {
        validTokens.clear();
    }

    private void token(HttpExchange ex) throws IOException {
        JsonNode b = JsonTree.MAPPER.readTree(ex.getRequestBody().readAllBytes());
        if (!APP_ID.equals(b.path("app_id").asText()) || !APP_SECRET.equals(b.path("app_secret").asText())) {
            send(ex, 200, "{\"code\":10014,\"msg\":\"app secret invalid\"}");
            return;
        }
        String t = "t-" + tokenFetches.incrementAndGet();
        validTokens.add(t);
        send(ex, 200, "{\"code\":0,\"msg\":\"ok\",\"tenant_access_token\":\"" + t + "\",\"expire\":7200}");
    }

    private void message(HttpExchange ex) throws IOException {
        byte[] raw = ex.getRequestBody().readAllBytes();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
            send(ex, 400, "{\"code\":99991663,\"msg\":\"Invalid access token for authorization. Please make a request with token attached.\"}");
            return;
        }
        if (rateLimitNext > 0) {
            rateLimitNext--;
            if (resetHeader != null) {
                ex.getResponseHeaders().add("x-ogw-ratelimit-reset", resetHeader);
            }
            send(ex, 429, "{\"code\":99991400,\"msg\":\"request trigger frequency limit\"}");
            return;
        }
        JsonNode b = JsonTree.MAPPER.readTree(raw);
        if (ex.getRequestURI().getPath().endsWith("/urgent_app")) {
            urgent(ex, b);
            return;
        }
        if (b.path("receive_id").asText().startsWith("bad")) {
            send(ex, 400, "{\"code\":230001,\"msg\":\"Your request contains an invalid request parameter, ext=invalid receive_id\"}");
            return;
        }
        if (b.path("receive_id").asText().startsWith("outside")) {
            // HTTP 200 carrying a business error: only `code` tells
            send(ex, 200, "{\"code\":230013,\"msg\":\"Bot has NO availability to this user.\"}");
            return;
        }
        String uuid = b.path("uuid").asText("");
        String id;
        synchronized (byUuid) {
            id = uuid.isEmpty() ? null : byUuid.get(uuid);
            if (id == null) {
                id = "om_" + (messages.size() + 1);
                messages.add(b);
                receiveIdTypes.add(ex.getRequestURI().getQuery());
                if (!uuid.isEmpty()) {
                    byUuid.put(uuid, id);
                }
            }
        }
        send(ex, 200, "{\"code\":0,\"msg\":\"success\",\"data\":{\"message_id\":\"" + id + "\"}}");
    }

    /** PATCH /open-apis/im/v1/messages/{id}/urgent_app: ids starting ou_gone are reported invalid. */
    private void urgent(HttpExchange ex, JsonNode b) throws IOException {
        String path = ex.getRequestURI().getPath();
        String id = path.substring("/open-apis/im/v1/messages/".length(), path.length() - "/urgent_app".length());
        if (!"PATCH".equals(ex.getRequestMethod()) || !id.startsWith("om_")) {
            send(ex, 400, "{\"code\":230001,\"msg\":\"invalid message_id\"}");
            return;
        }
        urgentRequests.add(ex.getRequestMethod() + " " + path + "?" + ex.getRequestURI().getQuery());
        urgentBodies.add(b);
        StringBuilder invalid = new StringBuilder();
        for (JsonNode u : b.path("user_id_list")) {
            if (u.asText().startsWith("ou_gone")) {
                invalid.append(invalid.length() == 0 ? "" : ",").append('"').append(u.asText()).append('"');
            }
        }
        send(ex, 200, "{\"code\":0,\"msg\":\"success\",\"data\":{\"invalid_user_id_list\":[" + invalid + "]}}");
    }

    private void hook(HttpExchange ex) throws IOException {
        JsonNode b = JsonTree.MAPPER.readTree(ex.getRequestBody().readAllBytes());
        if (rateLimitNext > 0) {
            rateLimitNext--;
            send(ex, 200, "{\"code\":11232,\"msg\":\"frequency limited psm[lark.oapi.app_platform_runtime]appID[1]\"}");
            return;
        }
        String ts = b.path("timestamp").asText();
        if (!FeishuCrypto.botSign(HOOK_SECRET, ts).equals(b.path("sign").asText())) {
            send(ex, 200, "{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}");
            return;
        }
        hookMessages.add(b);
        send(ex, 200, "{\"code\":0,\"data\":{},\"msg\":\"success\"}");
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
