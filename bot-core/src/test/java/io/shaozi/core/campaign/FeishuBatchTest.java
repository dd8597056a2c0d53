package io.shaozi.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.BatchSending;
import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.feishu.FeishuApp;
import io.shaozi.adapters.feishu.FeishuChannel;
import io.shaozi.core.audience.AudienceResolver;
import io.shaozi.core.channel.ChannelSenders;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.state.LocalState;
import io.shaozi.core.store.CampaignJdbc;
import io.shaozi.core.store.ContentJdbc;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.JobsJdbc;
import io.shaozi.core.store.OutboxSender;
import io.shaozi.core.store.ResidentJdbc;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.FakeFeishuApi;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batched Feishu sends through a fake Feishu API on loopback enforcing batch_send's limits (HTTP 429 with
 * x-ogw-ratelimit-reset beyond the calls allowed a second; at most 200 ids): recipients share one batch_send call
 * per batch of at most 200, a 429 is waited out and nobody gets the message twice, ids Feishu calls invalid fail
 * with their code.
 */
class FeishuBatchTest {
    static final String APP = "lark";
    private final MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00");
    private final TestDatabases.Handle h = TestDatabases.h2();
    private final Database db = h.db();
    private final CampaignJdbc repo = new CampaignJdbc(db.dataSource());
    private final ResidentJdbc residents = new ResidentJdbc(db.dataSource());
    private final io.shaozi.core.content.ContentService content = new io.shaozi.core.content.ContentService(
            new ContentJdbc(db), new io.shaozi.core.content.ContentMachine(io.shaozi.core.content.SensitiveWords.NONE),
            () -> Fixtures.ORG, clock);
    private final List<JobsJdbc> schedulers = new ArrayList<>();

    @AfterEach
    void close() {
        schedulers.forEach(JobsJdbc::close);
        h.close();
    }

    @Test
    void batchesOfAtMost200_a429IsWaitedOut_invalidIdsFail_nobodyTwice() throws Exception {
        try (FakeFeishuApi api = new FakeFeishuApi(clock, 1, 1000)) { // one batch_send a second
            FeishuChannel feishu = new FeishuChannel(new FeishuChannel.Settings(3600, api.base().toString(),
                    List.of(new FeishuApp(APP, "cli_1", "s", "vt", Optional.empty()))), new ChannelContext(clock,
                    HttpClient.newHttpClient(), new AccessTokenManager(new InMemoryTokenStore(), clock,
                    Duration.ofMinutes(5)), new LocalState(clock, 1000), (k, u, at) -> true));
            BatchSending b = feishu.batching().orElseThrow();
            JobsJdbc jobs = new JobsJdbc(db, clock, CampaignsRunTest.CALENDAR, new JobsJdbc.Settings(Duration.ofHours(1),
                    Duration.ofMinutes(5), 1, Duration.ofSeconds(2)), "node-0");
            schedulers.add(jobs);
            Campaigns campaigns = new Campaigns(repo, content, new AudienceResolver(residents, () -> Fixtures.ORG,
                    false), new DeliveryPolicy(DeliveryPolicy.Settings.defaults()), jobs, clock,
                    CampaignsRunTest.CALENDAR, new Campaigns.Settings("https://shaozi.example/", CampaignsRunTest.NIGHT,
                    2000, Duration.ofSeconds(3), Duration.ofDays(7), (channel, account, address) ->
                    "feishu".equals(channel) && b.isMember(address) ? Math.min(1000, b.maxMembers(account)) : 0),
                    (channel, account, user) -> feishu.userAddress(account, user));
            for (int i = 0; i < 450; i++) {
                residents.seen("feishu", APP, "ou_" + i, Optional.empty(), clock.instant().minus(Duration.ofDays(1)));
                if (i % 100 != 7) {
                    api.users.add("ou_" + i);
                }
            }
            long item = id(content.create(new io.shaozi.core.content.Draft(ContentKind.LEARNING, "学习党章",
                    "第一章。", Optional.empty(), Optional.empty(), "东华门街道", Optional.empty()),
                    CampaignsRunTest.WORKER));
            id(content.act(item, new io.shaozi.core.content.ContentCommand.Submit(), CampaignsRunTest.WORKER));
            id(content.act(item, new io.shaozi.core.content.ContentCommand.Approve("同意"), CampaignsRunTest.CADRE));
            long id = repo.create(item, CampaignsRunTest.RESIDENTS, clock.instant(), Optional.empty(), 0, "gb-001",
                    clock.instant()).id();
            campaigns.run(id, 1);

            OutboxSender sender = new OutboxSender(db.dataSource(), clock, ChannelSenders.of(List.of(feishu),
                    Map.of(), Limiter.local(clock), (ch, a, r, since) -> 0, clock),
                    new OutboxSender.Settings(50, Duration.ofSeconds(30), 12, Duration.ofSeconds(1), Duration.ofHours(1),
                            Duration.ofMillis(250), Duration.ZERO, 1));
            for (int i = 0; i < 20 && api.batches.size() < 3; i++) {
                while (sender.runOnce() > 0) {
                    // drain what is due
                }
                clock.advance(Duration.ofSeconds(5));
            }
            assertThat(api.batches).extracting(List::size).containsExactlyInAnyOrder(200, 200, 50);
            assertThat(api.refused429.get()).isPositive();
            assertThat(api.lastBatch).contains("\"msg_type\"").contains("?c=" + id + "-1-").contains("ch=feishu");
            assertThat(api.delivered).hasSize(445).allSatisfy((u, n) -> assertThat(n).isEqualTo(1));
            Map<String, String> st = new HashMap<>();
            repo.forEachEntry(id, e -> st.put(e.to().address(), e.status().code() + e.code().map(c -> "(" + c + ")")
                    .orElse("")));
            assertThat(st.get("ou_7")).isEqualTo("failed(feishu_invalid_id)");
            assertThat(st.get("ou_407")).isEqualTo("failed(feishu_invalid_id)");
            assertThat(st.values().stream().filter("sent"::equals).count()).isEqualTo(445);
        }
    }

