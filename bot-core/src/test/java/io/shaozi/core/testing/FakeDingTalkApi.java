package io.shaozi.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A fake DingTalk on loopback, written from the platform documentation rather than from the adapters: old API
 * tokens and work notices, custom group robot webhooks ({@code /robot/send}, sign checked, 20 per minute on the
 * given clock, then 130101 and a 10-minute block), session webhooks and the robot OpenAPI.
 */
public final class FakeDingTalkApi implements AutoCloseable {
    public static final String ROBOT_TOKEN = "grouptoken";
    public static final String ROBOT_SECRET = "SECgroup-sign-secret";

    private final HttpServer server;
    private final Clock clock;
    public final List<String> workNotices = new CopyOnWriteArrayList<>();
    /** Bodies accepted by {@code /robot/send}, in arrival order, with the clock time of each. */
    public final List<String> groupMessages = new CopyOnWriteArrayList<>();
    public final List<Instant> groupMessageTimes = new CopyOnWriteArrayList<>();
    public final AtomicInteger groupRefusals = new AtomicInteger();
    public final List<String> sessionMessages = new CopyOnWriteArrayList<>();
    public final List<String> openApiMessages = new CopyOnWriteArrayList<>();
    /**
     * What {@code getsendresult} reports per userid: {@code read}, {@code unread} (the default), {@code failed},
     * {@code invalid}, {@code pending} (in no list yet) or {@code forbidden:<code>} (e.g. {@code forbidden:143105}).
     */
    public final Map<String, String> userResults = new java.util.concurrent.ConcurrentHashMap<>();
    /** The task_id of every {@code getsendresult} call, in order. */
    public final List<String> sendResultQueries = new CopyOnWriteArrayList<>();
    /** While set, {@code getsendresult} answers HTTP 503. */
    public volatile boolean sendResultDown;
    private final Map<String, List<String>> taskUsers = new java.util.concurrent.ConcurrentHashMap<>();
    /** Most userids one work notice takes (asyncsend_v2's userid_list); more: errcode 40035, nothing sent. */
    public static final int MAX_USERS = 5000;
    /** Per task, users its flow control filtered out (identical content the same day: forbidden:143106). */
    private final Map<String, Map<String, String>> taskResults = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> seenToday = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Work notices delivered per userid (not filtered out). */
    public final Map<String, Integer> delivered = new java.util.concurrent.ConcurrentHashMap<>();
    /** Who logs in at the web login page (a userid), the codes given out, and the organisation's userids. */
    public volatile String loginAs = "";
    private final Map<String, String> oauthCodes = new java.util.concurrent.ConcurrentHashMap<>();
    public final java.util.Set<String> members = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The userid_list size of every accepted work notice. */
    public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Instant> window = new ArrayDeque<>();
    private Instant blockedUntil = Instant.EPOCH;

