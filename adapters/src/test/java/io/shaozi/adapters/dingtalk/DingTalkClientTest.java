package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.Outbound;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DingTalkClientTest {
    static final DingTalkApp APP = new DingTalkApp("street-app", FakeDingTalk.APP_KEY, FakeDingTalk.APP_SECRET, "tok3n",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", FakeDingTalk.APP_KEY, Optional.of("123456789"));
    static final Outbound.Card ALERT = new Outbound.Card("新哨单 T-20261128-0007", "3号楼电梯故障，请2小时内签收",
            List.of(new Outbound.Button("签收", "https://console.example/tickets/T-20261128-0007/accept"),
                    new Outbound.Button("查看", "https://console.example/tickets/T-20261128-0007")));

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    FakeDingTalk fake;
    DingTalkClient client;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeDingTalk(clock);
        client = new DingTalkClient(fake.base(), new AccessTokenManager(new InMemoryTokenStore(), clock,
                Duration.ofMinutes(5)), http, clock);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    URI webhook() {
        return URI.create(fake.base() + "/robot/send?access_token=" + FakeDingTalk.ROBOT_TOKEN);
    }

    @Test
    void workNotice_sendsActionCardAndReusesToken() {
        assertThat(client.sendWorkNotice(APP, List.of("manager7140"), ALERT))
                .isEqualTo(new SendOutcome.Sent(Optional.of("256271667526")));
        assertThat(client.sendWorkNotice(APP, List.of("manager7140", "cadre2"), new Outbound.Text("提醒")))
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(fake.tokenFetches.get()).isEqualTo(1);
        assertThat(fake.workNotices.get(0)).contains("action_card").contains("btn_json_list")
                .contains("https://console.example/tickets/T-20261128-0007/accept");
    }

    @Test
    void workNotice_concurrentBurstFetchesOneToken() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<SendOutcome>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String user = "u" + i;
                results.add(pool.submit(() -> client.sendWorkNotice(APP, List.of(user), new Outbound.Text("x"))));
            }
            for (java.util.concurrent.Future<SendOutcome> f : results) {
                assertThat(f.get()).isInstanceOf(SendOutcome.Sent.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.tokenFetches.get()).isEqualTo(1);
    }

    @Test
    void workNotice_refreshesExpiredTokenOnceAndRetries() {
        assertThat(client.sendWorkNotice(APP, List.of("u1"), new Outbound.Text("a"))).isInstanceOf(SendOutcome.Sent.class);
        fake.expireTokens();
        assertThat(client.sendWorkNotice(APP, List.of("u1"), new Outbound.Text("b"))).isInstanceOf(SendOutcome.Sent.class);
        assertThat(fake.tokenFetches.get()).isEqualTo(2);
    }

    @Test
    void workNotice_mapsNonZeroErrcodeWithHttp200ToRejected() {
        assertThat(client.sendWorkNotice(APP, List.of("ghost"), new Outbound.Text("a")))
                .isEqualTo(new SendOutcome.Rejected("33012", "无效的USERID"));
    }

    @Test
    void workNotice_reportsWrongCredentialsAsRejected() {
        DingTalkApp wrong = new DingTalkApp("x", FakeDingTalk.APP_KEY, "wrong-secret", "t",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "k", Optional.of("1"));
        assertThat(client.sendWorkNotice(wrong, List.of("u1"), new Outbound.Text("a")))
                .isInstanceOfSatisfying(SendOutcome.Rejected.class, r -> assertThat(r.errcode()).isEqualTo("40089"));
    }

    @Test
    void workNotice_requiresAgentIdAndValidUsers() {
        DingTalkApp noAgent = new DingTalkApp("x", FakeDingTalk.APP_KEY, FakeDingTalk.APP_SECRET, "t",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "k");
        assertThat(client.sendWorkNotice(noAgent, List.of("u1"), new Outbound.Text("a")))
                .isInstanceOf(SendOutcome.Rejected.class);
        assertThat(client.sendWorkNotice(APP, List.of(), new Outbound.Text("a"))).isInstanceOf(SendOutcome.Rejected.class);
        assertThat(client.sendWorkNotice(APP, List.of("a,b"), new Outbound.Text("a"))).isInstanceOf(SendOutcome.Rejected.class);
    }

    @Test
    void workNotice_identicalContentSameDayIsDroppedUnlessMadeDistinct() {
        Outbound plain = new Outbound.Text("请签收哨单");
        client.sendWorkNotice(APP, List.of("u1"), plain);
        client.sendWorkNotice(APP, List.of("u1"), plain);
        assertThat(fake.workNotices).hasSize(1); // DingTalk accepted both, delivered one

        client.sendWorkNotice(APP, List.of("u1"), DingTalkContent.distinct(plain, "T-1", clock.instant()));
        clock.advance(Duration.ofMinutes(30));
        client.sendWorkNotice(APP, List.of("u1"), DingTalkContent.distinct(plain, "T-1", clock.instant()));
        assertThat(fake.workNotices).hasSize(3);
        assertThat(fake.workNotices.get(1)).contains("哨单 T-1 · 2026-11-28 10:00:00");
    }

    @Test
    void workNotice_turnsHttp5xxAnd429IntoRetryLater() {
        fake.forceStatus = 503;
        assertThat(client.sendWorkNotice(APP, List.of("u1"), new Outbound.Text("a")))
                .isEqualTo(new SendOutcome.RetryLater(clock.instant().plus(DingTalkClient.DEFAULT_BACKOFF), "HTTP 503"));
        fake.forceStatus = 429;
        assertThat(client.sendWorkNotice(APP, List.of("u1"), new Outbound.Text("a")))
                .isEqualTo(new SendOutcome.RetryLater(clock.instant().plusSeconds(7), "HTTP 429"));
        fake.forceStatus = 200;
        fake.forceBody = "{\"errcode\":-1,\"errmsg\":\"系统繁忙\"}";
        assertThat(client.sendWorkNotice(APP, List.of("u1"), new Outbound.Text("a")))
                .isInstanceOf(SendOutcome.RetryLater.class);
    }

    @Test
    void transportFailureIsRetryLaterNotException() {
        URI dead = fake.base();
        fake.close();
        DingTalkClient c = new DingTalkClient(dead, new AccessTokenManager(new InMemoryTokenStore(), clock,
                Duration.ofMinutes(5)), http, clock);
        assertThat(c.sendWorkNotice(APP, List.of("u1"), new Outbound.Text("a"))).isInstanceOf(SendOutcome.RetryLater.class);
        assertThat(c.sendToWebhook(URI.create(dead + "/robot/send?access_token=x"), Optional.empty(),
                new Outbound.Text("a"))).isInstanceOf(SendOutcome.RetryLater.class);
    }

    @Test
    void webhook_signsWithMillisecondTimestampAndUrlEncodedSign() {
        assertThat(client.sendToWebhook(webhook(), Optional.of(FakeDingTalk.ROBOT_SECRET), ALERT))
                .isInstanceOf(SendOutcome.Sent.class);
        String q = fake.requestQueries.get(0);
        assertThat(q).matches("access_token=robot-access-token-1&timestamp=[0-9]{13}&sign=[A-Za-z0-9%]+");
        assertThat(q).doesNotContain("+").doesNotContain("/");
        assertThat(fake.robotMessages.get(0).path("msgtype").asText()).isEqualTo("actionCard");
        assertThat(fake.robotMessages.get(0).path("actionCard").path("btns").get(0).path("actionURL").asText())
                .isEqualTo("https://console.example/tickets/T-20261128-0007/accept");
    }

    @Test
    void webhook_wrongSecretIsRejectedPermanently() {
        assertThat(client.sendToWebhook(webhook(), Optional.of("SECwrong"), new Outbound.Text("a")))
                .isInstanceOfSatisfying(SendOutcome.Rejected.class, r -> assertThat(r.errcode()).isEqualTo("310000"));
    }

    @Test
    void webhook_platformThrottle130101IsAHoldOfTenMinutes() {
        // more than the platform allows (e.g. another sender shares the robot): DingTalk answers 130101
        for (int i = 0; i < 20; i++) {
            assertThat(client.sendToWebhook(webhook(), Optional.of(FakeDingTalk.ROBOT_SECRET), new Outbound.Text("m" + i)))
                    .isInstanceOf(SendOutcome.Sent.class);
        }
        SendOutcome o = client.sendToWebhook(webhook(), Optional.of(FakeDingTalk.ROBOT_SECRET), new Outbound.Text("m20"));
        assertThat(o).isInstanceOfSatisfying(SendOutcome.Throttled.class,
                r -> assertThat(r.notBefore()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10))));
        clock.advance(Duration.ofMinutes(11));
        assertThat(client.sendToWebhook(webhook(), Optional.of(FakeDingTalk.ROBOT_SECRET), new Outbound.Text("m20")))
                .isInstanceOf(SendOutcome.Sent.class);
    }

    @Test
    void session_repliesUntilExpiryOnly() {
        URI session = URI.create(fake.base() + "/robot/sendBySession?session=abc");
        ReplyContext ctx = new ReplyContext("robot", "cid", "1", "manager7140", Optional.of(session),
                clock.instant().plus(Duration.ofMinutes(90)));
        assertThat(client.sendBySessionWebhook(ctx, new Outbound.Markdown("已受理", "哨单 T-1"))).isInstanceOf(SendOutcome.Sent.class);
        assertThat(fake.sessionMessages.get(0).path("markdown").path("title").asText()).isEqualTo("已受理");
        clock.advance(Duration.ofMinutes(90));
        assertThat(client.sendBySessionWebhook(ctx, new Outbound.Text("late")))
                .isInstanceOfSatisfying(SendOutcome.Rejected.class,
                        r -> assertThat(r.errcode()).isEqualTo("session_webhook_expired"));
        assertThat(fake.sessionMessages).hasSize(1);
    }

    @Test
    void session_refusesHostsOutsideAllowList() {
        ReplyContext ctx = new ReplyContext("robot", "cid", "1", "u", Optional.of(URI.create("http://169.254.169.254/latest")),
                clock.instant().plus(Duration.ofMinutes(90)));
        assertThat(client.sendBySessionWebhook(ctx, new Outbound.Text("x")))
                .isInstanceOfSatisfying(SendOutcome.Rejected.class,
                        r -> assertThat(r.errcode()).isEqualTo("webhook_host_not_allowed"));
        ReplyContext none = new ReplyContext("robot", "cid", "1", "u", Optional.empty(), Instant.EPOCH);
        assertThat(client.sendBySessionWebhook(none, new Outbound.Text("x"))).isInstanceOf(SendOutcome.Rejected.class);
    }
}
