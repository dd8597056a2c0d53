package io.shaozi.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.BatchSending;
import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.wechat.Mode;
import io.shaozi.adapters.wechat.WeChatAccount;
import io.shaozi.adapters.wechat.WeChatChannel;
import io.shaozi.core.audience.AudienceResolver;
import io.shaozi.core.audience.Recipient;
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
import io.shaozi.core.testing.FakeWeChatApi;
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
 * WeChat residents outside the customer-service window, reached by 服务号 mass send (push.wechatMassSend), batched into
 * mass sends by OpenID list (push.batch.wechat) through a fake WeChat API on loopback that answers 45011 over its calls
 * a minute and filters a user's fifth mass send of a month: one call per batch, a 45011 is sent again a minute later, nobody
 * twice, and the rows count against each user's 4 a month (via mass).
 */
class WeChatMassBatchTest {
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
    void massSendsBatchedByOpenIdList_45011IsRetried_nobodyTwice_andTheMonthlyQuotaCounts() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            api.clock = clock;
            api.massPerMinute = 2;
            WeChatChannel wechat = new WeChatChannel(new WeChatChannel.Settings(300, 4000, api.base().toString(),
                    List.of(new WeChatAccount("duofu", "wxb11529c136998cb6", "tok",
                            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", Mode.SAFE, "secret"))),
                    new ChannelContext(clock, HttpClient.newHttpClient(), new AccessTokenManager(
                            new InMemoryTokenStore(), clock, Duration.ofMinutes(5)), new LocalState(clock, 1000),
                            (k, u, at) -> true));
            BatchSending b = wechat.batching().orElseThrow();
            JobsJdbc jobs = new JobsJdbc(db, clock, CampaignsRunTest.CALENDAR, new JobsJdbc.Settings(Duration.ofHours(1),
                    Duration.ofMinutes(5), 1, Duration.ofSeconds(2)), "node-0");
            schedulers.add(jobs);
            Campaigns campaigns = new Campaigns(repo, content, new AudienceResolver(residents, () -> Fixtures.ORG,
                    false), new DeliveryPolicy(new DeliveryPolicy.Settings(48, 5, Optional.empty(), true)), jobs, clock,
                    CampaignsRunTest.CALENDAR, new Campaigns.Settings("https://shaozi.example/", CampaignsRunTest.NIGHT,
                    2000, Duration.ofSeconds(3), Duration.ofDays(7), (channel, account, address) ->
                    "wechat".equals(channel) && b.isMember(address) ? Math.min(10, b.maxMembers(account)) : 0),
                    (channel, account, user) -> wechat.userAddress(account, user));
            for (int i = 0; i < 25; i++) { // all last wrote three days ago: outside the 48 h window
                residents.seen("wechat", "duofu", "oUser" + i, Optional.empty(), clock.instant().minus(Duration.ofDays(3)));
            }
            long item = id(content.create(new io.shaozi.core.content.Draft(ContentKind.NOTICE, "停水通知",
                    "明天上午停水。", Optional.empty(), Optional.empty(), "东华门街道", Optional.empty()),
                    CampaignsRunTest.WORKER));
            id(content.act(item, new io.shaozi.core.content.ContentCommand.Submit(), CampaignsRunTest.WORKER));
            id(content.act(item, new io.shaozi.core.content.ContentCommand.Approve("同意"), CampaignsRunTest.CADRE));
            long id = repo.create(item, CampaignsRunTest.RESIDENTS, clock.instant(), Optional.empty(), 0, "gb-001",
                    clock.instant()).id();
            campaigns.run(id, 1);

            OutboxSender sender = new OutboxSender(db.dataSource(), clock, ChannelSenders.of(List.of(wechat),
                    Map.of(), Limiter.local(clock), (ch, a, r, since) -> 0, clock), OutboxSender.Settings.defaults());
            for (int i = 0; i < 10 && api.massSends.size() < 3; i++) {
                while (sender.runOnce() > 0) {
                    // drain what is due
                }
                clock.advance(Duration.ofMinutes(2));
            }
            assertThat(api.massSends).extracting(List::size).containsExactlyInAnyOrder(10, 10, 5);
            assertThat(api.massRefused.get()).isPositive();
            assertThat(api.customSends).isEmpty();
            assertThat(api.massDelivered).hasSize(25).allSatisfy((u, n) -> assertThat(n).isEqualTo(1));
            Map<String, String> st = new HashMap<>();
            repo.forEachEntry(id, e -> st.put(e.to().address(), e.status().code()));
            assertThat(st).hasSize(25);
            assertThat(st.values()).containsOnly("sent");
            // the batched rows count against the users' mass sends of the month
            Map<Recipient, CampaignRepository.Facts> f = repo.facts(List.of(new Recipient("wechat", "duofu", "oUser3")),
                    item, clock.instant().minus(Duration.ofDays(2)), clock.instant().minus(Duration.ofHours(1)));
            assertThat(f.get(new Recipient("wechat", "duofu", "oUser3")).massThisMonth()).isEqualTo(1);

            // WeChat reports each finished job (MASSSENDJOBFINISH, parsed from its XML by the WeChat adapter): the
            // counts are kept once per job and summed for the campaign; other messages pass to the dialog
            assertThat(repo.massTotals(id)).isEmpty();
            List<String> passed = new ArrayList<>();
            io.shaozi.core.channel.MassSendEvents events = new io.shaozi.core.channel.MassSendEvents(in -> {
                passed.add(in.getClass().getSimpleName());
                return List.of();
            }, repo::massResult, clock);
            Map<String, String> fields = new HashMap<>(Map.of("ToUserName", "gh_duofu", "FromUserName", "oAdmin",
                    "CreateTime", "1764554400", "MsgType", "event", "Event", "MASSSENDJOBFINISH", "MsgID", "1001",
                    "Status", "send success", "TotalCount", "10", "FilterCount", "9", "SentCount", "9"));
            fields.put("ErrorCount", "0");
            io.shaozi.adapters.common.Inbound finish = ((io.shaozi.adapters.tencent.WxInbound.Ok)
                    io.shaozi.adapters.tencent.WxInbound.map(Channel.WECHAT, "duofu", fields, "",
                            java.util.Set.of(io.shaozi.adapters.tencent.WxInbound.MASS_SEND_JOB_FINISH))).inbound();
            assertThat(events.reply(finish)).isEmpty();
            assertThat(events.reply(finish)).isEmpty(); // a redelivery counts once
            fields.put("MsgID", "1002");
            fields.put("FilterCount", "10");
            fields.put("SentCount", "10");
            events.reply(((io.shaozi.adapters.tencent.WxInbound.Ok) io.shaozi.adapters.tencent.WxInbound.map(
                    Channel.WECHAT, "duofu", fields, "", java.util.Set.of(
                            io.shaozi.adapters.tencent.WxInbound.MASS_SEND_JOB_FINISH))).inbound());
            fields.put("MsgID", "999999"); // not this campaign's job
            events.reply(((io.shaozi.adapters.tencent.WxInbound.Ok) io.shaozi.adapters.tencent.WxInbound.map(
                    Channel.WECHAT, "duofu", fields, "", java.util.Set.of(
                            io.shaozi.adapters.tencent.WxInbound.MASS_SEND_JOB_FINISH))).inbound());
            assertThat(passed).isEmpty();
            assertThat(repo.massTotals(id)).contains(new CampaignRepository.MassTotals(2, 20, 19, 19, 0));
            events.reply(new io.shaozi.adapters.common.Inbound.Text(new io.shaozi.adapters.common.Origin(
                    Channel.WECHAT, "duofu", "oUser1", "m1", clock.instant()), "你好"));
            assertThat(passed).containsExactly("Text");
        }
    }

    private static long id(io.shaozi.core.content.ContentDecision d) {
        return ((io.shaozi.core.content.ContentDecision.Accepted) d).item().id();
    }
}
