package io.shaozi.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shaozi.adapters.generic.GenericChannel;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chaos check of acknowledged tickets: N signed reports (distinct residents and msgIds, each opening a ticket at
 * once) are POSTed to /webhook/generic of one instance (embedded H2 in a temporary directory) or two (a fresh
 * PostgreSQL database and Redis, requests spread over both), while a random instance is killed with SIGKILL K
 * times at random moments and started again. Clients retry connection errors and 5xx a few times with backoff,
 * like a platform. Every 200 answer naming a ticket number is an acknowledgement. After the K kills every report
 * is sent once more (the platforms' retries), then the admin API is asked for every ticket.
 *
 * <p>Prints sent, acknowledged (reports with at least one acknowledgement), lost (acknowledgements whose number is
 * 404 or no longer holds that report's ticket), duplicated (reports with more than one ticket), reused (acknowledged
 * numbers now holding another report's ticket, or acknowledged to two reports) and unfiled (reports without any
 * ticket after the resend). Exits 1 when any of lost, duplicated, reused or unfiled is above zero, 2 on a setup failure.
 * Loopback only; every loop is bounded.
 *
 * <pre>java -cp benchmarks.jar io.shaozi.bench.chaos.Chaos [--setup h2|pg] [--reports N] [--kills K]
 *     [--clients C] [--kill-every SECONDS] [--seed S] [--jar bot-core/target/shaozi.jar] [--home DIR]
 *     [--pg jdbc:postgresql://127.0.0.1:5432/postgres] [--pg-user postgres] [--redis redis://127.0.0.1:6379/0]
 *     [--keep]</pre>
 */
public final class Chaos {
    static final String SECRET = "chaos-secret";
    static final String ADMIN_TOKEN = "chaos-admin-token";
    /** "您的工单号 N" when merged into a nearby ticket, else "工单号 N". */
    private static final Pattern OWN_NUMBER = Pattern.compile("您的工单号\\s*(\\d{6,})");
    private static final Pattern NUMBER = Pattern.compile("工单号\\s*(\\d{6,})");
    private static final int ATTEMPTS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options opt;
    private final Random random;
    private final String run;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Instance> instances = new ArrayList<>();
    private final List<Report> reports = new ArrayList<>();
    /** Acknowledged number → the reports it was given to (more than one is a reuse). */
    private final Map<String, java.util.Set<Integer>> acked = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong gaveUp = new AtomicLong();
    private final AtomicLong noNumber = new AtomicLong();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

    record Report(int index, String user, String msgId, String text) {
    }

    record Options(String setup, int reports, int kills, int clients, double killEvery, long seed, Path jar,
                   Path home, String pg, String pgUser, String redis, boolean keep) {
        static Options parse(String[] args) {
            Map<String, String> m = new HashMap<>();
            boolean keep = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--keep")) {
                    keep = true;
                } else if (a.startsWith("--") && i + 1 < args.length) {
                    m.put(a.substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown argument: " + a);
                }
            }
            String setup = m.getOrDefault("setup", "h2");
            if (!setup.equals("h2") && !setup.equals("pg")) {
                throw new IllegalArgumentException("--setup must be h2 or pg");
            }
            Options o = new Options(setup, Integer.parseInt(m.getOrDefault("reports", "240")),
                    Integer.parseInt(m.getOrDefault("kills", "5")), Integer.parseInt(m.getOrDefault("clients", "8")),
                    Double.parseDouble(m.getOrDefault("kill-every", "4")),
                    Long.parseLong(m.getOrDefault("seed", Long.toString(System.nanoTime()))),
                    Path.of(m.getOrDefault("jar", "bot-core/target/shaozi.jar")), Path.of(m.getOrDefault("home", ".")),
                    m.getOrDefault("pg", "jdbc:postgresql://127.0.0.1:5432/postgres"), m.getOrDefault("pg-user", "postgres"),
                    m.getOrDefault("redis", "redis://127.0.0.1:6379/0"), keep);
            if (o.reports < 1 || o.reports > 100_000 || o.kills < 0 || o.kills > 1000 || o.clients < 1 || o.clients > 256
                    || !(o.killEvery > 0 && o.killEvery <= 600)) {
                throw new IllegalArgumentException("out of range: reports 1..100000, kills 0..1000, clients 1..256, "
                        + "kill-every (0, 600] s");
            }
            if (!o.redis.startsWith("redis://127.0.0.1") && !o.redis.startsWith("redis://localhost")
                    || !o.pg.startsWith("jdbc:postgresql://127.0.0.1") && !o.pg.startsWith("jdbc:postgresql://localhost")) {
                throw new IllegalArgumentException("loopback PostgreSQL and Redis only");
            }
            return o;
        }
    }

    private Chaos(Options opt) {
        this.opt = opt;
        this.random = new Random(opt.seed);
        this.run = Long.toString(Instant.now().getEpochSecond(), 36) + Integer.toString(random.nextInt(1 << 20), 36);
        for (int i = 0; i < opt.reports; i++) {
            reports.add(new Report(i, "chaos-" + run + "-u" + i, "chaos-" + run + "-m" + i, text(i)));
        }
    }

    /**
     * A report the resident dialog files at once (no follow-up question): wage arrears need no place and get
     * no photo offer. Varied per report so that texts differ; similar ones may be merged into a nearby ticket,
     * which still gives the report its own number.
     */
    public static String text(int i) {
        String[] who = {"公司", "工地老板", "饭店老板", "物流公司", "装修队", "超市"};
        return who[i % who.length] + "拖欠我" + (i % 11 + 2) + "个月工资不发，工号A" + (1000 + i);
    }

    public static void main(String[] args) throws Exception {
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            System.exit(2);
            return;
        }
        Chaos c = new Chaos(opt);
        int code;
        try {
            code = c.execute();
        } catch (IOException | SQLException e) {
            System.err.println("chaos: setup failed: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    private int execute() throws Exception {
        Path work = Files.createTempDirectory("shaozi-chaos-");
        Optional<String> database = Optional.empty();
        Thread reaper = new Thread(() -> instances.forEach(in -> {
            try {
                in.kill();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }));
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            Map<String, String> env = new HashMap<>();
            env.put("SHAOZI_SERVER_HOST", "127.0.0.1");
            env.put("SHAOZI_ADMIN_TOKEN", ADMIN_TOKEN);
            env.put("SHAOZI_CHANNELS_GENERIC_SECRET", SECRET);
            env.put("SHAOZI_DIALOG_MESSAGESPERMINUTE", "1000");
            int count = 1;
            if (opt.setup.equals("pg")) {
                database = Optional.of("chaos_" + run);
                createDatabase(database.get());
                env.put("SHAOZI_STORAGE_URL", opt.pg.substring(0, opt.pg.lastIndexOf('/') + 1) + database.get());
                env.put("SHAOZI_STORAGE_USER", opt.pgUser);
                env.put("SHAOZI_REDIS_URL", opt.redis);
                count = 2;
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            for (int i = 0; i < count; i++) {
                List<String> cmd = List.of(java, "-Dshaozi.home=" + opt.home.toAbsolutePath(), "-jar",
                        opt.jar.toAbsolutePath().toString(), "serve", "--data", work.resolve("data").toString());
                instances.add(new Instance(i, freePort(), cmd, env, work.resolve("instance-" + i + ".log")));
            }
            System.out.printf(Locale.ROOT, "# chaos %s: %d instance(s), %d reports, %d kills (~every %.1f s), %d clients, "
                    + "seed %d, run %s, work dir %s%s%n", opt.setup, count, opt.reports, opt.kills, opt.killEvery,
                    opt.clients, opt.seed, run, work, database.map(d -> ", database " + d).orElse(""));
            for (Instance in : instances) {
                in.start();
            }
            long t0 = System.nanoTime();
            phaseOne();
            System.out.printf(Locale.ROOT, "# phase 1 (sending under kills) done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            long ackedAfterChaos = acked.size();
            t0 = System.nanoTime();
            sendAll(List.copyOf(reports), 0);
            System.out.printf(Locale.ROOT, "# phase 2 (resend all) done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            return verify(ackedAfterChaos);
        } finally {
            for (Instance in : instances) {
                in.stop();
            }
            Runtime.getRuntime().removeShutdownHook(reaper);
            if (database.isPresent() && !opt.keep) {
                dropDatabase(database.get());
            }
            if (!opt.keep) {
                deleteTree(work);
            } else {
                System.out.println("# kept " + work + database.map(d -> " and database " + d).orElse(""));
            }
        }
    }

    /** Reports go out on a schedule spread over the chaos period while the killer thread does its K kills. */
    private void phaseOne() throws Exception {
        double period = Math.max(1.0, opt.kills * opt.killEvery);
        long spacingNanos = (long) (period * 1e9 / opt.reports);
        AtomicInteger kills = new AtomicInteger();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread killer = new Thread(() -> {
            try {
                for (int k = 0; k < opt.kills; k++) {
                    Thread.sleep((long) (opt.killEvery * 1000 * (0.25 + 1.5 * random.nextDouble())));
                    Instance victim = instances.get(random.nextInt(instances.size()));
                    long t = System.nanoTime();
                    victim.kill();
                    victim.start();
                    kills.incrementAndGet();
                    System.out.printf(Locale.ROOT, "# kill %d: instance %d SIGKILLed, ready again after %.1f s%n",
                            k + 1, victim.index(), (System.nanoTime() - t) / 1e9);
                }
            } catch (Exception e) {
                failures.add(e);
            }
        }, "chaos-killer");
        killer.start();
        sendAll(List.copyOf(reports), spacingNanos);
        killer.join();
        if (!failures.isEmpty()) {
            throw new IOException("killer failed: " + failures.get(0).getMessage());
        }
    }

    /** C client threads post the reports (each at its scheduled time when spacing > 0), with retries. */
    private void sendAll(List<Report> batch, long spacingNanos) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < opt.clients; c++) {
            Thread t = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < batch.size()) {
                    long due = start + i * spacingNanos;
                    long wait = due - System.nanoTime();
                    try {
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        post(batch.get(i));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "chaos-client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** One delivery like a platform: a few attempts on connection errors and 5xx, backoff 0.5 s doubling. */
    private void post(Report r) throws InterruptedException {
        Instance target = instances.get(r.index % instances.size());
        byte[] body = json(Map.of("user", r.user, "msgId", r.msgId, "text", r.text));
        HttpRequest req = HttpRequest.newBuilder(target.base().resolve("/webhook/generic"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("X-Shaozi-Signature", "sha256=" + GenericChannel.hmacHex(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long backoff = 500;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                retries.incrementAndGet();
                Thread.sleep(backoff);
                backoff *= 2;
            }
            requests.incrementAndGet();
            HttpResponse<String> res;
            try {
                res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                statuses.computeIfAbsent(-1, k -> new AtomicLong()).incrementAndGet();
                continue;
            }
            statuses.computeIfAbsent(res.statusCode(), k -> new AtomicLong()).incrementAndGet();
            if (res.statusCode() >= 500) {
                continue;
            }
            if (res.statusCode() == 200) {
                Optional<String> number = ticketNumber(res.body());
                if (number.isPresent()) {
                    acked.computeIfAbsent(number.get(), k -> ConcurrentHashMap.newKeySet()).add(r.index);
                } else if (noNumber.incrementAndGet() <= 5) {
                    System.out.println("# 200 without a ticket number for report " + r.index + ": " + res.body());
                }
            }
            return;
        }
        gaveUp.incrementAndGet();
    }

    static Optional<String> ticketNumber(String responseBody) {
        StringBuilder text = new StringBuilder();
        try {
            for (JsonNode reply : JSON.readTree(responseBody).path("replies")) {
                text.append(reply.path("text").asText("")).append('\n');
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        Matcher own = OWN_NUMBER.matcher(text);
        if (own.find()) {
            return Optional.of(own.group(1));
        }
        Matcher any = NUMBER.matcher(text);
        return any.find() ? Optional.of(any.group(1)) : Optional.empty();
    }

    /** Asks the admin API for every ticket and compares with the acknowledgements. */
    private int verify(long ackedAfterChaos) throws IOException, InterruptedException {
        Instance admin = instances.get(0);
        Map<String, Integer> byUser = new HashMap<>();
        for (Report r : reports) {
            byUser.put(r.user, r.index);
        }
        // Every ticket of this run, by report, from the full listing.
        Map<Integer, List<String>> ticketsOf = new HashMap<>();
        Map<String, Integer> ownerOf = new HashMap<>();
        int listed = 0;
        for (int page = 1; page <= 10_000; page++) {
            JsonNode p = getJson(admin, "/api/tickets?size=200&page=" + page).orElseThrow(
                    () -> new IOException("ticket listing failed"));
            JsonNode items = p.path("items");
            for (JsonNode item : items) {
                String number = item.path("number").asText();
                Optional<JsonNode> t = getJson(admin, "/api/tickets/" + number);
                if (t.isEmpty()) {
                    continue;
                }
                Integer owner = byUser.get(t.get().path("reporter").path("user").asText());
                if (owner != null) {
                    listed++;
                    ownerOf.put(number, owner);
                    ticketsOf.computeIfAbsent(owner, k -> new ArrayList<>()).add(number);
                }
            }
            if (items.size() < 200) {
                break;
            }
        }
        long ackedReports = acked.values().stream().flatMap(java.util.Set::stream).distinct().count();
        int lost = 0;
        int reused = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, java.util.Set<Integer>> e : new java.util.TreeMap<>(acked).entrySet()) {
            String number = e.getKey();
            Integer owner = ownerOf.get(number);
            boolean gone = owner == null && getJson(admin, "/api/tickets/" + number).isEmpty();
            for (int report : e.getValue()) {
                if (gone || owner == null || owner != report) {
                    lost++;
                    example(examples, "lost " + number + " acknowledged to report " + report + (gone ? ": 404"
                            : ": now holds " + (owner == null ? "a ticket of another run" : "report " + owner)));
                }
            }
            if (!gone && (owner == null || e.getValue().size() > 1 || !e.getValue().contains(owner))) {
                reused++;
            }
        }
        int duplicated = 0;
        int unfiled = 0;
        for (Report r : reports) {
            List<String> own = ticketsOf.getOrDefault(r.index, List.of());
            if (own.size() > 1) {
                duplicated++;
                example(examples, "duplicated report " + r.index + ": tickets " + own);
            } else if (own.isEmpty()) {
                unfiled++;
                example(examples, "unfiled report " + r.index);
            }
        }
        Map<String, Long> codes = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> codes.put(k < 0 ? "io-error" : Integer.toString(k), v.get()));
        System.out.println("# requests " + requests.get() + ", retries " + retries.get() + ", gave up " + gaveUp.get()
                + ", 200 without a ticket number " + noNumber.get() + ", answers " + codes);
        System.out.println("# instance starts " + instances.stream().map(i -> Integer.toString(i.starts())).toList()
                + ", tickets of this run listed " + listed);
        examples.forEach(x -> System.out.println("#   " + x));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sent", reports.size());
        result.put("acknowledged", ackedReports);
        result.put("acknowledgements", acked.values().stream().mapToInt(java.util.Set::size).sum());
        result.put("acknowledgedNumbers", acked.size());
        result.put("acknowledgedBeforeResend", ackedAfterChaos);
        result.put("lost", lost);
        result.put("duplicated", duplicated);
        result.put("reused", reused);
        result.put("unfiled", unfiled);
        StringBuilder line = new StringBuilder();
        result.forEach((k, v) -> line.append(line.length() == 0 ? "" : " ").append(k).append('=').append(v));
        System.out.println(line);
        return lost + duplicated + reused + unfiled > 0 ? 1 : 0;
    }

    private static void example(List<String> examples, String s) {
        if (examples.size() < 20) {
            examples.add(s);
        }
    }

    /** GET with the admin token; empty on 404, retried a few times on errors. */
    private Optional<JsonNode> getJson(Instance in, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(in.base().resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build();
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (res.statusCode() == 404) {
                    return Optional.empty();
                }
                if (res.statusCode() == 200) {
                    return Optional.of(JSON.readTree(res.body()));
                }
                last = new IOException("GET " + path + ": HTTP " + res.statusCode());
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(500L << attempt);
        }
        throw last;
    }

    private static byte[] json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(opt.pg, opt.pgUser, ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    private void dropDatabase(String name) {
        try (Connection c = DriverManager.getConnection(opt.pg, opt.pgUser, ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("chaos: could not drop database " + name + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
