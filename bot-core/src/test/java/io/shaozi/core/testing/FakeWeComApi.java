package io.shaozi.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake WeCom API on loopback enforcing the limits of app messages ("发送应用消息",
 * https://developer.work.weixin.qq.com/document/path/90236) on the injected clock:
 * <ul>
 *   <li>{@code POST /cgi-bin/message/send}: {@code touser} up to 1,000 members (more: errcode 40058); at most
 *       {@code callsPerMinute} calls in any minute (beyond: 45009, nothing sent); members not in {@link #members}
 *       come back in {@code invaliduser}, lower-cased, and get nothing (all of them invalid: 81013); a member's
 *       messages over 30 a minute are silently dropped (counted in {@link #dropped});</li>
 *   <li>{@code GET /cgi-bin/auth/getuserinfo?code=}: the member a code of {@link #codes} names, else 40029;</li>
 *   <li>{@code GET /connect/oauth2/authorize}: the web login of {@link #loginAs}, answered at once with a redirect
 *       to {@code redirect_uri} with a fresh code and the state.</li>
 * </ul>
 */
public final class FakeWeComApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Clock clock;
    private final int callsPerMinute;
    /** Members of the corp (lower-cased UserIDs); others are invalid. */
    public final Set<String> members = ConcurrentHashMap.newKeySet();
    /** Every accepted call: its {@code touser} members, in order. */
    public final List<List<String>> calls = new CopyOnWriteArrayList<>();
    /** Messages delivered per member (lower-cased). */
    public final Map<String, Integer> delivered = new ConcurrentHashMap<>();
    /** Bodies of accepted calls. */
    public final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    public final java.util.concurrent.atomic.AtomicInteger refused45009 = new java.util.concurrent.atomic.AtomicInteger();
    public final java.util.concurrent.atomic.AtomicInteger dropped = new java.util.concurrent.atomic.AtomicInteger();
    /** OAuth codes and the member each names. */
    public final Map<String, String> codes = new ConcurrentHashMap<>();
    /** Who logs in when the browser comes to the authorize page. */
    public volatile String loginAs = "";
    private final Deque<Instant> recentCalls = new ConcurrentLinkedDeque<>();
    private final Map<String, Deque<Instant>> perMember = new ConcurrentHashMap<>();

    public FakeWeComApi(Clock clock, int callsPerMinute) throws IOException {
        this.clock = clock;
        this.callsPerMinute = callsPerMinute;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cgi-bin/gettoken", ex -> reply(ex, Map.of("errcode", 0, "errmsg", "ok",
                "access_token", "WECOM-TOKEN", "expires_in", 7200)));
        server.createContext("/cgi-bin/message/send", this::send);
        server.createContext("/cgi-bin/auth/getuserinfo", ex -> {
            String user = codes.get(query(ex).getOrDefault("code", ""));
            reply(ex, user == null ? Map.of("errcode", 40029, "errmsg", "invalid code")
                    : Map.of("errcode", 0, "errmsg", "ok", "userid", user));
        });
        server.createContext("/connect/oauth2/authorize", ex -> {
            Map<String, String> q = query(ex);
            String code = "code-" + codes.size() + "-" + System.nanoTime();
            codes.put(code, loginAs);
            String to = q.get("redirect_uri");
            String location = to + (to.contains("?") ? "&" : "?") + "code=" + code + "&state="
                    + URLEncoder.encode(q.getOrDefault("state", ""), StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Location", location);
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.start();
    }

    private synchronized void send(HttpExchange ex) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
        if (!query(ex).getOrDefault("access_token", "").equals("WECOM-TOKEN")) {
            reply(ex, Map.of("errcode", 40014, "errmsg", "invalid access_token"));
            return;
        }
        Instant now = clock.instant();
        while (!recentCalls.isEmpty() && !recentCalls.peekFirst().isAfter(now.minus(Duration.ofMinutes(1)))) {
            recentCalls.pollFirst();
        }
        if (recentCalls.size() >= callsPerMinute) {
            refused45009.incrementAndGet();
            reply(ex, Map.of("errcode", 45009, "errmsg", "api freq out of limit"));
            return;
        }
        List<String> touser = List.of(body.path("touser").asText("").split("\\|"));
        if (touser.size() > 1000) {
            reply(ex, Map.of("errcode", 40058, "errmsg", "touser exceeds 1000"));
            return;
        }
        recentCalls.addLast(now);
        List<String> invalid = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        for (String u : touser) {
            String lower = u.toLowerCase(Locale.ROOT);
            (members.contains(lower) ? valid : invalid).add(lower);
        }
        if (valid.isEmpty()) {
            reply(ex, Map.of("errcode", 81013, "errmsg", "user & party & tag all invalid"));
            return;
        }
        calls.add(touser);
        bodies.add(body);
        for (String u : valid) {
            Deque<Instant> d = perMember.computeIfAbsent(u, k -> new ConcurrentLinkedDeque<>());
            while (!d.isEmpty() && !d.peekFirst().isAfter(now.minus(Duration.ofMinutes(1)))) {
                d.pollFirst();
            }
            if (d.size() >= 30) {
                dropped.incrementAndGet();
                continue;
            }
            d.addLast(now);
            delivered.merge(u, 1, Integer::sum);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errcode", 0);
        out.put("errmsg", "ok");
        out.put("invaliduser", String.join("|", invalid));
        out.put("msgid", "msg-" + calls.size());
        reply(ex, out);
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void reply(HttpExchange ex, Object body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
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
