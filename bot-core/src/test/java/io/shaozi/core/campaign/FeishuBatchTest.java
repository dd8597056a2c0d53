package io.shaozi.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.BatchSending;
import io.shaozi.adapters.feishu.FeishuApp;
import io.shaozi.adapters.feishu.FeishuChannel;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.store.OutboxSender;
import io.shaozi.core.testing.FakeFeishuApi;
import io.shaozi.core.testing.MutableClock;
import java.time.Duration;
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
    private final CampaignTestBed bed = new CampaignTestBed();
    private final MutableClock clock = bed.clock;

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void batchesOfAtMost200_a429IsWaitedOut_invalidIdsFail_nobodyTwice() throws Exception {
        try (FakeFeishuApi api = new FakeFeishuApi(clock, 1, 1000)) { // one batch_send a second
            FeishuChannel feishu = feishu(api);
            BatchSending b = feishu.batching().orElseThrow();
            Campaigns campaigns = campaigns(feishu, "node-0", (channel, account, address) ->
                    "feishu".equals(channel) && b.isMember(address) ? Math.min(1000, b.maxMembers(account)) : 0);
            for (int i = 0; i < 450; i++) {
                seen(i);
                if (i % 100 != 7) {
                    api.users.add("ou_" + i);
                }
            }
            long id = bed.campaign(bed.approvedItem(ContentKind.LEARNING, "学习党章", "第一章。"));
            campaigns.run(id, 1);

            OutboxSender sender = bed.sender(feishu, new OutboxSender.Settings(50, Duration.ofSeconds(30), 12,
                    Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofMillis(250), Duration.ZERO, 1));
            for (int i = 0; i < 20 && api.batches.size() < 3; i++) {
                CampaignTestBed.drain(sender);
                clock.advance(Duration.ofSeconds(5));
            }
            assertThat(api.batches).extracting(List::size).containsExactlyInAnyOrder(200, 200, 50);
            assertThat(api.refused429.get()).isPositive();
            assertThat(api.lastBatch).contains("\"msg_type\"").contains("?c=" + id + "-1-").contains("ch=feishu");
            assertThat(api.delivered).hasSize(445).allSatisfy((u, n) -> assertThat(n).isEqualTo(1));
            Map<String, String> st = bed.statuses(id, false);
            assertThat(st.get("ou_7")).isEqualTo("failed(feishu_invalid_id)");
            assertThat(st.get("ou_407")).isEqualTo("failed(feishu_invalid_id)");
            assertThat(st.values().stream().filter("sent"::equals).count()).isEqualTo(445);
        }
    }

    @Test
    void aBatchWhoseAnswerIsLost_isNotSentAgain_itsRecipientsAreInDoubt() throws Exception {
        try (FakeFeishuApi api = new FakeFeishuApi(clock, 50, 1000)) {
            FeishuChannel feishu = feishu(api);
            BatchSending b = feishu.batching().orElseThrow();
            Campaigns campaigns = campaigns(feishu, "node-1", (channel, account, address) ->
                    "feishu".equals(channel) && b.isMember(address) ? 200 : 0);
            for (int i = 0; i < 5; i++) {
                seen(i);
            }
            long id = bed.campaign(bed.approvedItem(ContentKind.NOTICE, "停电通知", "周六停电。"));
            campaigns.run(id, 1);
            api.dropAnswers = 1;
            OutboxSender sender = bed.sender(feishu, OutboxSender.Settings.defaults());
            for (int i = 0; i < 3; i++) {
                CampaignTestBed.drain(sender);
                clock.advance(Duration.ofMinutes(5));
            }
            assertThat(api.batches).hasSize(1);
            assertThat(api.delivered).hasSize(5).allSatisfy((u, n) -> assertThat(n).isEqualTo(1));
            assertThat(bed.statuses(id, false).values()).hasSize(5)
                    .containsOnly("failed(" + OutboxSender.IN_DOUBT + ")");
        }
    }

    private FeishuChannel feishu(FakeFeishuApi api) {
        return new FeishuChannel(new FeishuChannel.Settings(3600, api.base().toString(),
                List.of(new FeishuApp(APP, "cli_1", "s", "vt", Optional.empty()))), bed.context());
    }

    private Campaigns campaigns(FeishuChannel feishu, String node, Campaigns.Batches batches) {
        return bed.campaigns(node, new DeliveryPolicy(DeliveryPolicy.Settings.defaults()), batches,
                (channel, account, user) -> feishu.userAddress(account, user));
    }

    private void seen(int i) {
        bed.residents.seen("feishu", APP, "ou_" + i, Optional.empty(), clock.instant().minus(Duration.ofDays(1)));
    }
}
