package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.channel.RateLimit;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.wechat.Mode;
import io.shaozi.adapters.wechat.WeChatAccount;
import io.shaozi.adapters.wechat.WeChatChannel;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.state.LocalState;
import io.shaozi.core.testing.FakeWeChatApi;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A channel's declared limit, as config sets it, holds sends back without calling the platform. */
class ChannelSendersTest {
    private final MutableClock clock = MutableClock.at("2026-11-28T07:00:00Z");

    @Test
    void overAnAccountLimit_aSendIsThrottledWithoutCallingThePlatform_untilTheBucketRefills() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            ChannelContext ctx = new ChannelContext(clock, HttpClient.newHttpClient(),
                    new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5)),
                    new LocalState(clock, 1000), (k, u, at) -> true);
            WeChatAccount account = new WeChatAccount("cy", "wxb11529c136998cb6", "tok",
                    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", Mode.SAFE, "secret");
            WeChatChannel wechat = new WeChatChannel(new WeChatChannel.Settings(300, 4000, api.base().toString(),
                    List.of(account)), ctx);
            List<RateLimit> twoPerMinute = WeChatChannel.TYPE.limits().stream()
                    .map(l -> l.name().equals("customSend") ? l.withRate("2/1m") : l).toList();
            ChannelSender sender = ChannelSenders.of(List.of(wechat), Map.of(Channel.WECHAT, twoPerMinute),
                    Limiter.local(clock), (ch, a, r, since) -> 0, clock).get(Channel.WECHAT);
            OutboxMessage m = new OutboxMessage(Channel.WECHAT, "cy", "oUser1", new Outbound.Text("进展"),
                    Optional.empty());

            assertThat(sender.send(m)).isInstanceOf(SendOutcome.Sent.class);
            assertThat(sender.send(m)).isInstanceOf(SendOutcome.Sent.class);
            assertThat(sender.send(m)).isInstanceOfSatisfying(SendOutcome.Throttled.class,
                    t -> assertThat(t.notBefore()).isEqualTo(clock.instant().plusSeconds(30)));
            assertThat(api.customSends).hasSize(2);
            clock.advance(Duration.ofSeconds(30));
            assertThat(sender.send(m)).isInstanceOf(SendOutcome.Sent.class);
            assertThat(api.customSends).hasSize(3);
        }
    }
}
