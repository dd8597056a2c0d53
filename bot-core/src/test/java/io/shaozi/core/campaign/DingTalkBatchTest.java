package io.shaozi.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.BatchSending;
import io.shaozi.adapters.dingtalk.DingTalkApp;
import io.shaozi.adapters.dingtalk.DingTalkChannel;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.push.DingTalkSendResults;
import io.shaozi.core.store.CampaignJdbc;
import io.shaozi.core.store.OutboxSender;
import io.shaozi.core.store.SendResultJdbc;
import io.shaozi.core.testing.FakeDingTalkApi;
import io.shaozi.core.testing.MutableClock;
import java.time.Duration;
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
    private final CampaignTestBed bed = new CampaignTestBed();
    private final MutableClock clock = bed.clock;
    private final CampaignJdbc repo = bed.repo;

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void oneWorkNoticePerBatch_thenEachMembersOutcomeFromTheSendResult() throws Exception {
        try (FakeDingTalkApi ding = new FakeDingTalkApi(clock)) {
            DingTalkApp app = new DingTalkApp(APP, "dingapp", "app-secret", "tok3n",
                    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "dingapp", Optional.of("123456789"));
            DingTalkChannel dingtalk = new DingTalkChannel(new DingTalkChannel.Settings(3600, 1500,
                    ding.base().toString(), ding.base().toString(), Set.of(ding.base().toString()), List.of(),
                    List.of(app), List.of()), bed.context());
            BatchSending b = dingtalk.batching().orElseThrow();
            assertThat(b.maxMembers(APP)).isEqualTo(5000);
            Campaigns campaigns = bed.campaigns("node-0", new DeliveryPolicy(DeliveryPolicy.Settings.defaults()),
                    (channel, account, address) ->
                    "dingtalk".equals(channel) && b.isMember(address) ? Math.min(5, b.maxMembers(account)) : 0,
                    (channel, account, user) -> dingtalk.userAddress(account, user));
            for (int i = 0; i < 12; i++) {
                bed.residents.seen("dingtalk", APP, "ding" + i, Optional.empty(), clock.instant().minus(Duration.ofDays(1)));
            }
            long id = bed.campaign(bed.approvedItem(ContentKind.NOTICE, "停水通知", "明天上午停水。"));
            campaigns.run(id, 1);

            CampaignTestBed.drain(bed.sender(dingtalk, OutboxSender.Settings.defaults()));
            assertThat(ding.batchSizes).containsExactlyInAnyOrder(5, 5, 2);
            assertThat(ding.workNotices.get(0)).contains("?c=" + id + "-1-").contains("ch=dingtalk");
            assertThat(statuses(id).values()).containsOnly("sent");

            ding.userResults.putAll(Map.of("ding3", "invalid", "ding7", "forbidden:143105", "ding8", "read",
                    "ding11", "pending"));
            DingTalkSendResults job = new DingTalkSendResults(new SendResultJdbc(bed.db.dataSource()),
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
        return bed.statuses(campaign, true);
    }
}
