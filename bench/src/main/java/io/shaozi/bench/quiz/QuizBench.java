package io.shaozi.bench.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 每日一题 benchmark driver (bench/quiz.sh). It plays the chat platform of the generic webhook channel: imports N
 * Party members (POST /api/org/people/import) whose address is {@code generic/generic/<id>}, opts them in to the
 * question of the day, receives the pushes on its callback server (signed, as the server pushes them), then lets
 * FRACTION of the members answer at uniformly random moments within WINDOW seconds of the push, each with a letter
 * among the shown options, through signed POST /webhook/generic (the reply comes back in the response); DUPS of them
 * send the same message twice (a platform retry). Reply latency is measured per request. Finally it checks the
 * ledger on PostgreSQL: every answer recorded once, points = correct answers, no member paid twice.
 *
 * <p>Usage: {@code QuizBench BASE ADMIN_TOKEN SECRET CALLBACK_PORT JDBC_URL N FRACTION WINDOW_S DUPS PUSH_WAIT_S}.
 * Prints a JSON summary on stdout; exit 0 when no answer was lost or double-counted.
 */
public final class QuizBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QuizBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 10) {
            System.err.println("usage: QuizBench BASE ADMIN SECRET CALLBACK_PORT JDBC_URL N FRACTION WINDOW_S DUPS PUSH_WAIT_S");
            System.exit(2);
        }
        String base = args[0];
        String admin = args[1];
        String secret = args[2];
        int port = Integer.parseInt(args[3]);
        String jdbc = args[4];
        int n = Integer.parseInt(args[5]);
        double fraction = Double.parseDouble(args[6]);
        int windowS = Integer.parseInt(args[7]);
        double dups = Double.parseDouble(args[8]);
        int pushWaitS = Integer.parseInt(args[9]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        // --- the push callback: the pushed question of each member, and when it came
        Map<String, String> pushed = new ConcurrentHashMap<>();
        Map<String, Long> pushedAt = new ConcurrentHashMap<>();
        AtomicInteger pushCalls = new AtomicInteger();
        AtomicInteger badSignatures = new AtomicInteger();
        HttpServer callback = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        callback.setExecutor(Executors.newFixedThreadPool(8));
        callback.createContext("/push", ex -> {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            pushCalls.incrementAndGet();
            String sig = ex.getRequestHeaders().getFirst("X-Shaozi-Signature");
            if (sig == null || !sig.equals("sha256=" + hmac(secret, body))) {
                badSignatures.incrementAndGet();
            }
            JsonNode j = JSON.readTree(body);
            String user = j.path("user").asText();
            StringBuilder text = new StringBuilder();
            for (JsonNode r : j.path("replies")) {
                text.append(r.path("text").asText());
            }
            if (text.indexOf("【每日一题") >= 0) {
                pushed.putIfAbsent(user, text.toString());
                pushedAt.putIfAbsent(user, System.currentTimeMillis());
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        callback.start();

        // --- members and their opt-in
        StringBuilder csv = new StringBuilder("id,name,role,department,community,grid,branch,phone,notify_channel,"
                + "notify_account,notify_recipient\n");
        String[] branches = {"zb-jd-jg", "zb-dfx-1", "zb-sj-1"};
        List<String> members = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String id = String.format("m%06d", i);
            members.add(id);
            csv.append(id).append(",党员").append(i).append(",member,,,,").append(branches[i % branches.length])
                    .append(",,generic,generic,").append(id).append('\n');
        }
        long t = System.currentTimeMillis();
        HttpResponse<String> imp = http.send(HttpRequest.newBuilder(URI.create(base + "/api/org/people/import"))
                .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "text/csv; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (imp.statusCode() != 200) {
            throw new IllegalStateException("people import: " + imp.statusCode() + " " + imp.body());
        }
        long importMs = System.currentTimeMillis() - t;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
             Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO quiz_subscription (member_id, subscribed, updated_at) SELECT 'm'"
                    + " || lpad(g::text, 6, '0'), TRUE, now() FROM generate_series(1, " + n + ") g");
        }
        System.err.printf("# %d members imported in %d ms and opted in; waiting up to %d s for the push%n", n,
                importMs, pushWaitS);

        // --- wait for the push
        long waitUntil = System.currentTimeMillis() + pushWaitS * 1000L;
        long lastReport = 0;
        while (pushed.size() < n && System.currentTimeMillis() < waitUntil) {
            if (System.currentTimeMillis() - lastReport > 10_000) {
                lastReport = System.currentTimeMillis();
                System.err.printf("# %tT pushes received: %d%n", lastReport, pushed.size());
            }
            Thread.sleep(200);
        }
        long firstPush = pushedAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long lastPush = pushedAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
        System.err.printf("# pushes received: %d of %d in %d ms (first to last)%n", pushed.size(), n,
                lastPush - firstPush);

        // --- FRACTION of the members answer within WINDOW seconds of the push
        Random random = new Random(20261207L);
        List<String> shuffled = new ArrayList<>(members.stream().filter(pushed::containsKey).toList());
        Collections.shuffle(shuffled, random);
        int answering = (int) Math.round(n * fraction);
        List<String> answerers = shuffled.subList(0, Math.min(answering, shuffled.size()));
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(64);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger correct = new AtomicInteger();
        AtomicInteger feedback = new AtomicInteger();
        AtomicInteger dupSent = new AtomicInteger();
        AtomicInteger dupSame = new AtomicInteger();
        AtomicInteger late = new AtomicInteger();
        int dupCount = (int) Math.round(answerers.size() * dups);
        CountDownLatch done = new CountDownLatch(answerers.size() + dupCount);
        long start = System.currentTimeMillis();
        for (int i = 0; i < answerers.size(); i++) {
            String member = answerers.get(i);
            String letter = letter(pushed.get(member), random);
            long at = (long) (random.nextDouble() * windowS * 1000);
            boolean dup = i < dupCount;
            pool.schedule(() -> {
                try {
                    long due = start + at;
                    if (System.currentTimeMillis() - due > 1000) {
                        late.incrementAndGet();
                    }
                    String body = JSON.writeValueAsString(Map.of("user", member, "msgId", "a-" + member,
                            "text", letter));
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = post(http, base, secret, body);
                    latencies.add((System.nanoTime() - t0) / 1000);
                    if (r.statusCode() != 200) {
                        failed.incrementAndGet();
                        System.err.println("# " + member + ": HTTP " + r.statusCode() + " " + r.body());
                        if (dup) {
                            done.countDown();
                        }
                        return;
                    }
                    ok.incrementAndGet();
                    String text = replies(r.body());
                    if (text.contains("正确答案：")) {
                        feedback.incrementAndGet();
                    } else {
                        System.err.println("# " + member + ": no feedback: " + text);
                    }
                    if (text.startsWith("正确")) {
                        correct.incrementAndGet();
                    }
                    if (dup) {
                        pool.schedule(() -> {
                            try {
                                dupSent.incrementAndGet();
                                HttpResponse<String> again = post(http, base, secret, body);
                                if (again.statusCode() == 200 && replies(again.body()).equals(text)) {
                                    dupSame.incrementAndGet();
                                }
                            } catch (Exception e) {
                                System.err.println("# repeat " + member + ": " + e);
                            } finally {
                                done.countDown();
                            }
                        }, 1000 + random.nextInt(2000), TimeUnit.MILLISECONDS);
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                    System.err.println("# " + member + ": " + e);
                    if (dup) {
                        done.countDown();
                    }
                } finally {
                    done.countDown();
                }
            }, at, TimeUnit.MILLISECONDS);
        }
        if (!done.await(windowS + 300L, TimeUnit.SECONDS)) {
            System.err.println("# answers did not all finish in time");
        }
        long answerMs = System.currentTimeMillis() - start;
        pool.shutdownNow();
        callback.stop(0);

        // --- the ledger
        long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        ObjectNode out = JSON.createObjectNode();
        out.put("members", n);
        out.put("importMs", importMs);
        out.put("pushed", pushed.size());
        out.put("pushCalls", pushCalls.get());
        out.put("pushBadSignatures", badSignatures.get());
        out.put("pushSpreadMs", lastPush - firstPush);
        out.put("answerers", answerers.size());
        out.put("windowS", windowS);
        out.put("answerPhaseMs", answerMs);
        out.put("ratePerS", Math.round(answerers.size() * 100.0 / windowS) / 100.0);
        out.put("ok", ok.get());
        out.put("failed", failed.get());
        out.put("lateStarts", late.get());
        out.put("feedback", feedback.get());
        out.put("correct", correct.get());
        out.put("repeatsSent", dupSent.get());
        out.put("repeatsAnsweredTheSame", dupSame.get());
        out.put("p50ms", pct(lat, 50));
        out.put("p95ms", pct(lat, 95));
        out.put("p99ms", pct(lat, 99));
        out.put("maxms", lat.length == 0 ? 0 : lat[lat.length - 1] / 1000.0);
        boolean consistent;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            int attempts = one(c, "SELECT COUNT(*) FROM quiz_attempt WHERE activity = 'push'");
            int answered = one(c, "SELECT COUNT(*) FROM quiz_attempt_item i JOIN quiz_attempt a ON a.id = i.attempt_id"
                    + " WHERE a.activity = 'push' AND i.outcome IS NOT NULL");
            int right = one(c, "SELECT COUNT(*) FROM quiz_attempt_item i JOIN quiz_attempt a ON a.id = i.attempt_id"
                    + " WHERE a.activity = 'push' AND i.outcome = 'correct' AND NOT i.flagged");
            int rows = one(c, "SELECT COUNT(*) FROM quiz_points WHERE activity = 'push'");
            int sum = one(c, "SELECT COALESCE(SUM(points), 0) FROM quiz_points WHERE activity = 'push'");
            int paidMembers = one(c, "SELECT COUNT(DISTINCT member_id) FROM quiz_points WHERE activity = 'push'");
            int inbound = one(c, "SELECT COUNT(*) FROM inbound_message WHERE channel = 'generic'");
            out.put("ledgerPushAttempts", attempts);
            out.put("ledgerAnswered", answered);
            out.put("ledgerCorrect", right);
            out.put("ledgerPointRows", rows);
            out.put("ledgerPoints", sum);
            out.put("ledgerPaidMembers", paidMembers);
            out.put("inboundLogged", inbound);
            consistent = answered == answerers.size() && ok.get() == answerers.size() && right == correct.get()
                    && rows == right && sum == right && paidMembers == right && dupSame.get() == dupSent.get()
                    && inbound == answerers.size();
        }
        out.put("noAnswerLostOrDoubleCounted", consistent);
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        System.exit(consistent ? 0 : 1);
    }

    /** A letter among the options shown in a pushed question (lines {@code A. …}). */
    static String letter(String question, Random random) {
        long options = Arrays.stream(question.split("\n")).filter(l -> l.matches("^[A-D]\\. .*")).count();
        return String.valueOf((char) ('A' + random.nextInt((int) Math.max(1, options))));
    }

    static HttpResponse<String> post(HttpClient http, String base, String secret, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(base + "/webhook/generic")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Shaozi-Signature", "sha256=" + hmac(secret, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String replies(String body) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (JsonNode r : JSON.readTree(body).path("replies")) {
            sb.append(r.path("text").asText());
        }
        return sb.toString();
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static double pct(long[] sortedMicros, int p) {
        if (sortedMicros.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
        return Math.round(sortedMicros[Math.max(0, i)] / 100.0) / 10.0;
    }

    static int one(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