    @Test
    void aBatchWhoseAnswerIsLost_isNotSentAgain_itsRecipientsAreInDoubt() throws Exception {
        try (FakeFeishuApi api = new FakeFeishuApi(clock, 50, 1000)) {
            FeishuChannel feishu = new FeishuChannel(new FeishuChannel.Settings(3600, api.base().toString(),
                    List.of(new FeishuApp(APP, "cli_1", "s", "vt", Optional.empty()))), new ChannelContext(clock,
                    HttpClient.newHttpClient(), new AccessTokenManager(new InMemoryTokenStore(), clock,
                    Duration.ofMinutes(5)), new LocalState(clock, 1000), (k, u, at) -> true));
            BatchSending b = feishu.batching().orElseThrow();
            JobsJdbc jobs = new JobsJdbc(db, clock, CampaignsRunTest.CALENDAR, new JobsJdbc.Settings(Duration.ofHours(1),
                    Duration.ofMinutes(5), 1, Duration.ofSeconds(2)), "node-1");
            schedulers.add(jobs);
            Campaigns campaigns = new Campaigns(repo, content, new AudienceResolver(residents, () -> Fixtures.ORG,
                    false), new DeliveryPolicy(DeliveryPolicy.Settings.defaults()), jobs, clock,
                    CampaignsRunTest.CALENDAR, new Campaigns.Settings("https://shaozi.example/", CampaignsRunTest.NIGHT,
                    2000, Duration.ofSeconds(3), Duration.ofDays(7), (channel, account, address) ->
                    "feishu".equals(channel) && b.isMember(address) ? 200 : 0),
                    (channel, account, user) -> feishu.userAddress(account, user));
            for (int i = 0; i < 5; i++) {
                residents.seen("feishu", APP, "ou_" + i, Optional.empty(), clock.instant().minus(Duration.ofDays(1)));
            }
            long item = id(content.create(new io.shaozi.core.content.Draft(ContentKind.NOTICE, "停电通知",
                    "周六停电。", Optional.empty(), Optional.empty(), "东华门街道", Optional.empty()),
                    CampaignsRunTest.WORKER));
            id(content.act(item, new io.shaozi.core.content.ContentCommand.Submit(), CampaignsRunTest.WORKER));
            id(content.act(item, new io.shaozi.core.content.ContentCommand.Approve("同意"), CampaignsRunTest.CADRE));
            long id = repo.create(item, CampaignsRunTest.RESIDENTS, clock.instant(), Optional.empty(), 0, "gb-001",
                    clock.instant()).id();
            campaigns.run(id, 1);
            api.dropAnswers = 1;
            OutboxSender sender = new OutboxSender(db.dataSource(), clock, ChannelSenders.of(List.of(feishu),
                    Map.of(), Limiter.local(clock), (ch, a, r, since) -> 0, clock), OutboxSender.Settings.defaults());
            for (int i = 0; i < 3; i++) {
                while (sender.runOnce() > 0) {
                    // drain what is due
                }
                clock.advance(Duration.ofMinutes(5));
            }
            assertThat(api.batches).hasSize(1);
            assertThat(api.delivered).hasSize(5).allSatisfy((u, n) -> assertThat(n).isEqualTo(1));
            Map<String, String> st = new HashMap<>();
            repo.forEachEntry(id, e -> st.put(e.to().address(), e.status().code() + e.code().map(c -> "(" + c + ")")
                    .orElse("")));
            assertThat(st.values()).hasSize(5).containsOnly("failed(" + OutboxSender.IN_DOUBT + ")");
        }
    }

    private static long id(io.shaozi.core.content.ContentDecision d) {
        return ((io.shaozi.core.content.ContentDecision.Accepted) d).item().id();
    }
}
