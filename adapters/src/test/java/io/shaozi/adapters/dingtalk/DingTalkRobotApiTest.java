package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.testkit.MutableClock;
import io.shaozi.adapters.common.JsonTree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.Outbound;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DingTalkRobotApiTest {
    static final DingTalkRobot ROBOT = new DingTalkRobot("street-robot", FakeDingTalk.ROBOT_APP_KEY,
            FakeDingTalk.ROBOT_APP_SECRET, Optional.empty());

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
    FakeDingTalk fake;
    DingTalkClient client;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeDingTalk(clock);
        client = new DingTalkClient(fake.base(), fake.base(), new AccessTokenManager(new InMemoryTokenStore(), clock,
                Duration.ofMinutes(5)), HttpClient.newHttpClient(), clock,
                Set.of("oapi.dingtalk.com"));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static JsonNode param(JsonNode sent) throws Exception {
        return JsonTree.MAPPER.readTree(sent.path("msgParam").asText());
    }

    @Test
    void robotApi_sendsOneToOneWithMsgParamAsJsonString() throws Exception {
        assertThat(client.sendRobotToUsers(ROBOT, List.of("manager7140"), new Outbound.Text("已受理")))
                .isEqualTo(new SendOutcome.Sent(Optional.of("pqk-1")));
        JsonNode sent = fake.openApiMessages.get(0);
        assertThat(sent.path("path").asText()).isEqualTo("/v1.0/robot/oToMessages/batchSend");
        assertThat(sent.path("robotCode").asText()).isEqualTo(FakeDingTalk.ROBOT_APP_KEY);
        assertThat(sent.path("msgKey").asText()).isEqualTo("sampleText");
        assertThat(sent.path("msgParam").isTextual()).isTrue();
        assertThat(param(sent).path("content").asText()).isEqualTo("已受理");
    }

    @Test
    void robotApi_sendsCardsToGroupWithButtonTemplates() throws Exception {
        Outbound.Card card = new Outbound.Card("新哨单 T-1", "电梯故障", List.of(
                new Outbound.Button("签收", "https://c/t/1/accept"), new Outbound.Button("退单", "https://c/t/1/return")));
        assertThat(client.sendRobotToGroup(ROBOT, "cidqO7Ne6KNw8WMnS1qxMLLaw==", card)).isInstanceOf(SendOutcome.Sent.class);
        JsonNode sent = fake.openApiMessages.get(0);
        assertThat(sent.path("path").asText()).isEqualTo("/v1.0/robot/groupMessages/send");
        assertThat(sent.path("openConversationId").asText()).isEqualTo("cidqO7Ne6KNw8WMnS1qxMLLaw==");
        assertThat(sent.path("msgKey").asText()).isEqualTo("sampleActionCard2");
        assertThat(param(sent).path("actionURL2").asText()).isEqualTo("https://c/t/1/return");
    }

    @Test
    void robotApi_refreshesRejectedTokenOnce() {
        assertThat(client.sendRobotToUsers(ROBOT, List.of("u1"), new Outbound.Text("a"))).isInstanceOf(SendOutcome.Sent.class);
        fake.expireTokens();
        assertThat(client.sendRobotToUsers(ROBOT, List.of("u1"), new Outbound.Text("b"))).isInstanceOf(SendOutcome.Sent.class);
        assertThat(fake.openApiTokenFetches.get()).isEqualTo(2);
    }

    @Test
    void robotApi_mapsErrorsToTypedOutcomes() {
        assertThat(client.sendRobotToUsers(ROBOT, List.of("ghost"), new Outbound.Text("a")))
                .isEqualTo(new SendOutcome.Rejected("invalidParameter.userIds.invalid", "userIds无效"));
        fake.forceStatus = 429;
        assertThat(client.sendRobotToUsers(ROBOT, List.of("u1"), new Outbound.Text("a")))
                .isEqualTo(new SendOutcome.RetryLater(clock.instant().plusSeconds(7), "throttled by DingTalk (429)"));
        fake.forceStatus = 0;
        DingTalkRobot wrong = new DingTalkRobot("x", FakeDingTalk.ROBOT_APP_KEY, "nope", Optional.empty());
        DingTalkClient fresh = new DingTalkClient(fake.base(), fake.base(), new AccessTokenManager(
                new InMemoryTokenStore(), clock, Duration.ofMinutes(5)), HttpClient.newHttpClient(), clock,
                Set.of("oapi.dingtalk.com"));
        assertThat(fresh.sendRobotToUsers(wrong, List.of("u1"), new Outbound.Text("a")))
                .isInstanceOfSatisfying(SendOutcome.Rejected.class,
                        r -> assertThat(r.errcode()).isEqualTo("invalidClientIdOrSecret"));
        assertThat(client.sendRobotToUsers(ROBOT, List.of(), new Outbound.Text("a"))).isInstanceOf(SendOutcome.Rejected.class);
    }

    @Test
    void ding_sendsAnInAppDingToTheUsers() throws Exception {
        assertThat(client.sendDing(ROBOT, List.of("manager7140", "staff42"), "紧急哨单未确认，请立即处置", 1))
                .isInstanceOf(SendOutcome.Sent.class);
        JsonNode sent = fake.openApiMessages.get(0);
        assertThat(sent.path("path").asText()).isEqualTo("/v1.0/robot/ding/send");
        assertThat(sent.path("robotCode").asText()).isEqualTo(FakeDingTalk.ROBOT_APP_KEY);
        assertThat(sent.path("remindType").asInt()).isEqualTo(1);
        assertThat(sent.path("content").asText()).isEqualTo("紧急哨单未确认，请立即处置");
        assertThat(sent.path("receiverUserIdList")).extracting(JsonNode::asText).containsExactly("manager7140", "staff42");
        assertThat(client.sendDing(ROBOT, List.of(), "x", 1)).isInstanceOf(SendOutcome.Rejected.class);
        assertThat(client.sendDing(ROBOT, List.of("a"), "x", 4)).isInstanceOf(SendOutcome.Rejected.class);
        assertThat(fake.openApiMessages).hasSize(1);
    }
}
