package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.dingtalk.DingTalkChannel;
import io.shaozi.adapters.dingtalk.DingTalkRecipient;
import io.shaozi.adapters.feishu.FeishuChannel;
import io.shaozi.core.state.LocalState;
import io.shaozi.core.store.OutboxJdbc;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.dingtalk.DingTalkApp;
import io.shaozi.adapters.dingtalk.DingTalkRobot;
import io.shaozi.adapters.dingtalk.ReplyContext;
import io.shaozi.adapters.feishu.FeishuApp;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.FakeDingTalkApi;
import io.shaozi.core.testing.FakeFeishuApi;
import io.shaozi.core.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every outbox recipient format of the DingTalk and Feishu senders, against fake platforms on loopback. */
class DingTalkAndFeishuSendersTest {
    private final MutableClock clock = MutableClock.at("2026-11-28T08:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeDingTalkApi ding;
    private FakeFeishuApi feishu;
    private TestDatabases.Handle db;
    private ChannelSender dingSender;
    private ChannelSender feishuSender;

    @BeforeEach
    void start() throws Exception {
        ding = new FakeDingTalkApi(clock);
        feishu = new FakeFeishuApi();
        db = TestDatabases.h2();
        AccessTokenManager tokens = new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5));
        ChannelContext ctx = new ChannelContext(clock, http, tokens, new LocalState(clock, 1000), (k, u, at) -> true);
        DingTalkApp app = new DingTalkApp("street-app", "dingapp", "app-secret", "tok3n",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "dingapp", Optional.of("123456789"));
        DingTalkRobot robot = new DingTalkRobot("street-robot", "dingrobotkey", "robot-secret", Optional.empty());
        DingTalkChannel dingtalk = new DingTalkChannel(new DingTalkChannel.Settings(3600, 1500, ding.base().toString(),
                ding.base().toString(), Set.of(ding.base().toString()), List.of(robot), List.of(app),
                List.of(new DingTalkChannel.GroupWebhook("leaders", ding.groupWebhook(),
                        Optional.of(FakeDingTalkApi.ROBOT_SECRET)))), ctx);
        FeishuApp lark = new FeishuApp("lark", "cli_1", "s", "vt", Optional.empty());
        FeishuChannel lark2 = new FeishuChannel(new FeishuChannel.Settings(3600, feishu.base().toString(),
                List.of(lark)), ctx);
        Map<Channel, ChannelSender> senders = ChannelSenders.of(List.of(dingtalk, lark2), Map.of(),
                Limiter.local(clock), (ch, account, recipient, since) -> OutboxJdbc.delivered(db.db().dataSource(), ch,
                        account, recipient, since), clock);
        dingSender = senders.get(Channel.DINGTALK);
        feishuSender = senders.get(Channel.FEISHU);
    }

    @AfterEach
    void stop() {
        ding.close();
        feishu.close();
        db.close();
    }

    private static OutboxMessage msg(Channel channel, String account, String recipient, String text) {
        return new OutboxMessage(channel, account, recipient, new Outbound.Text(text), Optional.empty());
    }

    @Test
    void dingTalkUser_isAWorkNoticeFromTheApp() {
        assertThat(dingSender.send(msg(Channel.DINGTALK, "street-app", "user:staff1,staff2", "督办提醒")))
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(ding.workNotices).singleElement().satisfies(b -> assertThat(b)
                .contains("\"agent_id\":123456789").contains("staff1,staff2").contains("督办提醒"));
    }

    @Test
    void dingTalkRobotUserAndRobotGroup_goThroughTheRobotOpenApi() {
        assertThat(dingSender.send(msg(Channel.DINGTALK, "street-robot", "robot-user:staff9", "进展")))
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(dingSender.send(msg(Channel.DINGTALK, "street-robot", "robot-group:cidGroup==", "进展")))
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(ding.openApiMessages).hasSize(2);
        assertThat(ding.openApiMessages.get(0)).startsWith("/v1.0/robot/oToMessages/batchSend").contains("staff9");
        assertThat(ding.openApiMessages.get(1)).startsWith("/v1.0/robot/groupMessages/send").contains("cidGroup==");
    }

    @Test
    void dingTalkGroup_isSignedAndSent_andTheTwentyFirstInAMinuteIsThrottledNotFailed() {
        for (int i = 0; i < 20; i++) {
            assertThat(dingSender.send(msg(Channel.DINGTALK, "leaders", "group:leaders", "告警 " + i)))
                    .isInstanceOf(SendOutcome.Sent.class);
        }
        SendOutcome r = dingSender.send(msg(Channel.DINGTALK, "leaders", "group:leaders", "告警 20"));
        assertThat(r).isInstanceOfSatisfying(SendOutcome.Throttled.class,
                t -> assertThat(t.notBefore()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1))));
        assertThat(ding.groupMessages).hasSize(20);
        assertThat(ding.groupRefusals.get()).isZero();
    }

    @Test
    void dingTalkSession_usesTheWebhookWhileValid_thenFallsBackToTheRobotOpenApi() {
        ReplyContext ctx = new ReplyContext("street-robot", "cidGroup==", "2", "staff1",
                Optional.of(URI.create(ding.base() + "/robot/sendBySession?session=abc")),
                clock.instant().plus(Duration.ofMinutes(90)));
        String recipient = DingTalkRecipient.forReply(ctx).spec();
        assertThat(recipient).startsWith("session:").hasSizeLessThanOrEqualTo(DingTalkRecipient.MAX);
        assertThat(dingSender.send(msg(Channel.DINGTALK, "street-robot", recipient, "回复一")))
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(ding.sessionMessages).hasSize(1);
        clock.advance(Duration.ofHours(2));
        assertThat(dingSender.send(msg(Channel.DINGTALK, "street-robot", recipient, "回复二")))
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(ding.sessionMessages).hasSize(1);
        assertThat(ding.openApiMessages).singleElement()
                .satisfies(m -> assertThat(m).startsWith("/v1.0/robot/groupMessages/send").contains("cidGroup=="));
    }

    @Test
    void dingTalkRecipients_roundTrip_andBadOnesAreRejectedWithoutEchoingSecrets() {
        for (String spec : List.of("user:a,b", "group:leaders", "robot-user:x", "robot-group:cid+/=",
                "session:1764316800000:1:staff1:https://oapi.dingtalk.com/robot/sendBySession?session=s")) {
            assertThat(DingTalkRecipient.parse(spec).spec()).isEqualTo(spec);
        }
        assertThatThrownBy(() -> DingTalkRecipient.parse("session:x:1:staff:https://h/secret-session"))
                .hasMessageNotContaining("secret-session");
        for (String bad : List.of("user:", "user:a,,b", "fax:123", "group:", "a,b")) {
            assertThat(dingSender.send(msg(Channel.DINGTALK, "street-app", bad, "x")))
                    .as(bad).isInstanceOf(SendOutcome.Rejected.class);
        }
        assertThat(dingSender.send(msg(Channel.DINGTALK, "no-such-app", "user:a", "x")))
                .isInstanceOf(SendOutcome.Rejected.class);
        assertThat(ding.workNotices).isEmpty();
    }

    @Test
    void bareUserIds_fromTheHandoffConsole_goToThatUser() {
        assertThat(dingSender.send(msg(Channel.DINGTALK, "street-robot", "staff7", "工作人员回复"))).isInstanceOf(
                SendOutcome.Sent.class);
        assertThat(ding.openApiMessages).singleElement().satisfies(m -> assertThat(m)
                .startsWith("/v1.0/robot/oToMessages/batchSend").contains("staff7"));
        assertThat(dingSender.send(msg(Channel.DINGTALK, "street-app", "staff8", "工作人员回复"))).isInstanceOf(
                SendOutcome.Sent.class);
        assertThat(ding.workNotices).singleElement().satisfies(b -> assertThat(b).contains("staff8"));
        assertThat(feishuSender.send(msg(Channel.FEISHU, "lark", "ou_resident", "工作人员回复"))).isInstanceOf(
                SendOutcome.Sent.class);
        assertThat(feishu.messages).singleElement().satisfies(m -> assertThat(m)
                .startsWith("receive_id_type=open_id ").contains("ou_resident"));
    }

    @Test
    void feishuRecipients_nameTheReceiveIdType() throws Exception {
        assertThat(feishuSender.send(new OutboxMessage(Channel.FEISHU, "lark", "open_id:ou_1", new Outbound.Text("你好"),
                Optional.of("reply:feishu:lark:ev1:0")))).isInstanceOf(SendOutcome.Sent.class);
        assertThat(feishuSender.send(msg(Channel.FEISHU, "lark", "chat_id:oc_1", "你好")))
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(feishu.messages).hasSize(2);
        assertThat(feishu.messages.get(0)).startsWith("receive_id_type=open_id ").contains("\"uuid\"");
        assertThat(feishu.messages.get(1)).startsWith("receive_id_type=chat_id ");
        assertThat(feishuSender.send(msg(Channel.FEISHU, "lark", "fax:1", "x"))).isInstanceOf(SendOutcome.Rejected.class);
        assertThat(feishuSender.send(msg(Channel.FEISHU, "other", "chat_id:oc_1", "x")))
                .isInstanceOf(SendOutcome.Rejected.class);
    }
}
