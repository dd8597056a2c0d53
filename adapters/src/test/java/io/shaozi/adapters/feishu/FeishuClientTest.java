package io.shaozi.adapters.feishu;

import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.JsonTree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.testkit.MutableClock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeishuClientTest {
    static final FeishuApp APP = new FeishuApp("street", FakeFeishu.APP_ID, FakeFeishu.APP_SECRET, "v", Optional.empty());

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    FakeFeishu fake;
    FeishuClient client;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeFeishu();
        client = new FeishuClient(fake.base(), new AccessTokenManager(new InMemoryTokenStore(), clock,
                Duration.ofMinutes(5)), http, clock);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static JsonNode content(JsonNode message) throws Exception {
        return JsonTree.MAPPER.readTree(message.path("content").asText());
    }

    @Test
    void send_textToOpenIdWithContentAsJsonString() throws Exception {
        assertThat(client.send(APP, ReceiveIdType.OPEN_ID, "ou_1", new Outbound.Text("已受理")))
                .isEqualTo(new SendOutcome.Sent(Optional.of("om_1")));
        JsonNode m = fake.messages.get(0);
        assertThat(m.path("msg_type").asText()).isEqualTo("text");
        assertThat(m.path("content").isTextual()).isTrue();
        assertThat(content(m).path("text").asText()).isEqualTo("已受理");
        assertThat(m.path("receive_id").asText()).isEqualTo("ou_1");
        assertThat(fake.receiveIdTypes.get(0)).isEqualTo("receive_id_type=open_id");
    }

    @Test
    void send_cardAsInteractiveWithLinkButtons() throws Exception {
        Outbound.Card card = new Outbound.Card("新哨单 T-7", "**3号楼** 电梯故障",
                List.of(new Outbound.Button("签收", "https://console.example/t/7/accept")));
        assertThat(client.send(APP, ReceiveIdType.CHAT_ID, "oc_1", card)).isInstanceOf(SendOutcome.Sent.class);
        JsonNode m = fake.messages.get(0);
        assertThat(m.path("msg_type").asText()).isEqualTo("interactive");
        JsonNode c = content(m);
        assertThat(c.path("header").path("title").path("content").asText()).isEqualTo("新哨单 T-7");
        assertThat(c.path("elements").get(1).path("actions").get(0).path("url").asText())
                .isEqualTo("https://console.example/t/7/accept");
    }

    @Test
    void send_markdownAndNewsAsPost() throws Exception {
        client.send(APP, ReceiveIdType.USER_ID, "u1", new Outbound.Markdown("周报", "- 响应率 98%"));
        client.send(APP, ReceiveIdType.USER_ID, "u1", new Outbound.News(List.of(
                new Outbound.Article("垃圾分类", "新规", "", "https://example.org/a"))));
        assertThat(fake.messages).allSatisfy(m -> assertThat(m.path("msg_type").asText()).isEqualTo("post"));
        assertThat(content(fake.messages.get(0)).path("zh_cn").path("content").get(0).get(0).path("tag").asText())
                .isEqualTo("md");
        assertThat(content(fake.messages.get(1)).path("zh_cn").path("content").get(0).get(0).path("href").asText())
                .isEqualTo("https://example.org/a");
    }

    @Test
    void send_refreshesInvalidTokenOnceAndRetries() {
        assertThat(client.send(APP, ReceiveIdType.OPEN_ID, "ou_1", new Outbound.Text("a"))).isInstanceOf(SendOutcome.Sent.class);
        fake.invalidateTokens();
        assertThat(client.send(APP, ReceiveIdType.OPEN_ID, "ou_1", new Outbound.Text("b"))).isInstanceOf(SendOutcome.Sent.class);
        assertThat(fake.tokenFetches.get()).isEqualTo(2);
        assertThat(fake.messages).hasSize(2);
    }

    @Test
    void send_respects429ResetHeader() {
        fake.rateLimitNext = 1;
        assertThat(client.send(APP, ReceiveIdType.OPEN_ID, "ou_1", new Outbound.Text("a")))
                .isInstanceOfSatisfying(SendOutcome.RetryLater.class,
                        r -> assertThat(r.notBefore()).isEqualTo(clock.instant().plusSeconds(7)));
        assertThat(fake.messages).isEmpty();
        assertThat(client.send(APP, ReceiveIdType.OPEN_ID, "ou_1", new Outbound.Text("a"))).isInstanceOf(SendOutcome.Sent.class);
    }

    @Test
    void send_429WithoutResetHeaderStillBacksOff() {
        fake.rateLimitNext = 1;
        fake.resetHeader = null;
        assertThat(client.send(APP, ReceiveIdType.OPEN_ID, "ou_1", new Outbound.Text("a")))
                .isInstanceOfSatisfying(SendOutcome.RetryLater.class,
                        r -> assertThat(r.notBefore()).isAfter(clock.instant()));
    }

    @Test
    void send_mapsBusinessErrorToRejected() {
        assertThat(client.send(APP, ReceiveIdType.OPEN_ID, "bad_id", new Outbound.Text("a")))
                .isInstanceOfSatisfying(SendOutcome.Rejected.class, r -> assertThat(r.errcode()).isEqualTo("230001"));
    }

    @Test
    void send_http200WithNonZeroCodeIsRejected() {
        assertThat(client.send(APP, ReceiveIdType.OPEN_ID, "outside_scope", new Outbound.Text("a")))
                .isEqualTo(new SendOutcome.Rejected("230013", "Bot has NO availability to this user."));
        assertThat(fake.messages).isEmpty();
    }

    @Test
    void send_wrongSecretIsRejected() {
        FeishuApp wrong = new FeishuApp("x", FakeFeishu.APP_ID, "nope", "v", Optional.empty());
        assertThat(client.send(wrong, ReceiveIdType.OPEN_ID, "ou_1", new Outbound.Text("a")))
                .isInstanceOfSatisfying(SendOutcome.Rejected.class, r -> assertThat(r.errcode()).isEqualTo("10014"));
    }

    @Test
    void send_uuidMakesRetriesIdempotent() {
        SendOutcome a = client.send(APP, ReceiveIdType.OPEN_ID, "ou_1", new Outbound.Text("a"), Optional.of("outbox-42"));
        SendOutcome b = client.send(APP, ReceiveIdType.OPEN_ID, "ou_1", new Outbound.Text("a"), Optional.of("outbox-42"));
        assertThat(a).isEqualTo(b);
        assertThat(fake.messages).hasSize(1);
        assertThat(client.send(APP, ReceiveIdType.OPEN_ID, "ou_1", new Outbound.Text("a"), Optional.of("x".repeat(51))))
                .isInstanceOf(SendOutcome.Rejected.class);
    }

    @Test
    void send_transportFailureIsRetryLater() {
        fake.close();
        assertThat(client.send(APP, ReceiveIdType.OPEN_ID, "ou_1", new Outbound.Text("a")))
                .isInstanceOf(SendOutcome.RetryLater.class);
    }

    @Test
    void render_templateListsFieldsInStableOrder() throws Exception {
        JsonNode m = FeishuClient.render(new Outbound.Template("ticket_update", Map.of("状态", "已办结", "哨单", "T-1"),
                "https://console.example/t/1"));
        JsonNode rows = JsonTree.MAPPER.readTree(m.path("content").asText()).path("zh_cn").path("content");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2).get(0).path("href").asText()).isEqualTo("https://console.example/t/1");
    }

    @Test
    void botSign_matchesPublishedVectorVFS03() {
        assertThat(FeishuCrypto.botSign("xxx", "1661860880")).isEqualTo("QnWVTSBe6FmQDE0bG6X0mURbI+DnvVyu1h+j5dHOjrU=");
    }

    @Test
    void webhook_signsInBodyWithSecondsAndSendsContentAsObject() {
        java.net.URI hook = java.net.URI.create(fake.base() + "/open-apis/bot/v2/hook/abc");
        assertThat(client.sendToWebhook(hook, Optional.of(FakeFeishu.HOOK_SECRET), new Outbound.Text("告警")))
                .isInstanceOf(SendOutcome.Sent.class);
        JsonNode sent = fake.hookMessages.get(0);
        assertThat(sent.path("timestamp").asText()).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
        assertThat(sent.path("content").path("text").asText()).isEqualTo("告警");
        Outbound.Card card = new Outbound.Card("新哨单", "正文", List.of(new Outbound.Button("查看", "https://c/t/1")));
        assertThat(client.sendToWebhook(hook, Optional.of(FakeFeishu.HOOK_SECRET), card)).isInstanceOf(SendOutcome.Sent.class);
        assertThat(fake.hookMessages.get(1).path("card").path("header").path("title").path("content").asText())
                .isEqualTo("新哨单");
    }

    @Test
    void webhook_wrongSecretRejectedAndThrottleRetried() {
        java.net.URI hook = java.net.URI.create(fake.base() + "/open-apis/bot/v2/hook/abc");
        assertThat(client.sendToWebhook(hook, Optional.of("wrong"), new Outbound.Text("a")))
                .isInstanceOfSatisfying(SendOutcome.Rejected.class, r -> assertThat(r.errcode()).isEqualTo("19021"));
        fake.rateLimitNext = 1;
        assertThat(client.sendToWebhook(hook, Optional.of(FakeFeishu.HOOK_SECRET), new Outbound.Text("a")))
                .isInstanceOf(SendOutcome.RetryLater.class);
    }

    @Test
    void urgentApp_patchesTheSentMessage_andReportsInvalidUsers() {
        SendOutcome sent = client.send(APP, ReceiveIdType.OPEN_ID, "ou_1", new Outbound.Text("紧急哨单"));
        String messageId = ((SendOutcome.Sent) sent).platformId().orElseThrow();
        SendOutcome urgent = client.urgentApp(APP, messageId, java.util.List.of("ou_1", "ou_gone_2"));
        assertThat(urgent).isEqualTo(new SendOutcome.Sent(Optional.empty(), java.util.List.of("open_id:ou_gone_2")));
        assertThat(fake.urgentRequests).containsExactly("PATCH /open-apis/im/v1/messages/" + messageId
                + "/urgent_app?user_id_type=open_id");
        assertThat(fake.urgentBodies.get(0).path("user_id_list")).extracting(JsonNode::asText)
                .containsExactly("ou_1", "ou_gone_2");
        // a stale token is refreshed once, as for sends
        fake.invalidateTokens();
        assertThat(client.urgentApp(APP, messageId, java.util.List.of("ou_1"))).isInstanceOf(SendOutcome.Sent.class);
        assertThat(client.urgentApp(APP, "../../x", java.util.List.of("ou_1"))).isInstanceOf(SendOutcome.Rejected.class);
        assertThat(client.urgentApp(APP, messageId, java.util.List.of())).isInstanceOf(SendOutcome.Rejected.class);
        assertThat(fake.urgentRequests).hasSize(2);
    }
}
