package io.shaozi.adapters.wechat;

import io.shaozi.adapters.channel.SendOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.tencent.CgiBinApi;
import io.shaozi.adapters.tencent.FakeCgiBin;
import io.shaozi.adapters.testkit.MutableClock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback ({@link FakeCgiBin}); no mocks. */
class WeChatClientTest {
    static final String APP_ID = "wxb11529c136998cb6";
    static final String SECRET = "s3cr3t-app-secret";
    // 2026-11-28T07:00:00Z = 15:00 Beijing
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00Z"));
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final InMemoryTokenStore store = new InMemoryTokenStore();
    final AccessTokenManager tokens = new AccessTokenManager(store, clock, Duration.ofMinutes(5));
    final WeChatAccount account = new WeChatAccount("cy-17", APP_ID, "tok", Fixtures.AES_KEY, Mode.SAFE, SECRET);
    FakeCgiBin fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeCgiBin(APP_ID, SECRET);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    WeChatClient client() {
        return new WeChatClient(account, fake.base(), tokens, http, clock);
    }

    WeChatClient client(WeChatClient.Options o) {
        return new WeChatClient(account, fake.base(), tokens, http, clock, o);
    }

    @Test
    void sendCustomerService_text_isSentWithTokenAndBody() {
        SendOutcome o = client().sendCustomerService("oUser1", new Outbound.Text("您的工单 2026112800012 已办结"));
        assertThat(o).isInstanceOf(SendOutcome.Sent.class);
        FakeCgiBin.Call c = fake.calls.get(0);
        assertThat(c.api()).isEqualTo("message/custom/send");
        assertThat(c.token()).startsWith("TOKEN-1");
        assertThat(c.body().toString()).isEqualTo("{\"touser\":\"oUser1\",\"msgtype\":\"text\",\"text\":{\"content\":\"您的工单 2026112800012 已办结\"}}");
    }

    @Test
    void sendCustomerService_news_sendsFirstArticle() {
        Outbound.Article a = new Outbound.Article("停水通知", "明日9-12点", "https://img/p.png", "https://example.org/n/1");
        client().sendCustomerService("oUser1", new Outbound.News(List.of(a, a)));
        assertThat(fake.calls.get(0).body().toString()).isEqualTo("{\"touser\":\"oUser1\",\"msgtype\":\"news\",\"news\":{\"articles\":"
                + "[{\"title\":\"停水通知\",\"description\":\"明日9-12点\",\"url\":\"https://example.org/n/1\",\"picurl\":\"https://img/p.png\"}]}}");
    }

    @Test
    void token_isCachedAcrossSends() {
        WeChatClient c = client();
        for (int i = 0; i < 5; i++) {
            assertThat(c.sendCustomerService("o" + i, new Outbound.Text("hi"))).isInstanceOf(SendOutcome.Sent.class);
        }
        assertThat(fake.tokenCalls.get()).isEqualTo(1);
    }

    @Test
    void token_isRefreshedBeforeExpiry() {
        WeChatClient c = client();
        c.sendCustomerService("o", new Outbound.Text("1"));
        clock.advance(Duration.ofSeconds(7200 - 299)); // inside the 5 min margin
        c.sendCustomerService("o", new Outbound.Text("2"));
        assertThat(fake.tokenCalls.get()).isEqualTo(2);
    }

    @Test
    void token_invalidatedByPlatformIsRefreshedOnceWithForceAndRetried() {
        WeChatClient c = client();
        c.sendCustomerService("o", new Outbound.Text("1"));
        fake.revokeTokens(); // e.g. someone called force_refresh elsewhere
        SendOutcome o = c.sendCustomerService("o", new Outbound.Text("2"));
        assertThat(o).isInstanceOf(SendOutcome.Sent.class);
        assertThat(fake.tokenCalls.get()).isEqualTo(2);
        assertThat(fake.forcedTokenCalls.get()).isEqualTo(1);
        assertThat(fake.callsTo("message/custom/send")).isEqualTo(3);
    }

    @Test
    void token_rejectedTwiceRetriesExactlyOnceThenGivesUp() {
        WeChatClient c = client();
        fake.script("message/custom/send", "{\"errcode\":42001,\"errmsg\":\"access_token expired\"}",
                "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}");
        SendOutcome o = c.sendCustomerService("o", new Outbound.Text("x"));
        assertThat(o).isInstanceOf(SendOutcome.RetryLater.class);
        assertThat(fake.callsTo("message/custom/send")).isEqualTo(2);
    }

    @Test
    void classicTokenApi_refreshInvalidatesPreviousToken_singleFlightKeepsOneToken() throws Exception {
        // Two clients (two "instances") sharing one token store: the classic API invalidates on every refresh,
        // so independent refreshers would keep breaking each other. The store's lock keeps it to one fetch.
        WeChatClient.Options classic = new WeChatClient.Options(Duration.ofSeconds(5), WeChatClient.TokenApi.CLASSIC);
        WeChatClient a = client(classic);
        WeChatClient b = client(classic);
        fake.tokenDelay(150);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<SendOutcome>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                WeChatClient c = i % 2 == 0 ? a : b;
                Callable<SendOutcome> task = () -> c.sendCustomerService("o", new Outbound.Text("t"));
                fs.add(pool.submit(task));
            }
            for (Future<SendOutcome> f : fs) {
                assertThat(f.get()).isInstanceOf(SendOutcome.Sent.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.tokenCalls.get()).isEqualTo(1);
        assertThat(fake.callsTo("message/custom/send")).isEqualTo(16);
    }