    public FakeDingTalkApi(Clock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/gettoken", ex -> reply(ex, 200,
                "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"old-token\",\"expires_in\":7200}"));
        server.createContext("/topapi/message/corpconversation/asyncsend_v2", ex -> {
            String body = body(ex);
            if (!"old-token".equals(query(ex).get("access_token"))) {
                reply(ex, 200, "{\"errcode\":40014,\"errmsg\":\"不合法的access_token\"}");
                return;
            }
            java.util.regex.Matcher users = java.util.regex.Pattern.compile("\"userid_list\":\"([^\"]*)\"").matcher(body);
            List<String> ids = users.find() ? List.of(users.group(1).split(",")) : List.of();
            if (ids.size() > MAX_USERS) {
                reply(ex, 200, "{\"errcode\":40035,\"errmsg\":\"userid_list exceeds " + MAX_USERS + "\"}");
                return;
            }
            int task;
            synchronized (workNotices) {
                workNotices.add(body);
                task = workNotices.size();
                // DingTalk's flow control: identical content to a user the same day is filtered out (143106)
                String msg = body.replaceAll(".*\"msg\":", "");
                String day = clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
                Map<String, String> auto = new java.util.HashMap<>();
                for (String u : ids) {
                    if (!seenToday.add(day + "\u0000" + u + "\u0000" + msg)) {
                        auto.put(u, "forbidden:143106");
                    } else {
                        delivered.merge(u, 1, Integer::sum);
                    }
                }
                taskResults.put(Integer.toString(task), auto);
                batchSizes.add(ids.size());
            }
            taskUsers.put(Integer.toString(task), ids);
            reply(ex, 200, "{\"errcode\":0,\"task_id\":" + task + ",\"request_id\":\"r\"}");
        });
        server.createContext("/topapi/message/corpconversation/getsendresult", this::sendResult);
        // the OAuth2 web login: the login page answers at once for loginAs (a userid), whose unionId is "union-<id>"
        server.createContext("/oauth2/auth", ex -> {
            Map<String, String> q = query(ex);
            String code = "dcode-" + oauthCodes.size();
            oauthCodes.put(code, loginAs);
            String to = q.get("redirect_uri");
            ex.getResponseHeaders().set("Location", to + (to.contains("?") ? "&" : "?") + "authCode=" + code
                    + "&code=" + code + "&state=" + java.net.URLEncoder.encode(q.getOrDefault("state", ""),
                    java.nio.charset.StandardCharsets.UTF_8));
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/v1.0/oauth2/userAccessToken", ex -> {
            String b = body(ex);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"code\":\"([^\"]*)\"").matcher(b);
            String user = m.find() ? oauthCodes.remove(m.group(1)) : null;
            if (user == null || !b.contains("\"grantType\":\"authorization_code\"")) {
                reply(ex, 400, "{\"code\":\"invalidParameter.authCode.notFound\",\"message\":\"不合法的临时授权码\"}");
                return;
            }
            reply(ex, 200, "{\"accessToken\":\"user-" + user + "\",\"refreshToken\":\"r\",\"expireIn\":7200}");
        });
        server.createContext("/v1.0/contact/users/me", ex -> {
            String t = String.valueOf(ex.getRequestHeaders().getFirst("x-acs-dingtalk-access-token"));
            if (!t.startsWith("user-")) {
                reply(ex, 401, "{\"code\":\"InvalidAuthentication\"}");
                return;
            }
            reply(ex, 200, "{\"nick\":\"x\",\"unionId\":\"union-" + t.substring(5) + "\",\"openId\":\"o\"}");
        });
        server.createContext("/topapi/user/getbyunionid", ex -> {
            String b = body(ex);
            if (!"old-token".equals(query(ex).get("access_token"))) {
                reply(ex, 200, "{\"errcode\":40014,\"errmsg\":\"不合法的access_token\"}");
                return;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"unionid\":\"union-([^\"]*)\"").matcher(b);
            if (!m.find() || !members.contains(m.group(1))) {
                reply(ex, 200, "{\"errcode\":60121,\"errmsg\":\"找不到该用户\"}");
                return;
            }
            reply(ex, 200, "{\"errcode\":0,\"errmsg\":\"ok\",\"result\":{\"contact_type\":0,\"userid\":\""
                    + m.group(1) + "\"}}");
        });
        server.createContext("/robot/send", this::groupSend);
        server.createContext("/robot/sendBySession", ex -> {
            sessionMessages.add(body(ex));
            reply(ex, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
        });
        server.createContext("/v1.0/oauth2/accessToken", ex -> {
            body(ex);
            reply(ex, 200, "{\"accessToken\":\"new-token\",\"expireIn\":7200}");
        });
        server.createContext("/v1.0/robot/", ex -> {
            String body = body(ex);
            if (!"new-token".equals(ex.getRequestHeaders().getFirst("x-acs-dingtalk-access-token"))) {
                reply(ex, 401, "{\"code\":\"InvalidAuthentication\",\"message\":\"不合法的access_token\"}");
                return;
            }
            openApiMessages.add(ex.getRequestURI().getPath() + " " + body);
            reply(ex, 200, "{\"processQueryKey\":\"pqk-" + openApiMessages.size() + "\"}");
        });
        server.start();
    }

    /** {@code getsendresult}: the lists of the task's users, from {@link #userResults}; 400002 for unknown tasks. */
    private void sendResult(HttpExchange ex) throws IOException {
        String body = body(ex);
        if (sendResultDown) {
            reply(ex, 503, "{}");
            return;
        }
        if (!"old-token".equals(query(ex).get("access_token"))) {
            reply(ex, 200, "{\"errcode\":40014,\"errmsg\":\"不合法的access_token\"}");
            return;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"task_id\":([0-9]+)").matcher(body);
        String task = m.find() ? m.group(1) : "";
        sendResultQueries.add(task);
        List<String> users = taskUsers.get(task);
        if (users == null || !body.contains("\"agent_id\":")) {
            reply(ex, 200, "{\"errcode\":400002,\"errmsg\":\"无效的任务\"}");
            return;
        }
        Map<String, List<String>> lists = new java.util.LinkedHashMap<>();
        for (String l : List.of("invalid", "forbidden", "failed", "read", "unread")) {
            lists.put(l, new java.util.ArrayList<>());
        }
        List<String> forbidden = new java.util.ArrayList<>();
        Map<String, String> auto = taskResults.getOrDefault(task, Map.of());
        for (String u : users) {
            String r = auto.getOrDefault(u, userResults.getOrDefault(u, "unread"));
            if (r.startsWith("forbidden:")) {
                lists.get("forbidden").add(u);
                forbidden.add("{\"code\":\"" + r.substring(10) + "\",\"count\":1,\"userid\":\"" + u + "\"}");
            } else if (lists.containsKey(r)) {
                lists.get(r).add(u);
            }
        }
        StringBuilder json = new StringBuilder("{\"errcode\":0,\"errmsg\":\"ok\",\"send_result\":{");
        lists.forEach((k, v) -> json.append('"').append(k).append("_user_id_list\":[")
                .append(String.join(",", v.stream().map(u -> "\"" + u + "\"").toList())).append("],"));
        json.append("\"invalid_dept_id_list\":[],\"forbidden_list\":[").append(String.join(",", forbidden))
                .append("]},\"request_id\":\"r\"}");
        reply(ex, 200, json.toString());
    }

    private void groupSend(HttpExchange ex) throws IOException {
        String body = body(ex);
        Map<String, String> q = query(ex);
        if (!ROBOT_TOKEN.equals(q.get("access_token"))) {
            reply(ex, 200, "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}");
            return;
        }
        String ts = q.get("timestamp");
        if (ts == null || !ts.matches("[0-9]{13}") || Math.abs(clock.millis() - Long.parseLong(ts)) > 3_600_000
                || !sign(ROBOT_SECRET, ts).equals(q.get("sign"))) {
            reply(ex, 200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
            return;
        }
        Instant now = clock.instant();
        synchronized (window) {
            while (!window.isEmpty() && !window.peekFirst().plusSeconds(60).isAfter(now)) {
                window.pollFirst();
            }
            if (now.isBefore(blockedUntil) || window.size() >= 20) {
                if (!now.isBefore(blockedUntil)) {
                    blockedUntil = now.plus(Duration.ofMinutes(10));
                }
                groupRefusals.incrementAndGet();
                reply(ex, 200, "{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}");
                return;
            }
            window.addLast(now);
            groupMessages.add(body);
            groupMessageTimes.add(now);
        }
        reply(ex, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    /** DingTalk's documented robot sign: Base64(HmacSHA256(secret, timestamp + "\n" + secret)). */
    public static String sign(String secret, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(
                    mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(HttpExchange ex) throws IOException {
        return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    /** Origin of this server, e.g. {@code http://127.0.0.1:41234}. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The custom group robot webhook URL of this server. */
    public URI groupWebhook() {
        return URI.create(base() + "/robot/send?access_token=" + ROBOT_TOKEN);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
