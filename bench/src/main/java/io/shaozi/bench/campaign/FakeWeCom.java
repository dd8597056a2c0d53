package io.shaozi.bench.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * A fake WeCom API server on loopback for the campaign benchmark (bench/campaign.sh), serving the two calls Shaozi's
 * WeCom client makes ({@code io.shaozi.adapters.wecom.WeComClient}) and enforcing WeCom's limits
 * ({@link WeComLedger}):
 * <pre>
 * GET  /cgi-bin/gettoken?corpid=&amp;corpsecret=        → {"errcode":0,"access_token":"…","expires_in":7200}
 * POST /cgi-bin/message/send?access_token=…           → {"errcode":0,"errmsg":"ok","msgid":"…","invaliduser":""}
 *                                                       45009 over the corp limit, 40014 unknown token
 * GET  /stats                                          → counters (below)
 * </pre>
 * {@code /stats}: {@code delivered} (distinct members reached), {@code deliveries} (messages delivered),
 * {@code duplicates} (deliveries beyond the first per member: same member reached twice with other content, without
 * duplicate check or after its interval), {@code overLimit} (45009 answers + messages silently dropped over a
 * member's 30/min or 1,000/h), {@code deduplicated} (identical messages within the duplicate-check interval, answered
 * ok and not delivered), {@code firstDelivery}/{@code lastDelivery}, {@code rate} (deliveries per second over the
 * middle 80 % of the deliveries), {@code steadyRate} (the same without the pauses that contain one of the
 * instants of {@code GET /stats?downAt=EPOCH_MILLIS[,…]}, e.g. when the sender was killed), {@code pauses} (pauses
 * between deliveries over PAUSE_MILLIS) and {@code configuredRate} (LIMIT_PER_MINUTE / 60).
 *
 * <pre>java -cp benchmarks.jar io.shaozi.bench.campaign.FakeWeCom PORT [LIMIT_PER_MINUTE=10000] [PAUSE_MILLIS=2000]</pre>
 * PORT 0 picks a free port; the port is printed as {@code listening on PORT}. Stops on SIGTERM.
 */
public final class FakeWeCom implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService workers;
    private final WeComLedger ledger;
    private final LongSupplier clock;

    FakeWeCom(int port, WeComLedger ledger, LongSupplier clock) throws IOException {
        this.ledger = ledger;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        this.workers = Executors.newFixedThreadPool(8);
        server.setExecutor(workers);
        server.createContext("/cgi-bin/gettoken", ex -> serve(ex, this::token));
        server.createContext("/cgi-bin/message/send", ex -> serve(ex, this::send));
        server.createContext("/stats", ex -> serve(ex, e -> ledger.stats(downAt(query(e).getOrDefault("downAt", "")))));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: FakeWeCom PORT [LIMIT_PER_MINUTE=10000] [PAUSE_MILLIS=2000]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int perMinute = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        long pause = args.length > 2 ? Long.parseLong(args[2]) : 2_000;
        FakeWeCom fake = new FakeWeCom(port, new WeComLedger(perMinute, pause), System::currentTimeMillis);
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        System.out.println("listening on " + fake.port() + ", " + perMinute + " calls/min per corp");
        System.out.flush();
    }

    private interface Handler {
        Object handle(HttpExchange ex) throws IOException;
    }

    private static void serve(HttpExchange ex, Handler h) throws IOException {
        try (ex) {
            byte[] out;
            int status = 200;
            try {
                out = JSON.writeValueAsBytes(h.handle(ex));
            } catch (RuntimeException e) {
                status = 500;
                out = JSON.writeValueAsBytes(Map.of("errcode", -1, "errmsg", String.valueOf(e)));
            }
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(status, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private Object token(HttpExchange ex) {
        Map<String, String> q = query(ex);
        Map<String, Object> out = new LinkedHashMap<>();
        if (q.getOrDefault("corpid", "").isBlank() || q.getOrDefault("corpsecret", "").isBlank()) {
            out.put("errcode", 41002);
            out.put("errmsg", "corpid and corpsecret missing");
            return out;
        }
        out.put("errcode", 0);
        out.put("errmsg", "ok");
        out.put("access_token", ledger.issueToken());
        out.put("expires_in", 7200);
        return out;
    }

    private Object send(HttpExchange ex) throws IOException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readAllBytes();
        }
        Optional<JsonNode> body;
        try {
            JsonNode n = JSON.readTree(raw);
            body = n == null || !n.isObject() ? Optional.empty() : Optional.of(n);
        } catch (IOException e) {
            body = Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (!"POST".equals(ex.getRequestMethod()) || body.isEmpty()) {
            out.put("errcode", 40058);
            out.put("errmsg", "POST with a JSON object body required");
            return out;
        }
        WeComLedger.Answer a = ledger.send(query(ex).get("access_token"), body.get(), clock.getAsLong());
        if (a instanceof WeComLedger.Ok ok) {
            out.put("errcode", 0);
            out.put("errmsg", "ok");
            out.put("invaliduser", "");
            out.put("msgid", "fake-" + ok.msgId());
        } else {
            WeComLedger.Refused r = (WeComLedger.Refused) a;
            out.put("errcode", r.errcode());
            out.put("errmsg", r.errmsg());
        }
        return out;
    }

    /** {@code downAt=MILLIS[,MILLIS…]}: instants whose pause is left out of the steady rate. */
    private static long[] downAt(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).filter(v -> v.matches("[0-9]{1,18}"))
                .mapToLong(Long::parseLong).toArray();
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }
}