    @Test
    void http200WithErrcode_outsideWindowIsRejectedPermanently() {
        fake.script("message/custom/send", "{\"errcode\":45015,\"errmsg\":\"response out of time limit or subscription is canceled\"}");
        SendOutcome o = client().sendCustomerService("o", new Outbound.Text("x"));
        assertThat(o).isEqualTo(new SendOutcome.Rejected("45015",
                "/cgi-bin/message/custom/send: response out of time limit or subscription is canceled"));
        assertThat(fake.callsTo("message/custom/send")).isEqualTo(1);
    }

    @Test
    void quota45009_retriesAfterBeijingMidnightAndStopsCallingTheApi() {
        fake.quota("message/template/send", 1);
        WeChatClient c = client();
        Outbound.Template t = new Outbound.Template("TPL", Map.of("thing1", "路灯维修"), "");
        assertThat(c.sendTemplate("o", t)).isInstanceOf(SendOutcome.Sent.class);
        SendOutcome second = c.sendTemplate("o", t);
        Instant midnightBeijing = Instant.parse("2026-11-28T16:00:00Z");
        assertThat(second).isInstanceOf(SendOutcome.RetryLater.class);
        assertThat(((SendOutcome.RetryLater) second).notBefore()).isEqualTo(midnightBeijing);
        for (int i = 0; i < 10; i++) {
            assertThat(c.sendTemplate("o", t)).isInstanceOf(SendOutcome.RetryLater.class);
        }
        assertThat(fake.callsTo("message/template/send")).isEqualTo(2); // no retry storm
        assertThat(c.sendCustomerService("o", new Outbound.Text("other API still works"))).isInstanceOf(SendOutcome.Sent.class);
        clock.set(midnightBeijing.plusSeconds(1));
        c.sendTemplate("o", t);
        assertThat(fake.callsTo("message/template/send")).isEqualTo(3);
    }

    @Test
    void busyMinusOne_asksForShortRetry() {
        fake.script("message/custom/send", "{\"errcode\":-1,\"errmsg\":\"system error\"}");
        SendOutcome o = client().sendCustomerService("o", new Outbound.Text("x"));
        assertThat(o).isInstanceOf(SendOutcome.RetryLater.class);
        assertThat(((SendOutcome.RetryLater) o).notBefore()).isEqualTo(clock.instant().plusSeconds(5));
    }

    @Test
    void tokenFetchError_isDeferredAndNotHammered() {
        fake.tokenError("{\"errcode\":40164,\"errmsg\":\"invalid ip 1.2.3.4, not in whitelist\"}");
        WeChatClient c = client();
        SendOutcome o = c.sendCustomerService("o", new Outbound.Text("x"));
        assertThat(o).isInstanceOf(SendOutcome.RetryLater.class);
        assertThat(((SendOutcome.RetryLater) o).reason()).contains("40164");
        for (int i = 0; i < 5; i++) {
            c.sendCustomerService("o", new Outbound.Text("x"));
        }
        assertThat(fake.tokenCalls.get()).isEqualTo(1);
    }

    @Test
    void httpErrors_5xxRetryLater_4xxRejected() {
        fake.httpStatus(502);
        assertThat(client().sendCustomerService("o", new Outbound.Text("x"))).isInstanceOf(SendOutcome.RetryLater.class);
        fake.httpStatus(404);
        assertThat(client().sendCustomerService("o", new Outbound.Text("x")))
                .isEqualTo(new SendOutcome.Rejected("404", "/cgi-bin/message/custom/send: HTTP 404"));
    }

    @Test
    void transportFailure_isRetryLater() {
        WeChatClient c = new WeChatClient(account, java.net.URI.create("http://127.0.0.1:1"), tokens, http, clock);
        assertThat(c.sendCustomerService("o", new Outbound.Text("x"))).isInstanceOf(SendOutcome.RetryLater.class);
    }

    @Test
    void sendTemplate_andSubscribe_buildTheDocumentedBodies() {
        WeChatClient c = client();
        Outbound.Template t = new Outbound.Template("TPL-1", Map.of("thing1", "路灯维修", "time2", "2026-11-28 15:00"), "https://example.org/t/1");
        SendOutcome o = c.sendTemplate("oUser", t);
        assertThat(o).isEqualTo(new SendOutcome.Sent(Optional.of("1001")));
        assertThat(fake.calls.get(0).body().toString()).isEqualTo("{\"touser\":\"oUser\",\"template_id\":\"TPL-1\",\"data\":"
                + "{\"thing1\":{\"value\":\"路灯维修\"},\"time2\":{\"value\":\"2026-11-28 15:00\"}},\"url\":\"https://example.org/t/1\"}");
        c.sendSubscribe("oUser", t);
        assertThat(fake.calls.get(1).api()).isEqualTo("message/subscribe/bizsend");
        assertThat(fake.calls.get(1).body().path("page").asText()).isEqualTo("https://example.org/t/1");
    }

    @Test
    void send_routesTemplatesToTemplateApiAndTheRestToCustomerService() {
        WeChatClient c = client();
        c.send("oUser", new Outbound.Template("TPL", Map.of("thing1", "x"), ""));
        c.send("oUser", new Outbound.Markdown("t", "body"));
        assertThat(fake.calls.get(0).api()).isEqualTo("message/template/send");
        assertThat(fake.calls.get(1).api()).isEqualTo("message/custom/send");
        assertThat(fake.calls.get(1).body().path("text").path("content").asText()).isEqualTo("t\nbody");
    }

    @Test
    void maskToken_hidesAccessTokenInLoggedUrls() {
        assertThat(CgiBinApi.maskToken("https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=ABC123&x=1"))
                .isEqualTo("https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=****&x=1");
    }
}
