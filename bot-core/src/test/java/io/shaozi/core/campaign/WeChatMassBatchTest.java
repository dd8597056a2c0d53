package io.shaozi.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.BatchSending;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.wechat.Mode;
import io.shaozi.adapters.wechat.WeChatAccount;
import io.shaozi.adapters.wechat.WeChatChannel;
import io.shaozi.core.audience.Recipient;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.store.CampaignJdbc;
import io.shaozi.core.store.OutboxSender;
import io.shaozi.core.testing.FakeWeChatApi;
import io.shaozi.core.testing.MutableClock;
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
    private final CampaignTestBed bed = new CampaignTestBed();
    private final MutableClock clock = bed.clock;
    private final CampaignJdbc repo = bed.repo;

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void massSendsBatchedByOpenIdList_45011IsRetried_nobodyTwice_andTheMonthlyQuotaCounts() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            api.clock = clock;
            api.massPerMinute = 2;
            WeChatChannel wechat = new WeChatChannel(new WeChatChannel.Settings(300, 4000, api.base().toString(),
                    List.of(new WeChatAccount("duofu", "wxb11529c136998cb6", "tok",
                            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", Mode.SAFE, "secret"))), bed.context());
            BatchSending b = wechat.batching().orElseThrow();
            Campaigns campaigns = bed.campaigns("node-0",
                    new DeliveryPolicy(new DeliveryPolicy.Settings(48, 5, Optional.empty(), true)),
                    (channel, account, address) ->
                    "wechat".equals(channel) && b.isMember(address) ? Math.min(10, b.maxMembers(account)) : 0,
                    (channel, account, user) -> wechat.userAddress(account, user));
            for (int i = 0; i < 25; i++) { // all last wrote three days ago: outside the 48 h window
                bed.residents.seen("wechat", "duofu", "oUser" + i, Optional.empty(), clock.instant().minus(Duration.ofDays(3)));
            }
            long item = bed.approvedItem(ContentKind.NOTICE, "停水通知", "明天上午停水。");
            long id = bed.campaign(item);
            campaigns.run(id, 1);

            OutboxSender sender = bed.sender(wechat, OutboxSender.Settings.defaults());
            for (int i = 0; i < 10 && api.massSends.size() < 3; i++) {
                CampaignTestBed.drain(sender);
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
}
