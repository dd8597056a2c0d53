package io.shaozi.bench.tickets;

import io.shaozi.core.identity.OrgLoader;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.LeaseLocksJdbc;
import io.shaozi.core.store.TicketJdbc;
import io.shaozi.core.ticket.Actor;
import io.shaozi.core.ticket.CalendarLoader;
import io.shaozi.core.ticket.EscalationScanner;
import io.shaozi.core.ticket.OpenRequest;
import io.shaozi.core.ticket.OrgDirectory;
import io.shaozi.core.ticket.Reporter;
import io.shaozi.core.ticket.ReporterNotifier;
import io.shaozi.core.ticket.SlaPolicy;
import io.shaozi.core.ticket.StaffAlerts;
import io.shaozi.core.ticket.TicketMachine;
import io.shaozi.core.ticket.TicketQuery;
import io.shaozi.core.ticket.TicketService;
import io.shaozi.core.ticket.TicketStatus;
import io.shaozi.core.ticket.WorkingTime;
import io.shaozi.nlp.Urgency;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Ticket list/filter latency with N tickets on PostgreSQL, and the escalation scanner's cost per pass.
 *
 * <pre>
 * mvn -q -B -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar io.shaozi.bench.tickets.TicketQueryBench \
 *      [jdbc:postgresql://127.0.0.1:5432/test] [postgres] [1000000] [scanner-only] [--schema=NAME] [--keep]
 * </pre>
 * Loads the projection rows with one generate_series INSERT into a fresh schema (dropped at the end), indexes their
 * text with the store's own backfill ({@code TicketJdbc.indexText}, as for tickets opened before V13), vacuums and
 * analyzes (as autovacuum would have done long before in production), then times each query shape 300 times after
 * 30 warm-up runs and prints p50/p99 in milliseconds.
 * <p>
 * {@code --schema=NAME --keep} loads into (or reuses) that schema and keeps it: a later run with the same options
 * skips the load when the schema already holds N tickets, migrates it (running the backfill of any new text index
 * version, as an upgrade would) and skips the scanner part, which adds tickets.
 */
public final class TicketQueryBench {
    private static final String[] DEPTS = {"jd-cgb", "jd-zfd", "jd-pab", "jd-msb", "jd-sqb", "qu-cgw", "qu-zjw", "qu-sthj",
        "qu-jtw", "qu-jw", "qu-rsj", "qu-swj", "qu-scjg", "qu-wjw"};
    private static final String[] CATS = {"城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "商贸旅游", "卫生计生"};

    private TicketQueryBench() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test";
        String user = args.length > 1 ? args[1] : "postgres";
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(Math.min(3, args.length), args.length));
        boolean queries = !rest.remove("scanner-only");
        boolean keep = rest.remove("--keep");
        String schema = rest.stream().filter(a -> a.startsWith("--schema=")).map(a -> a.substring(9)).findFirst()
                .orElse("bench_" + Long.toHexString(System.nanoTime()));
        try (Connection c = DriverManager.getConnection(base, user, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        try (Database db = Database.open(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, "", 4)) {
            long t0 = System.nanoTime();
            boolean loaded = count(db, "SELECT COUNT(*) FROM ticket") == n;
            Clock clock = Clock.fixed(Instant.parse("2026-11-30T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
            if (!loaded) {
                load(db, n);
                System.out.printf(Locale.ROOT, "loaded %,d tickets in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
                // the bulk rows bypassed the store, like tickets opened before the text index: index them with the
                // production backfill
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("UPDATE ticket_gram_state SET last_number = '', done = FALSE");
                }
            } else {
                System.out.printf(Locale.ROOT, "reusing %,d tickets in schema %s%n", n, schema);
            }
            t0 = System.nanoTime();
            long indexed = new TicketJdbc(db, clock).indexText();
            System.out.printf(Locale.ROOT, "text index backfill: %,d tickets in %.1f s, %,d postings%n", indexed,
                    (System.nanoTime() - t0) / 1e9, count(db, "SELECT COUNT(*) FROM ticket_gram"));
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE ticket");
                s.execute("VACUUM ANALYZE ticket_gram");
            }
            TicketJdbc repo = new TicketJdbc(db, clock);
            Optional<String> none = Optional.empty();
            List<Object[]> shapes = List.of(
                    new Object[] {"all, page 1", q(none, none, none, none, Optional.empty(), none, 1)},
                    new Object[] {"status=IN_PROGRESS", q(Optional.of("IN_PROGRESS"), none, none, none, Optional.empty(), none, 1)},
                    new Object[] {"department=jd-cgb", q(none, Optional.of("jd-cgb"), none, none, Optional.empty(), none, 1)},
                    new Object[] {"department+status", q(Optional.of("DISPATCHED"), Optional.of("qu-jtw"), none, none, Optional.empty(), none, 1)},
                    new Object[] {"community+category", q(none, none, Optional.of("110101001003"), Optional.of("环境保护"), Optional.empty(), none, 1)},
                    new Object[] {"overdue=true", q(none, none, none, none, Optional.of(true), none, 1)},
                    new Object[] {"department, page 50", q(none, Optional.of("jd-zfd"), none, none, Optional.empty(), none, 50)},
                    new Object[] {"q=number prefix (a day)", q(none, none, none, none, Optional.empty(), Optional.of("20261115"), 1)},
                    new Object[] {"q=phone", q(none, none, none, none, Optional.empty(), Optional.of("13900012345"), 1)},
                    new Object[] {"q=text, common", q(none, none, none, none, Optional.empty(), Optional.of("路灯"), 1)},
                    new Object[] {"q=text, address (1/300)", q(none, none, none, none, Optional.empty(), Optional.of("胡同17号"), 1)},
                    new Object[] {"q=text, one match", q(none, none, none, none, Optional.empty(), Optional.of("内容123456"), 1)},
                    new Object[] {"q=text, rare (0 matches)", q(none, none, none, none, Optional.empty(), Optional.of("路灯9999"), 1)},
                    new Object[] {"q=text, common grams, 0", q(none, none, none, none, Optional.empty(), Optional.of("诉求内容胡同"), 1)},
                    new Object[] {"q=text, none (absent)", q(none, none, none, none, Optional.empty(), Optional.of("燃气泄漏"), 1)},
                    new Object[] {"q=common + department", q(none, Optional.of("jd-cgb"), none, none, Optional.empty(), Optional.of("路灯"), 1)},
                    new Object[] {"q=胡同17号 + department", q(none, Optional.of("jd-cgb"), none, none, Optional.empty(), Optional.of("胡同17号"), 1)},
                    new Object[] {"q=胡同17号 + status", q(Optional.of("IN_PROGRESS"), none, none, none, Optional.empty(), Optional.of("胡同17号"), 1)},
                    new Object[] {"q=内容123456 + community", q(none, none, Optional.of("110101001001"), none, Optional.empty(), Optional.of("内容123456"), 1)},
                    new Object[] {"q=胡同17号, page 10", q(none, none, none, none, Optional.empty(), Optional.of("胡同17号"), 10)});
            System.out.println("query                          p50 ms   p99 ms   total");
            for (Object[] shape : queries ? shapes : List.<Object[]>of()) {
                TicketQuery tq = (TicketQuery) shape[1];
                long[] total = new long[1];
                double[] ms = time(() -> total[0] = repo.search(tq).total(), 30, 300);
                System.out.printf(Locale.ROOT, "%-28s %8.2f %8.2f   %,d%n", shape[0], ms[0], ms[1], total[0]);
            }
            // digit-heavy text: five-digit strings (about a third have no sparse gram: the weights of their digit
            // bigrams have no interior minimum) and 内容 + six digits (about 1 in 40 has none), random with a fixed
            // seed, plus the two cases of the V14 known limit and shorter digit runs; a shape slower than 100 ms on its
            // first run gets 3 warm-ups and 30 runs instead of 30 and 300
            java.util.Random rnd = new java.util.Random(20261128L);
            List<String> digitQueries = new ArrayList<>(List.of("21820", "内容281164"));
            for (int i = 0; i < 6; i++) {
                digitQueries.add(String.format(Locale.ROOT, "%05d", rnd.nextInt(100_000)));
            }
            for (int i = 0; i < 6; i++) {
                digitQueries.add("内容" + (100_000 + rnd.nextInt(900_000)));
            }
            for (int i = 0; i < 2; i++) {
                digitQueries.add(String.format(Locale.ROOT, "%04d", rnd.nextInt(10_000)));
            }
            for (int i = 0; i < 2; i++) {
                digitQueries.add(String.format(Locale.ROOT, "%03d", rnd.nextInt(1_000)));
            }
            digitQueries.add("内容281");
            List<Object[]> digits = new ArrayList<>();
            for (String d : digitQueries) {
                digits.add(new Object[] {"q=" + d, q(none, none, none, none, Optional.empty(), Optional.of(d), 1)});
            }
            digits.add(new Object[] {"q=21820 + department", q(none, Optional.of("jd-cgb"), none, none, Optional.empty(),
                    Optional.of("21820"), 1)});
            digits.add(new Object[] {"q=21820, page 2", q(none, none, none, none, Optional.empty(), Optional.of("21820"), 2)});
            for (Object[] shape : queries ? digits : List.<Object[]>of()) {
                TicketQuery tq = (TicketQuery) shape[1];
                long[] total = new long[1];
                long t1 = System.nanoTime();
                repo.search(tq);
                boolean slow = System.nanoTime() - t1 > 100_000_000L;
                double[] ms = slow ? time(() -> total[0] = repo.search(tq).total(), 3, 30)
                        : time(() -> total[0] = repo.search(tq).total(), 30, 300);
                System.out.printf(Locale.ROOT, "%-28s %8.2f %8.2f   %,d%s%n", shape[0], ms[0], ms[1], total[0],
                        slow ? " (30 runs)" : "");
            }
            io.shaozi.core.ticket.TicketMetrics metrics = new io.shaozi.core.ticket.TicketMetrics(
                    SlaPolicy.MetricWeights.DEFAULT, code -> code);
            for (int days : new int[] {30, 365}) {
                Instant to = Instant.parse("2026-12-01T00:00:00Z");
                Instant from = to.minus(Duration.ofDays(days));
                double[] m = time(() -> metrics.compute(repo.facts(from, to),
                        io.shaozi.core.ticket.TicketMetrics.Dimension.DEPARTMENT, clock.instant()).size(), 2, 5);
                System.out.printf(Locale.ROOT, "%-26s %8.2f %8.2f%n", "metrics, " + days + " days", m[0], m[1]);
            }
            double[] due = time(() -> repo.dueForCheck(clock.instant(), 500).size(), 30, 300);
            System.out.printf(Locale.ROOT, "%-26s %8.2f %8.2f%n", "dueForCheck (none due)", due[0], due[1]);
            if (keep) {
                System.out.println("scanner part skipped (--keep: it would add tickets to the kept schema)");
            } else {
                scanner(db, clock);
            }
        } finally {
            if (!keep) {
                try (Connection c = DriverManager.getConnection(base, user, ""); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private static long count(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static TicketQuery q(Optional<String> status, Optional<String> dept, Optional<String> community,
                                 Optional<String> category, Optional<Boolean> overdue, Optional<String> text, int page) {
        return new TicketQuery(status.map(TicketStatus::valueOf), dept, community, category, overdue, text, page, 20);
    }

    private static double[] time(Supplier<Object> f, int warm, int runs) {
        for (int i = 0; i < warm; i++) {
            f.get();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            f.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], ms[(int) Math.ceil(runs * 0.99) - 1]};
    }

    /** Projection rows only (list queries never read events): 1 year of tickets, realistic spread. */
    private static void load(Database db, int n) throws Exception {
        StringBuilder depts = new StringBuilder("(ARRAY[");
        for (int i = 0; i < DEPTS.length; i++) {
            depts.append(i > 0 ? "," : "").append('\'').append(DEPTS[i]).append('\'');
        }
        depts.append("])");
        StringBuilder cats = new StringBuilder("(ARRAY[");
        for (int i = 0; i < CATS.length; i++) {
            cats.append(i > 0 ? "," : "").append('\'').append(CATS[i]).append('\'');
        }
        cats.append("])");
        String sql = "INSERT INTO ticket (number, version, status, category, urgency, department, community, reporter_key,"
                + " phone, place, content, created_at, updated_at, dispatched_at, sign_due, resolve_due, due_at, provisional,"
                + " overdue, breaches, escalation, bounces, next_check_at)"
                + " SELECT to_char(ts, 'YYYYMMDD') || lpad(g::text, 7, '0'), 3,"
                + " (ARRAY['CLOSED','CLOSED','CLOSED','CLOSED','RESOLVED','IN_PROGRESS','ACCEPTED','DISPATCHED','WITHDRAWN','MERGED'])[1 + g % 10],"
                + cats + "[1 + (g / 7) % 7], CASE WHEN g % 50 = 0 THEN 'URGENT' ELSE 'NORMAL' END,"
                + depts + "[1 + (g / 3) % 14], '1101010010' || lpad((1 + g % 8)::text, 2, '0'),"
                + " 'wechat:sz:o' || (g % 200000), '139' || lpad((g % 100000000)::text, 8, '0'),"
                + " '东城区某胡同' || (g % 300) || '号', CASE WHEN g % 13 = 0 THEN '路灯不亮' ELSE '诉求内容' END || g,"
                + " ts, ts, ts, ts + interval '2 hours', ts + interval '9 days', ts + interval '9 days', false,"
                + " g % 10 = 3, CASE WHEN g % 10 = 3 THEN 1 ELSE 0 END, 0, 0,"
                + " CASE WHEN g % 10 BETWEEN 4 AND 7 THEN timestamptz '2026-12-31' + (g % 1000) * interval '1 minute' END"
                + " FROM (SELECT g, timestamptz '2025-12-01 00:00+08' + (g::float / " + n + ") * interval '365 days' AS ts"
                + " FROM generate_series(1, " + n + ") g) x";
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
            // the list totals come from the count cells the store maintains; build them for the bulk rows
            s.execute("INSERT INTO ticket_count (status, department, community, category, overdue, n)"
                    + " SELECT status, COALESCE(department, ''), COALESCE(community, ''), category, overdue, COUNT(*)"
                    + " FROM ticket GROUP BY 1, 2, 3, 4, 5");
            s.execute("ANALYZE ticket");
            s.execute("ANALYZE ticket_count");
        }
    }

    /** Scanner: a pass with nothing due over the full table, then a pass with 1,000 real overdue tickets. */
    private static void scanner(Database db, Clock fixed) {
        var calendar = CalendarLoader.loadDefaults().calendar();
        WorkingTime wt = new WorkingTime(calendar, ZoneId.of("Asia/Shanghai"), LocalTime.of(9, 0), LocalTime.of(17, 30));
        var org = OrgLoader.loadDefault();
        TicketMachine machine = new TicketMachine(SlaPolicy.loadDefault(wt), OrgDirectory.of(org));
        Instant[] now = {fixed.instant()};
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        TicketService service = new TicketService(new TicketJdbc(db, clock), machine, clock, ReporterNotifier.NONE,
                new StaffAlerts(() -> org));
        EscalationScanner scanner = new EscalationScanner(service, new LeaseLocksJdbc(db, clock, "bench"));
        long t = System.nanoTime();
        var empty = scanner.scanOnce();
        System.out.printf(Locale.ROOT, "scanner pass, nothing due: %.2f ms (%d checked)%n", (System.nanoTime() - t) / 1e6,
                empty.checked());
        Reporter r = new Reporter("wechat", "sz", "bench", "", "13900000000");
        List<String> numbers = new ArrayList<>();
        t = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            // with an 11-digit phone number in the text (8 windows of four digits, V16) and a house number
            numbers.add(service.open(OpenRequest.of(r, "路灯不亮，晚上很黑，老人走路不方便，联系电话1391234" + (1000 + i) + " " + i,
                    "城乡建设", Urgency.NORMAL,
                    "东城区多福巷" + i + "号"), Actor.resident(r)).number());
        }
        double openS = (System.nanoTime() - t) / 1e9;
        System.out.printf(Locale.ROOT, "opened 1,000 tickets (one transaction each, text index included) in %.2f s: %.0f/s%n",
                openS, 1000 / openS);
        now[0] = now[0].plus(Duration.ofHours(5));
        t = System.nanoTime();
        var pass = scanner.scanOnce();
        double ms = (System.nanoTime() - t) / 1e6;
        System.out.printf(Locale.ROOT, "scanner pass, %d tickets breached: %.0f ms (%.2f ms/ticket, %d changed)%n",
                pass.checked(), ms, ms / Math.max(1, pass.checked()), pass.changed());
        t = System.nanoTime();
        var again = scanner.scanOnce();
        System.out.printf(Locale.ROOT, "scanner pass right after (idempotent): %.2f ms (%d changed)%n",
                (System.nanoTime() - t) / 1e6, again.changed());
    }
}
