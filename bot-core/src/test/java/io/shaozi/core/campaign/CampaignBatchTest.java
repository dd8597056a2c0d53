package io.shaozi.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.BatchSending;
import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.wecom.Recipients;
import io.shaozi.adapters.wecom.WeComApp;
import io.shaozi.adapters.wecom.WeComChannel;
import io.shaozi.core.audience.AudienceResolver;
import io.shaozi.core.channel.ChannelSenders;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.state.LocalState;
import io.shaozi.core.store.CampaignJdbc;
import io.shaozi.core.store.ContentJdbc;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.JobsJdbc;
import io.shaozi.core.store.OutboxSender;
import io.shaozi.core.store.ResidentJdbc;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.FakeWeComApi;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batched campaign sends through a fake WeCom API on loopback that enforces WeCom's limits: recipients share one app
 * message per batch ({@code touser=a|b|c}, at most the configured size), invalid members fail with WeCom's code, a
 * 45009 answer is retried without sending anyone twice, a member at their 30 a minute holds the batch back, and a
 * sender that dies during the platform call does not send the batch again when another takes over.
 */
class CampaignBatchTest {
    static final String APP = "gov";

    private final MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00"); // a Tuesday
    private TestDatabases.Handle h = TestDatabases.h2();
    private Database db = h.db();
    private CampaignJdbc repo;
    private ResidentJdbc residents;
    private io.shaozi.core.content.ContentService content;

    {
        on(h);
    }

    /** Uses the database of {@code handle} (H2 unless a test asks for PostgreSQL). */
    private void on(TestDatabases.Handle handle) {
        if (handle != h) {
            h.close();
        }
        h = handle;
        db = h.db();
        repo = new CampaignJdbc(db.dataSource());
        residents = new ResidentJdbc(db.dataSource());
        content = new io.shaozi.core.content.ContentService(new ContentJdbc(db),
                new io.shaozi.core.content.ContentMachine(io.shaozi.core.content.SensitiveWords.NONE),
                () -> Fixtures.ORG, clock);
    }
    private final List<JobsJdbc> schedulers = new ArrayList<>();
    private FakeWeComApi api;
    private WeComChannel wecom;

