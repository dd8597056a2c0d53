package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.common.JsonTree;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback DingTalk API reproducing the awkward behaviours: HTTP 200 with non-zero errcode, token expiry
 * (40014), robot webhook signing (310000), 20 messages/minute then a 10-minute throttle (130101), and the silent
 * same-day drop of identical work-notice content.
 */
final class FakeDingTalk implements AutoCloseable {
    static final String APP_KEY = "dingappkey123";
    static final String APP_SECRET = "appsecret-xyz";
    static final String ROBOT_TOKEN = "robot-access-token-1";
    static final String ROBOT_SECRET = "SECfake0123456789";
    static final String ROBOT_APP_KEY = "dingabcdefg123456";
    static final String ROBOT_APP_SECRET = "robotSecret-Xy9+/=";

    private final HttpServer server;
    private final Clock clock;
    final AtomicInteger tokenFetches = new AtomicInteger();
    final List<String> workNotices = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> robotMessages = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> sessionMessages = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> openApiMessages = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger openApiTokenFetches = new AtomicInteger();
    final List<String> requestQueries = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> validTokens = Collections.synchronizedSet(new HashSet<>());
    private final Set<String> deliveredToday = new HashSet<>();
    private final ArrayDeque<Instant> robotSends = new ArrayDeque<>();
    private Instant robotThrottledUntil = Instant.EPOCH;
    volatile int forceStatus;
    volatile String forceBody;

    FakeDingTalk(Clock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/gettoken", this::gettoken);
        server.createContext("/topapi/message/corpconversation/asyncsend_v2", this::workNotice);
        server.createContext("/robot/send", this::robotSend);
        server.createContext("/robot/sendBySession", this::session);
        server.createContext("/v1.0/oauth2/accessToken", this::openApiToken);
        server.createContext("/v1.0/robot/", this::openApiSend);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every issued token stops working (as after expiry). */
    void expireTokens() {
        validTokens.clear();
    }

    private void gettoken(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex);
        if (!APP_KEY.equals(q.get("appkey")) || !APP_SECRET.equals(q.get("appsecret"))) {
            send(ex, 200, "{\"errcode\":40089,\"errmsg\":\"不合法的appKey或appSecret\"}");
            return;
        }
        String token = "tok-" + tokenFetches.incrementAndGet();
        validTokens.add(token);
        send(ex, 200, "{\"errcode\":0,\"access_token\":\"" + token + "\",\"errmsg\":\"ok\",\"expires_in\":7200}");
    }

    private void workNotice(HttpExchange ex) throws IOException {
        if (forced(ex)) {
            return;
        }
        Map<String, String> q = query(ex);
        byte[] raw = ex.getRequestBody().readAllBytes();
        if (!validTokens.contains(q.get("access_token"))) {
            send(ex, 200, "{\"errcode\":40014,\"errmsg\":\"不合法的access_token\"}");
            return;
        }
        JsonNode body = JsonTree.MAPPER.readTree(raw);
        String users = body.path("userid_list").asText();
        if (users.contains("ghost")) {
            send(ex, 200, "{\"errcode\":33012,\"errmsg\":\"无效的USERID\"}");
            return;
        }
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai"));
        for (String user : users.split(",")) {
            String key = day + "|" + user + "|" + body.path("msg");
            synchronized (deliveredToday) {
                // identical content to the same user the same day: accepted, silently not delivered
                if (deliveredToday.add(key)) {
                    workNotices.add(user + ":" + body.path("msg"));
                }
            }
        }
        send(ex, 200, "{\"errcode\":0,\"task_id\":256271667526,\"request_id\":\"4jzllmte0wau\"}");
    }

    private void robotSend(HttpExchange ex) throws IOException {
        if (forced(ex)) {
            return;
        }
        requestQueries.add(ex.getRequestURI().getRawQuery());
        Map<String, String> q = query(ex);
        byte[] raw = ex.getRequestBody().readAllBytes();
        if (!ROBOT_TOKEN.equals(q.get("access_token"))) {
            send(ex, 200, "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}");
            return;
        }
        String ts = q.get("timestamp");
        String sign = q.get("sign");
        if (ts == null || sign == null || !ts.matches("[0-9]{13}")
                || Math.abs(clock.millis() - Long.parseLong(ts)) > Duration.ofHours(1).toMillis()
                || !RobotSign.sign(ROBOT_SECRET, ts).equals(sign)) {
            send(ex, 200, "{\"errcode\":310000,\"errmsg\":\"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]\"}");
            return;
        }
        Instant now = clock.instant();
        synchronized (robotSends) {
            if (now.isBefore(robotThrottledUntil)) {
                send(ex, 200, "{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}");
                return;
            }
            while (!robotSends.isEmpty() && !robotSends.peekFirst().plusSeconds(60).isAfter(now)) {
                robotSends.pollFirst();
            }
            if (robotSends.size() >= 20) {
                robotThrottledUntil = now.plus(Duration.ofMinutes(10));
                send(ex, 200, "{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}");
                return;
            }
            robotSends.addLast(now);
        }
        robotMessages.add(JsonTree.MAPPER.readTree(raw));
        send(ex, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    private void session(HttpExchange ex) throws IOException {
        if (forced(ex)) {
            return;
        }
        sessionMessages.add(JsonTree.MAPPER.readTree(ex.getRequestBody().readAllBytes()));
        send(ex, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    private void openApiToken(HttpExchange ex) throws IOException {
        JsonNode b = JsonTree.MAPPER.readTree(ex.getRequestBody().readAllBytes());
        if (!ROBOT_APP_KEY.equals(b.path("appKey").asText()) || !ROBOT_APP_SECRET.equals(b.path("appSecret").asText())) {
            send(ex, 400, "{\"code\":\"invalidClientIdOrSecret\",\"message\":\"无效的clientId或者clientSecret\"}");
            return;
        }
        String token = "v1tok-" + openApiTokenFetches.incrementAndGet();
        validTokens.add(token);
        send(ex, 200, "{\"accessToken\":\"" + token + "\",\"expireIn\":7200}");
    }

    private void openApiSend(HttpExchange ex) throws IOException {
        if (forced(ex)) {
            return;
        }
        byte[] raw = ex.getRequestBody().readAllBytes();
        if (!validTokens.contains(ex.getRequestHeaders().getFirst("x-acs-dingtalk-access-token"))) {
            send(ex, 401, "{\"code\":\"InvalidAuthentication\",\"message\":\"不合法的access_token\"}");
            return;
        }
        JsonNode b = JsonTree.MAPPER.readTree(raw);
        if (b.path("userIds").toString().contains("ghost")) {
            send(ex, 400, "{\"code\":\"invalidParameter.userIds.invalid\",\"message\":\"userIds无效\"}");
            return;
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) b).put("path", ex.getRequestURI().getPath());
        openApiMessages.add(b);
        send(ex, 200, "{\"processQueryKey\":\"pqk-" + openApiMessages.size() + "\"}");
    }

    private boolean forced(HttpExchange ex) throws IOException {
        int status = forceStatus;
        if (status == 0) {
            return false;
        }
        ex.getRequestBody().readAllBytes();
        if (status == 429) {
            ex.getResponseHeaders().add("Retry-After", "7");
        }
        send(ex, status, forceBody == null ? "" : forceBody);
        return true;
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    q.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
