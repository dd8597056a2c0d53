package io.shaozi.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.BatchSending;
import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.dingtalk.DingTalkApp;
import io.shaozi.adapters.dingtalk.DingTalkChannel;
import io.shaozi.core.audience.AudienceResolver;
import io.shaozi.core.channel.ChannelSenders;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.push.DingTalkSendResults;
import io.shaozi.core.state.LocalState;
import io.shaozi.core.store.CampaignJdbc;
import io.shaozi.core.store.ContentJdbc;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.JobsJdbc;
import io.shaozi.core.store.OutboxSender;
import io.shaozi.core.store.ResidentJdbc;
import io.shaozi.core.store.SendResultJdbc;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.FakeDingTalkApi;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batched DingTalk work notices through a fake DingTalk API on loopback (userid_list at most 5,000; identical content
 * to a user the same day filtered out): recipients share one asyncsend_v2 call per batch; the send-result job asks
 * getsendresult per task and settles every member's ledger row — invalid users fail, users DingTalk's flow control
 * dropped are "dropped by quota" with its code, readers get their read time.
 */
class DingTalkBatchTest {
    static final String APP = "street-app";
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
    void oneWorkNoticePerBatch_thenEachMembersOutcomeFromTheSendResult() throws Exception {
        try (FakeDingTalkApi ding = new FakeDingTalkApi(clock)) {
            DingTalkApp app = new DingTalkApp(APP, "dingapp", "app-secret", "tok3n",
                    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "dingapp", Optional.of("123456789"));
            DingTalkChannel dingtalk = new DingTalkChannel(new DingTalkChannel.Settings(3600, 1500,
                    ding.base().toString(), ding.base().toString(), Set.of(ding.base().toString()), List.of(),
                    List.of(app), List.of()), new ChannelContext(clock, HttpClient.newHttpClient(),
                    new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5)),
                    new LocalState(clock, 1000), (k, u, at) -> true));
            BatchSending b = dingtalk.batching().orElseThrow();
            assertThat(b.maxMembers(APP)).isEqualTo(5000);
            JobsJdbc jobs = new JobsJdbc(db, clock, CampaignsRunTest.CALENDAR, new JobsJdbc.Settings(Duration.ofHours(1),
                    Duration.ofMinutes(5), 1, Duration.ofSeconds(2)), "node-0");
            schedulers.add(jobs);
            Campaigns campaigns = new Campaigns(repo, content, new AudienceResolver(residents, () -> Fixtures.ORG,
                    false), new DeliveryPolicy(DeliveryPolicy.Settings.defaults()), jobs, clock,
                    CampaignsRunTest.CALENDAR, new Campaigns.Settings("https://shaozi.example/", CampaignsRunTest.NIGHT,
                    2000, Duration.ofSeconds(3), Duration.ofDays(7), (channel, account, address) ->
                    "dingtalk".equals(channel) && b.isMember(address) ? Math.min(5, b.maxMembers(account)) : 0),
                    (channel, account, user) -> dingtalk.userAddress(account, user));
            for (int i = 0; i < 12; i++) {
                residents.seen("dingtalk", APP, "ding" + i, Optional.empty(), clock.instant().minus(Duration.ofDays(1)));
            }
            long item = id(content.create(new io.shaozi.core.content.Draft(ContentKind.NOTICE, "停水通知",
                    "明天上午停水。", Optional.empty(), Optional.empty(), "东华门街道", Optional.empty()),
                    CampaignsRunTest.WORKER));
            id(content.act(item, new io.shaozi.core.content.ContentCommand.Submit(), CampaignsRunTest.WORKER));
            id(content.act(item, new io.shaozi.core.content.ContentCommand.Approve("同意"), CampaignsRunTest.CADRE));
            long id = repo.create(item, CampaignsRunTest.RESIDENTS, clock.instant(), Optional.empty(), 0, "gb-001",
                    clock.instant()).id();
            campaigns.run(id, 1);

            OutboxSender sender = new OutboxSender(db.dataSource(), clock, ChannelSenders.of(List.of(dingtalk),
                    Map.of(), Limiter.local(clock), (ch, a, r, since) -> 0, clock), OutboxSender.Settings.defaults());
            while (sender.runOnce() > 0) {
                // drain
            }
            assertThat(ding.batchSizes).containsExactlyInAnyOrder(5, 5, 2);
            assertThat(ding.workNotices.get(0)).contains("?c=" + id + "-1-").contains("ch=dingtalk");
            assertThat(statuses(id).values()).containsOnly("sent");

            ding.userResults.putAll(Map.of("ding3", "invalid", "ding7", "forbidden:143105", "ding8", "read",
                    "ding11", "pending"));
            DingTalkSendResults job = new DingTalkSendResults(new SendResultJdbc(db.dataSource()),
                    DingTalkSendResults.Platform.of(dingtalk), clock);
            clock.advance(Duration.ofMinutes(2));
            assertThat(job.checkOnce()).isEqualTo(2); // the batch with ding11 waits for DingTalk
            Map<String, String> st = statuses(id);
            assertThat(st.get("ding3")).isEqualTo("failed(dingtalk_invalid_user)");
            assertThat(st.get("ding7")).isEqualTo("dropped(dingtalk_quota_143105)");
            assertThat(st.get("ding8")).isEqualTo("sent read");
            assertThat(st.get("ding0")).isEqualTo("sent");
            ding.userResults.put("ding11", "unread");
            clock.advance(Duration.ofMinutes(1));
            assertThat(job.checkOnce()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(1));
            assertThat(job.checkOnce()).isZero(); // each task is settled once
            CampaignCounts n = repo.counts(id, Optional.empty(), Optional.empty()).get(0);
            assertThat(n.sent()).isEqualTo(10);
            assertThat(n.failedByCode()).isEqualTo(Map.of("dingtalk_invalid_user", 1L));
            assertThat(n.droppedByCode()).isEqualTo(Map.of("dingtalk_quota_143105", 1L));
            assertThat(n.read()).isEqualTo(1);
            assertThat(ding.delivered).hasSize(12).allSatisfy((u, k) -> assertThat(k).isEqualTo(1));
        }
    }

    private Map<String, String> statuses(long campaign) {
        Map<String, String> out = new HashMap<>();
        repo.forEachEntry(campaign, e -> out.put(e.to().address(), e.status().code()
                + e.code().map(c -> "(" + c + ")").orElse("") + (e.readAt().isPresent() ? " read" : "")));
        return out;
    }

    private static long id(io.shaozi.core.content.ContentDecision d) {
        return ((io.shaozi.core.content.ContentDecision.Accepted) d).item().id();
    }
}
