package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.dingtalk.DingTalkChannel;
import io.shaozi.core.state.LocalState;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.OutboxJdbc;
import io.shaozi.core.store.OutboxSender;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.store.Tx;
import io.shaozi.core.testing.FakeDingTalkApi;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5, "done when": an alert burst of 100 cards to one DingTalk custom group robot arrives in order, within
 * DingTalk's 20 messages per minute, with nothing lost across a restart in the middle — against a fake DingTalk
 * that checks the sign and answers 130101 beyond the limit.
 */
class DingTalkGroupBurstTest {
    private final MutableClock clock = MutableClock.at("2026-11-28T08:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();

    private ChannelSender sender(FakeDingTalkApi api, Database db) {
        // a new process: new channel, new (empty) in-memory limiter
        ChannelContext ctx = new ChannelContext(clock, http,
                new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5)),
                new LocalState(clock, 1000), (k, u, at) -> true);
        DingTalkChannel dingtalk = new DingTalkChannel(new DingTalkChannel.Settings(3600, 1500, api.base().toString(),
                api.base().toString(), Set.of(api.base().toString()), List.of(), List.of(),
                List.of(new DingTalkChannel.GroupWebhook("street-group", api.groupWebhook(),
                        Optional.of(FakeDingTalkApi.ROBOT_SECRET)))), ctx);
        return ChannelSenders.of(List.of(dingtalk), Map.of(), Limiter.local(clock),
                (ch, account, recipient, since) -> OutboxJdbc.delivered(db.dataSource(), ch, account, recipient, since),
                clock).get(Channel.DINGTALK);
    }

    private static OutboxMessage alert(int n) {
        String ticket = "20261128" + String.format("%05d", n);
        return new OutboxMessage(Channel.DINGTALK, "street-group", "group:street-group",
                new Outbound.Card("新哨单 #" + n, "楼道灯不亮", List.of(new Outbound.Button("查看", "http://x/" + ticket))),
                Optional.of("tk:" + ticket + ":1:dingtalk:group:street-group"));
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void alertBurstToOneGroupRobot_isDeliveredInOrderWithinTwentyPerMinute_acrossARestart(
            TestDatabases.Engine engine) throws Exception {
        String url = TestDatabases.freshUrl(engine);
        String user = engine == TestDatabases.Engine.POSTGRESQL ? TestDatabases.PG_USER : "";
        try (FakeDingTalkApi api = new FakeDingTalkApi(clock)) {
            try (Database db = Database.open(url, user, "", 4)) {
                new Tx(db.dataSource()).inTx(c -> {
                    for (int i = 1; i <= 100; i++) {
                        OutboxJdbc.enqueue(c, alert(i), clock.instant());
                    }
                    return null;
                });
                OutboxSender outbox = new OutboxSender(db.dataSource(), clock,
                        Map.of(Channel.DINGTALK, sender(api, db)), OutboxSender.Settings.defaults());
                drain(outbox, () -> api.groupMessages.size() >= 50);
            }
            // restart in the middle of a minute: 10 of this minute's 20 are spent, the new limiter knows nothing
            try (Database db = Database.open(url, user, "", 4)) {
                OutboxSender outbox = new OutboxSender(db.dataSource(), clock,
                        Map.of(Channel.DINGTALK, sender(api, db)), OutboxSender.Settings.defaults());
                drain(outbox, () -> api.groupMessages.size() >= 100);
                assertThat(outbox.countByState()).isEqualTo(Map.of("DONE", 100L));
            }
            List<Integer> order = new ArrayList<>();
            for (String body : api.groupMessages) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("新哨单 #(\\d+)").matcher(body);
                assertThat(m.find()).as(body).isTrue();
                order.add(Integer.parseInt(m.group(1)));
                assertThat(body).as("identical-content guard").contains("哨单 20261128");
            }
            assertThat(order).hasSize(100).isSorted().doesNotHaveDuplicates();
            List<Instant> at = api.groupMessageTimes;
            for (int i = 20; i < at.size(); i++) {
                assertThat(Duration.between(at.get(i - 20), at.get(i))).as("message %d", i + 1)
                        .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
            }
            assertThat(api.groupRefusals.get()).as("never over the limit, not even after the restart").isZero();
            assertThat(Duration.between(at.get(0), at.get(99))).as("no needless waiting")
                    .isLessThanOrEqualTo(Duration.ofMinutes(5));
        }
    }

    /** Runs passes, moving the fake clock 10 s whenever nothing is due, until {@code done}. */
    private void drain(OutboxSender sender, BooleanSupplier done) {
        for (int guard = 0; guard < 5000 && !done.getAsBoolean(); guard++) {
            if (sender.runOnce() == 0) {
                clock.advance(Duration.ofSeconds(10));
            }
        }
        assertThat(done.getAsBoolean()).isTrue();
    }
}
