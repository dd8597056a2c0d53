package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OutboxSenderTest {
    private final MutableClock clock = MutableClock.at("2026-11-28T08:00:00Z");

    private static OutboxMessage card(String robot, int n) {
        return new OutboxMessage(Channel.DINGTALK, "street-robot", robot,
                new Outbound.Card("新哨单 #" + n, "楼道灯不亮", List.of(new Outbound.Button("查看", "http://x/" + n))),
                Optional.of("alert:" + robot + ":" + n));
    }

    private void enqueue(Database db, OutboxMessage m) {
        new Tx(db.dataSource()).inTx(c -> OutboxJdbc.enqueue(c, m, clock.instant()));
    }

    private static String titleOf(OutboxMessage m) {
        return ((Outbound.Card) m.payload()).title();
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void burstToOneRobot_isDeliveredInOrderWithinTheRateLimit_andSurvivesARestart(TestDatabases.Engine engine) {
        String url = TestDatabases.freshUrl(engine);
        String user = engine == TestDatabases.Engine.POSTGRESQL ? TestDatabases.PG_USER : "";
        List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        Map<Long, Integer> perMinute = new java.util.TreeMap<>();
        Map<Long, Integer> taken = new java.util.HashMap<>(); // the robot's own count per clock minute
        ChannelSender robot = m -> {
            if (taken.merge(clock.millis() / 60_000, 1, Integer::sum) > 20) {
                long nextMinute = (clock.millis() / 60_000 + 1) * 60_000;
                return new SendOutcome.Throttled(Instant.ofEpochMilli(nextMinute), "20 per minute");
            }
            delivered.add(titleOf(m));
            perMinute.merge(clock.millis() / 60_000, 1, Integer::sum);
            return SendOutcome.Sent.ok();
        };
        try (Database db = Database.open(url, user, "", 4)) {
            for (int i = 1; i <= 100; i++) {
                enqueue(db, card("group-1", i));
            }
            boolean again = new Tx(db.dataSource()).inTx(c -> OutboxJdbc.enqueue(c, card("group-1", 7), clock.instant()));
            assertThat(again).as("same dedupe key is queued once").isFalse();
            OutboxSender sender = new OutboxSender(db.dataSource(), clock, Map.of(Channel.DINGTALK, robot),
                    OutboxSender.Settings.defaults());
            drain(sender, () -> delivered.size() >= 50);
        }
        // restart: a new process opens the same database
        try (Database db = Database.open(url, user, "", 4)) {
            OutboxSender sender = new OutboxSender(db.dataSource(), clock, Map.of(Channel.DINGTALK, robot),
                    OutboxSender.Settings.defaults());
            drain(sender, () -> delivered.size() >= 100);
            assertThat(sender.countByState()).isEqualTo(Map.of("DONE", 100L));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            expected.add("新哨单 #" + i);
        }
        assertThat(delivered).containsExactlyElementsOf(expected);
        assertThat(perMinute.values()).allMatch(n -> n <= 20);
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void aBusyRecipientsQueue_goesOutInOnePass_andARetryHoldsTheRowsBehindItBack(TestDatabases.Engine engine) {
        List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        ChannelSender robot = m -> {
            if (titleOf(m).equals("新哨单 #5") && failedOnce.compareAndSet(false, true)) {
                return new SendOutcome.RetryLater(clock.instant(), "timeout");
            }
            delivered.add(titleOf(m));
            return SendOutcome.Sent.ok();
        };
        try (Database db = TestDatabases.openDb(engine)) {
            for (int i = 1; i <= 30; i++) {
                enqueue(db, card("dept-gov", i));
            }
            enqueue(db, card("dept-other", 1));
            OutboxSender sender = new OutboxSender(db.dataSource(), clock, Map.of(Channel.DINGTALK, robot),
                    OutboxSender.Settings.defaults());
            assertThat(sender.runOnce()).as("both heads and the rows queued behind the first one").isEqualTo(31);
            assertThat(delivered).as("in order up to the failed row; the other recipient is not held up")
                    .containsExactly("新哨单 #1", "新哨单 #2", "新哨单 #3", "新哨单 #4", "新哨单 #1");
            assertThat(sender.countByState()).isEqualTo(Map.of("DONE", 5L, "PENDING", 26L));
            drain(sender, () -> delivered.size() >= 31);
            assertThat(sender.countByState()).isEqualTo(Map.of("DONE", 31L));
            List<String> gov = new ArrayList<>(delivered.subList(4, delivered.size()));
            gov.remove("新哨单 #1");
            List<String> expected = new ArrayList<>();
            for (int i = 5; i <= 30; i++) {
                expected.add("新哨单 #" + i);
            }
            assertThat(gov).as("the held-back rows follow the retried one, in order, with no attempt used up")
                    .containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void aRateLimitedRecipientsBacklog_isParkedOnce_othersAreNotHeldUp_andItAllGoesOutInOrder(
            TestDatabases.Engine engine) throws Exception {
        List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        Map<Long, Integer> taken = new java.util.HashMap<>();
        ChannelSender robot = m -> {
            if (m.recipient().equals("dept-busy") && taken.merge(clock.millis() / 60_000, 1, Integer::sum) > 20) {
                return new SendOutcome.Throttled(Instant.ofEpochMilli((clock.millis() / 60_000 + 1) * 60_000),
                        "20 per minute");
            }
            delivered.add(m.recipient() + " " + titleOf(m));
            return SendOutcome.Sent.ok();
        };
        try (Database db = TestDatabases.openDb(engine)) {
            for (int i = 1; i <= 400; i++) {
                enqueue(db, card("dept-busy", i));
            }
            OutboxSender sender = new OutboxSender(db.dataSource(), clock, Map.of(Channel.DINGTALK, robot),
                    OutboxSender.Settings.defaults());
            drain(sender, () -> delivered.size() >= 20);
            assertThat(sender.runOnce()).as("the rest waits for the next minute").isZero();
            // the backlog is parked: a walk for heads no longer reads it
            assertThat(sender.countByState().getOrDefault("QUEUED", 0L)).isGreaterThanOrEqualTo(300L);
            for (int i = 1; i <= 5; i++) {
                enqueue(db, card("dept-quiet-" + i, i));
            }
            assertThat(sender.runOnce()).as("queued later, sent at once: the busy backlog before them is parked")
                    .isEqualTo(5);
            assertThat(delivered.subList(20, 25)).allMatch(d -> d.startsWith("dept-quiet-"));
            // a row parked while nothing of its recipient is open any more (a race with the row ahead of it being
            // settled, or a crash) is promoted by the sweep of a sender that starts
            long orphan = new Tx(db.dataSource()).inTx(c -> {
                OutboxJdbc.enqueue(c, card("dept-orphan", 1), clock.instant());
                try (java.sql.PreparedStatement ps = c.prepareStatement(
                        "UPDATE outbox SET state = 'QUEUED' WHERE recipient = 'dept-orphan'")) {
                    return (long) ps.executeUpdate();
                }
            });
            assertThat(orphan).isEqualTo(1);
            OutboxSender restarted = new OutboxSender(db.dataSource(), clock, Map.of(Channel.DINGTALK, robot),
                    OutboxSender.Settings.defaults());
            assertThat(restarted.runOnce()).isEqualTo(1);
            assertThat(delivered).last().isEqualTo("dept-orphan 新哨单 #1");
            drain(restarted, () -> delivered.size() >= 406);
            assertThat(restarted.countByState()).isEqualTo(Map.of("DONE", 406L));
            List<String> busy = delivered.stream().filter(d -> d.startsWith("dept-busy ")).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 400; i++) {
                expected.add("dept-busy 新哨单 #" + i);
            }
            assertThat(busy).as("every row of the busy recipient once, in order").containsExactlyElementsOf(expected);
        }
    }

    /** Runs passes, moving the fake clock a minute whenever nothing is due, until {@code done}. */
    private void drain(OutboxSender sender, java.util.function.BooleanSupplier done) {
        for (int guard = 0; guard < 1000 && !done.getAsBoolean(); guard++) {
            if (sender.runOnce() == 0) {
                clock.advance(Duration.ofMinutes(1));
            }
        }
        assertThat(done.getAsBoolean()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void transientFailures_backOff_thenGiveUp_andRejectionsFailAtOnce(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            enqueue(db, new OutboxMessage(Channel.WECHAT, "a1", "openid-flaky", new Outbound.Text("你好"),
                    Optional.empty()));
            enqueue(db, new OutboxMessage(Channel.WECHAT, "a1", "openid-gone", new Outbound.Text("你好"),
                    Optional.empty()));
            List<Instant> attemptsAt = new ArrayList<>();
            ChannelSender wechat = m -> {
                if (m.recipient().equals("openid-gone")) {
                    return new SendOutcome.Rejected("45015", "outside the 48 h window");
                }
                attemptsAt.add(clock.instant());
                return new SendOutcome.RetryLater(clock.instant(), "errcode -1 system busy");
            };
            OutboxSender.Settings s = new OutboxSender.Settings(10, Duration.ofMinutes(2), 4, Duration.ofSeconds(5),
                    Duration.ofHours(1), Duration.ofMillis(100));
            OutboxSender sender = new OutboxSender(db.dataSource(), clock, Map.of(Channel.WECHAT, wechat), s);
            assertThat(sender.runOnce()).isEqualTo(2);
            assertThat(sender.runOnce()).as("not due before the backoff").isZero();
            clock.advance(Duration.ofSeconds(5));
            assertThat(sender.runOnce()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(9));
            assertThat(sender.runOnce()).as("second backoff is 10 s").isZero();
            clock.advance(Duration.ofSeconds(1));
            assertThat(sender.runOnce()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(20));
            assertThat(sender.runOnce()).isEqualTo(1);
            clock.advance(Duration.ofHours(2));
            assertThat(sender.runOnce()).isZero();
            assertThat(attemptsAt).hasSize(4);
            assertThat(sender.countByState()).isEqualTo(Map.of("FAILED", 2L));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void senderThatDiesMidSend_leavesTheRowToBeClaimedAfterTheLease(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            enqueue(db, new OutboxMessage(Channel.WECHAT, "a1", "openid-1", new Outbound.Text("进展"), Optional.empty()));
            List<String> sent = new ArrayList<>();
            OutboxSender.Settings s = OutboxSender.Settings.defaults();
            OutboxSender dying = new OutboxSender(db.dataSource(), clock, Map.of(), s);
            assertThat(dying.claim()).hasSize(1); // claimed, then the process dies before sending
            OutboxSender next = new OutboxSender(db.dataSource(), clock,
                    Map.of(Channel.WECHAT, m -> {
                        sent.add(((Outbound.Text) m.payload()).text());
                        return SendOutcome.Sent.ok();
                    }), s);
            assertThat(next.runOnce()).as("still leased").isZero();
            clock.advance(s.lease().plusSeconds(1));
            assertThat(next.runOnce()).isEqualTo(1);
            assertThat(sent).containsExactly("进展");
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void twoSenders_neverSendTheSameRowTwice(TestDatabases.Engine engine) throws Exception {
        try (Database db = TestDatabases.openDb(engine)) {
            for (int i = 0; i < 200; i++) {
                enqueue(db, new OutboxMessage(Channel.WECHAT, "a1", "openid-" + i, new Outbound.Text("m" + i),
                        Optional.empty()));
            }
            List<String> sent = Collections.synchronizedList(new ArrayList<>());
            ChannelSender slow = m -> {
                sent.add(m.recipient());
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                return SendOutcome.Sent.ok();
            };
            OutboxSender.Settings s = new OutboxSender.Settings(20, Duration.ofMinutes(2), 5, Duration.ofSeconds(5),
                    Duration.ofHours(1), Duration.ofMillis(100));
            OutboxSender a = new OutboxSender(db.dataSource(), clock, Map.of(Channel.WECHAT, slow), s);
            OutboxSender b = new OutboxSender(db.dataSource(), clock, Map.of(Channel.WECHAT, slow), s);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (OutboxSender x : List.of(a, b)) {
                    runs.add(pool.submit(() -> {
                        go.await();
                        int total = 0;
                        int n;
                        while ((n = x.runOnce()) > 0) {
                            total += n;
                        }
                        return total;
                    }));
                }
                go.countDown();
                int total = 0;
                for (Future<Integer> f : runs) {
                    total += f.get(60, TimeUnit.SECONDS);
                }
                assertThat(sent).hasSize(200).doesNotHaveDuplicates();
                assertThat(a.countByState()).isEqualTo(Map.of("DONE", 200L));
                assertThat(total).isLessThanOrEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void anUnreadableRow_failsAlone_andTheRestIsDelivered(TestDatabases.Engine engine) throws Exception {
        try (Database db = TestDatabases.openDb(engine)) {
            enqueue(db, new OutboxMessage(Channel.WECHAT, "a1", "openid-1", new Outbound.Text("第一条"), Optional.empty()));
            try (java.sql.Connection c = db.dataSource().getConnection();
                 java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE outbox SET kind = 'hologram' WHERE recipient = 'openid-1'");
            }
            enqueue(db, new OutboxMessage(Channel.WECHAT, "a1", "openid-2", new Outbound.Text("第二条"), Optional.empty()));
            List<String> sent = new ArrayList<>();
            OutboxSender sender = new OutboxSender(db.dataSource(), clock, Map.of(Channel.WECHAT, m -> {
                sent.add(((Outbound.Text) m.payload()).text());
                return SendOutcome.Sent.ok();
            }), OutboxSender.Settings.defaults());
            sender.runOnce();
            sender.runOnce();
            assertThat(sent).containsExactly("第二条");
            assertThat(sender.countByState()).isEqualTo(Map.of("DONE", 1L, "FAILED", 1L));
        }
    }
}