    @BeforeEach
    void open() throws Exception {
        api = new FakeWeComApi(clock, 1000);
        wecom = new WeComChannel(new WeComChannel.Settings(300, 4000, api.base().toString(), List.of(new WeComApp(APP,
                "wwcorp0001", "1000002", "tok", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "secret")), true,
                api.base().toString()), new ChannelContext(clock, HttpClient.newHttpClient(),
                new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5)),
                new LocalState(clock, 1000), (k, u, at) -> true));
    }

    @AfterEach
    void close() {
        schedulers.forEach(JobsJdbc::close);
        api.close();
        h.close();
    }

    Campaigns campaigns(int batch) {
        JobsJdbc jobs = new JobsJdbc(db, clock, CampaignsRunTest.CALENDAR, new JobsJdbc.Settings(Duration.ofHours(1),
                Duration.ofMinutes(5), 1, Duration.ofSeconds(2)), "node-" + schedulers.size());
        schedulers.add(jobs);
        BatchSending b = wecom.batching().orElseThrow();
        return new Campaigns(repo, content, new AudienceResolver(residents, () -> Fixtures.ORG, false),
                new DeliveryPolicy(DeliveryPolicy.Settings.defaults()), jobs, clock, CampaignsRunTest.CALENDAR,
                new Campaigns.Settings("https://shaozi.example/", CampaignsRunTest.NIGHT, 2000, Duration.ofSeconds(3),
                        Duration.ofDays(7), (channel, account, address) -> "wecom".equals(channel) && b.isMember(address)
                        ? Math.min(batch, b.maxMembers(account)) : 0),
                (channel, account, user) -> Optional.of(Recipients.users(user).spec()));
    }

    ChannelSender sender() {
        return ChannelSenders.of(List.of(wecom), Map.of(), Limiter.local(clock), (ch, a, r, since) -> 0, clock)
                .get(Channel.WECOM);
    }

    OutboxSender outbox(ChannelSender s) {
        return new OutboxSender(db.dataSource(), clock, Map.of(Channel.WECOM, s), OutboxSender.Settings.defaults());
    }

    /** {@code n} WeCom residents m0 … m(n-1); the corp knows all but the {@code invalid} last ones. */
    void members(int n, int invalid) {
        for (int i = 0; i < n; i++) {
            residents.seen("wecom", APP, "M" + i, Optional.empty(), clock.instant().minus(Duration.ofDays(1)));
            if (i < n - invalid) {
                api.members.add("m" + i);
            }
        }
    }

    long campaign() {
        ContentKind kind = ContentKind.LEARNING;
        long item = id(content.create(new io.shaozi.core.content.Draft(kind, "学习二十大精神", "第一讲。", Optional.empty(),
                Optional.empty(), "东华门街道", Optional.empty()), CampaignsRunTest.WORKER));
        id(content.act(item, new io.shaozi.core.content.ContentCommand.Submit(), CampaignsRunTest.WORKER));
        id(content.act(item, new io.shaozi.core.content.ContentCommand.Approve("同意"), CampaignsRunTest.CADRE));
        return repo.create(item, CampaignsRunTest.RESIDENTS, clock.instant(), Optional.empty(), 0, "gb-001",
                clock.instant()).id();
    }

    private static long id(io.shaozi.core.content.ContentDecision d) {
        return ((io.shaozi.core.content.ContentDecision.Accepted) d).item().id();
    }

    Map<String, String> statuses(long campaign) {
        Map<String, String> out = new HashMap<>();
        repo.forEachEntry(campaign, e -> out.put(e.to().address(), e.status().code() + e.code().map(c -> "(" + c + ")")
                .orElse("")));
        return out;
    }

    void drain(OutboxSender s) {
        while (s.runOnce() > 0) {
            // every due row
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void recipientsShareOneMessagePerBatch_upToTheSize_andInvalidMembersFailWithWeComsCode(
            TestDatabases.Engine engine) {
        on(TestDatabases.open(engine)); // PostgreSQL writes the ledger and outbox with COPY
        members(2_300, 3);
        long id = campaign();
        campaigns(1000).run(id, 1);
        // the run wrote its ledger in chunks of 2,000: batches of 1,000, 1,000 and 300 — three outbox rows, not 2,300
        assertThat(count("SELECT COUNT(*) FROM outbox")).isEqualTo(3);

        drain(outbox(sender()));

        assertThat(api.calls).extracting(List::size).containsExactlyInAnyOrder(1000, 1000, 300);
        assertThat(api.delivered).hasSize(2_297).allSatisfy((member, n) -> assertThat(n).isEqualTo(1));
        // one body for everyone: the link carries the campaign's token and the app, no recipient's token
        assertThat(api.bodies.get(0).toString()).contains("/read/").contains("?c=" + id + "-1-")
                .contains("ch=wecom").contains("acc=gov").doesNotContain("?t=");
        Map<String, String> st = statuses(id);
        assertThat(st).hasSize(2_300);
        assertThat(st.get("M2297")).isEqualTo("failed(wecom_invaliduser)");
        assertThat(st.get("M2299")).isEqualTo("failed(wecom_invaliduser)");
        assertThat(st.values().stream().filter("sent"::equals).count()).isEqualTo(2_297);
        CampaignCounts counts = repo.counts(id, Optional.empty(), Optional.empty()).get(0);
        assertThat(counts.sent()).isEqualTo(2_297);
        assertThat(counts.failedByCode()).containsEntry("wecom_invaliduser", 3L);
    }

    @Test
    void aBatchRefusedWith45009_isSentLater_nobodyTwice() throws Exception {
        api.close();
        api = new FakeWeComApi(clock, 1); // one call a minute
        open2();
        members(30, 0);
        long id = campaign();
        campaigns(10).run(id, 1);
        OutboxSender s = outbox(sender());

        drain(s);
        assertThat(api.calls).hasSize(1);
        assertThat(api.refused45009.get()).isEqualTo(1);
        assertThat(statuses(id).values()).filteredOn(v -> v.startsWith("queued")).hasSize(20);
        for (int i = 0; i < 6 && api.calls.size() < 3; i++) {
            clock.advance(Duration.ofMinutes(2));
            drain(s);
        }
        assertThat(api.calls).hasSize(3);
        assertThat(api.delivered).hasSize(30).allSatisfy((member, n) -> assertThat(n).isEqualTo(1));
        assertThat(statuses(id).values()).containsOnly("sent");
    }

    /** The fake was replaced: the channel follows it. */
    private void open2() throws Exception {
        wecom = new WeComChannel(new WeComChannel.Settings(300, 4000, api.base().toString(), List.of(new WeComApp(APP,
                "wwcorp0001", "1000002", "tok", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "secret")), true,
                api.base().toString()), new ChannelContext(clock, HttpClient.newHttpClient(),
                new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5)),
                new LocalState(clock, 1000), (k, u, at) -> true));
    }

    @Test
    void aMemberAtTheirThirtyAMinute_holdsTheBatchBack_withoutCallingWeCom() {
        api.members.addAll(List.of("a", "b"));
        ChannelSender s = sender();
        for (int i = 0; i < 30; i++) {
            assertThat(s.send(new OutboxMessage(Channel.WECOM, APP, "user:a", new Outbound.Text("告警 " + i),
                    Optional.empty()))).isInstanceOf(SendOutcome.Sent.class);
        }
        int before = api.calls.size();
        BatchSending.Result r = s.sendBatch(new OutboxMessage(Channel.WECOM, APP, "cpb:1:1:0",
                new Outbound.Text("通知"), Optional.of("cpb:1:1:0")), List.of("user:a", "user:b"), () -> { });
        assertThat(r.outcome()).isInstanceOf(SendOutcome.Throttled.class);
        assertThat(api.calls).hasSize(before);
        clock.advance(Duration.ofMinutes(1));
        assertThat(s.sendBatch(new OutboxMessage(Channel.WECOM, APP, "cpb:1:1:0", new Outbound.Text("通知"),
                Optional.of("cpb:1:1:0")), List.of("user:a", "user:b"), () -> { }).outcome())
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(api.calls.get(api.calls.size() - 1)).containsExactly("a", "b");
        assertThat(api.dropped.get()).isZero();
    }

    /** What a killed process does: stops dead, nothing after it runs (no catch, no outcome written). */
    @SuppressWarnings("serial")
    static final class Killed extends Error {
        Killed() {
            super("kill -9", null, false, false);
        }
    }

    /** A sender that dies after (or before) the platform call of its first batch. */
    static ChannelSender dying(ChannelSender real, boolean afterCall) {
        return new ChannelSender() {
            @Override
            public SendOutcome send(OutboxMessage message) {
                return real.send(message);
            }

            @Override
            public BatchSending.Result sendBatch(OutboxMessage m, List<String> members, Runnable beforeCall) {
                if (!afterCall) {
                    throw new Killed();
                }
                real.sendBatch(m, members, beforeCall);
                throw new Killed();
            }
        };
    }

    @Test
    void aSenderKilledDuringThePlatformCall_theBatchIsNotSentAgain_itsRecipientsAreInDoubt() {
        members(5, 0);
        long id = campaign();
        campaigns(1000).run(id, 1);
        try {
            outbox(dying(sender(), true)).runOnce();
        } catch (Killed expected) {
            // the process is gone
        }
        assertThat(api.calls).hasSize(1);
        clock.advance(Duration.ofMinutes(1)); // the lease runs out; another instance takes over
        drain(outbox(sender()));
        assertThat(api.calls).hasSize(1);
        assertThat(api.delivered).allSatisfy((member, n) -> assertThat(n).isEqualTo(1));
        assertThat(statuses(id).values()).containsOnly("failed(" + OutboxSender.IN_DOUBT + ")");
    }

    @Test
    void aSenderKilledBeforeThePlatformCall_theBatchIsSentOnce_byTheNextOne() {
        members(5, 0);
        long id = campaign();
        campaigns(1000).run(id, 1);
        try {
            outbox(dying(sender(), false)).runOnce();
        } catch (Killed expected) {
            // the process is gone
        }
        assertThat(api.calls).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        drain(outbox(sender()));
        assertThat(api.calls).hasSize(1);
        assertThat(api.delivered).hasSize(5).allSatisfy((member, n) -> assertThat(n).isEqualTo(1));
        assertThat(statuses(id).values()).containsOnly("sent");
    }

    @Test
    void yixueInChat_countsForTheBatchedRecipient_whoWroteIt() {
        members(3, 0);
        long id = campaign();
        campaigns(1000).run(id, 1);
        drain(outbox(sender()));
        assertThat(api.calls).hasSize(1);
        PushChat chat = new PushChat(repo, content, (item, token) -> "https://shaozi.example/read/" + item, clock);
        // a WeCom resident writes 已学: the dialog names them by their channel identity
        assertThat(chat.answer("已学", new io.shaozi.core.audience.Recipient("wecom", APP, "M1")).orElseThrow())
                .contains("已记录").contains("学习二十大精神");
        Map<String, LedgerEntry> rows = new HashMap<>();
        repo.forEachEntry(id, e -> rows.put(e.to().address(), e));
        assertThat(rows.get("M1").studiedAt()).isPresent();
        assertThat(rows.get("M1").readAt()).isPresent();
        assertThat(rows.get("M0").studiedAt()).isEmpty();
        assertThat(rows.get("M2").studiedAt()).isEmpty();
        assertThat(repo.counts(id, Optional.empty(), Optional.empty()).get(0).studied()).isEqualTo(1);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void twoInstancesSendingAtOnce_sendEachBatchOnce(TestDatabases.Engine engine) throws Exception {
        on(TestDatabases.open(engine));
        members(600, 0);
        long id = campaign();
        campaigns(100).run(id, 1);
        assertThat(count("SELECT COUNT(*) FROM outbox")).isEqualTo(6);
        ChannelSender shared = sender();
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                OutboxSender instance = new OutboxSender(db.dataSource(), clock, Map.of(Channel.WECOM, shared),
                        new OutboxSender.Settings(2, Duration.ofSeconds(30), 12, Duration.ofSeconds(5),
                                Duration.ofHours(1), Duration.ofMillis(250), Duration.ZERO, 1));
                done.add(two.submit(() -> {
                    start.await();
                    drain(instance);
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            two.shutdownNow();
        }
        assertThat(api.calls).hasSize(6);
        assertThat(api.delivered).hasSize(600).allSatisfy((member, n) -> assertThat(n).isEqualTo(1));
        assertThat(statuses(id).values()).containsOnly("sent");
    }

    long count(String sql) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
