package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Origin;
import io.shaozi.core.testing.Await;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.dialog.Bot;
import io.shaozi.core.dialog.HelpBot;
import io.shaozi.core.store.InboundLogJdbc;
import io.shaozi.core.testing.FakeWeChatApi;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /wechat/{account} over real sockets, driven by {@link WeChatSimulator} — an implementation of the WeChat
 * side written independently of the adapters — in plain, compat and safe mode.
 */
class WeChatEndpointTest {
    static final String TOKEN = "shaoziToken2026";
    static final String AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String APPID = "wx5823bf96d3bd56c7";

    @TempDir
    static Path dir;
    static TestServer server;
    static FakeWeChatApi api;
    static final MutableClock CLOCK = MutableClock.at("2026-11-28T08:00:00Z");
    static final AtomicInteger SLOW_CALLS = new AtomicInteger();
    static final AtomicInteger CRASH_CALLS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        api = new FakeWeChatApi();
        Path cfg = dir.resolve("wechat.yaml");
        Files.writeString(cfg, """
                storage:
                  recoverEverySeconds: 1
                channels:
                  wechat:
                    replyBudgetMillis: 400
                    apiBase: %s
                    accounts:
                      - {id: plain1, appId: %s, token: %s, mode: plain, appSecret: s3cret}
                      - {id: compat1, appId: %s, token: %s, aesKey: %s, mode: compat, appSecret: s3cret}
                      - {id: safe1, appId: %s, token: %s, aesKey: %s, mode: safe, appSecret: s3cret}
                """.formatted(api.base(), APPID, TOKEN, APPID, TOKEN, AES, APPID, TOKEN, AES));
        Bot slowWhenAsked = new Bot() {
            private final Bot help = new HelpBot();

            @Override
            public java.util.List<io.shaozi.adapters.common.Outbound> reply(io.shaozi.adapters.common.Inbound in) {
                if (in instanceof io.shaozi.adapters.common.Inbound.Text t && t.text().contains("慢")) {
                    SLOW_CALLS.incrementAndGet();
                    LockSupport.parkNanos(Duration.ofMillis(1500).toNanos());
                }
                if (in instanceof io.shaozi.adapters.common.Inbound.Text t && t.text().contains("崩")
                        && CRASH_CALLS.incrementAndGet() == 1) {
                    LockSupport.parkNanos(Duration.ofMillis(800).toNanos());
                    throw new IllegalStateException("failed after the platform had its answer");
                }
                return help.reply(in);
            }
        };
        server = TestServer.start(dir.resolve("data"), Optional.of(cfg), Map.of(), CLOCK, b -> slowWhenAsked);
    }

    @AfterAll
    static void stop() {
        server.close();
        api.close();
    }

    private static final WeChatSimulator SIM = new WeChatSimulator(TOKEN, AES, APPID);

    private static long now() {
        return CLOCK.instant().getEpochSecond();
    }

    private static HttpResponse<String> deliver(String account, String innerXml, boolean encrypted, long ts)
            throws Exception {
        String nonce = "n" + System.nanoTime();
        String body;
        String query;
        if (encrypted) {
            String enc = SIM.encrypt(innerXml);
            body = WeChatSimulator.envelope("gh_community", enc);
            query = SIM.deliveryQuery(ts, nonce, "oUser", enc);
        } else {
            body = innerXml;
            query = SIM.deliveryQuery(ts, nonce, "oUser", null);
        }
        return server.post("/wechat/" + account + "?" + query, body, Map.of("Content-Type", "text/xml"));
    }

    private static int logged(String user) {
        InboundLogJdbc log = new InboundLogJdbc(server.app.database().orElseThrow().dataSource());
        int total = 0;
        for (String acct : new String[] {"plain1", "compat1", "safe1"}) {
            total += log.count(new Origin(Channel.WECHAT, acct, user, "-", Instant.EPOCH));
        }
        return total;
    }

    @Test
    void urlVerification_echoesInEveryMode() throws Exception {
        for (String acct : new String[] {"plain1", "compat1", "safe1"}) {
            String ts = Long.toString(now());
            String q = "signature=" + WeChatSimulator.sha1Sorted(TOKEN, ts, "nonce1") + "&timestamp=" + ts
                    + "&nonce=nonce1&echostr=echo-12345";
            HttpResponse<String> r = server.get("/wechat/" + acct + "?" + q);
            assertThat(r.statusCode()).as(acct).isEqualTo(200);
            assertThat(r.body()).isEqualTo("echo-12345");
        }
        String q = "signature=deadbeef&timestamp=" + now() + "&nonce=nonce1&echostr=echo-12345";
        assertThat(server.get("/wechat/safe1?" + q).statusCode()).isEqualTo(403);
        assertThat(server.get("/wechat/nope?" + q).statusCode()).isEqualTo(404);
    }

    @Test
    void plainMode_textGetsAPlainPassiveReply() throws Exception {
        HttpResponse<String> r = deliver("plain1",
                WeChatSimulator.textXml("gh_community", "oPlain", now(), "你好", 1001), false, now());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(WeChatSimulator.field(r.body(), "ToUserName")).isEqualTo("oPlain");
        assertThat(WeChatSimulator.field(r.body(), "Content")).contains("哨子");
    }

    @Test
    void safeMode_replyIsEncryptedAndOpensWithTheSimulator() throws Exception {
        HttpResponse<String> r = deliver("safe1",
                WeChatSimulator.textXml("gh_community", "oSafe", now(), "帮助", 2001), true, now());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("哨子").contains("<Encrypt>");
        String inner = SIM.openReply(r.body());
        assertThat(WeChatSimulator.field(inner, "ToUserName")).isEqualTo("oSafe");
        assertThat(WeChatSimulator.field(inner, "Content")).contains("哨子");
    }

    @Test
    void safeMode_refusesPlaintextDelivery_andCompatAcceptsBoth() throws Exception {
        assertThat(deliver("safe1", WeChatSimulator.textXml("gh", "oS2", now(), "你好", 2101), false, now())
                .statusCode()).isEqualTo(403);
        assertThat(deliver("compat1", WeChatSimulator.textXml("gh", "oC", now(), "你好", 3001), false, now())
                .body()).contains("哨子");
        String enc = deliver("compat1", WeChatSimulator.textXml("gh", "oC", now(), "你好", 3002), true, now()).body();
        assertThat(WeChatSimulator.field(SIM.openReply(enc), "Content")).contains("哨子");
        assertThat(logged("oS2")).as("refused delivery leaves no trace").isZero();
    }

    @Test
    void retries_getTheSameReplyAndAreProcessedOnce() throws Exception {
        String xml = WeChatSimulator.textXml("gh_community", "oRetry", now(), "你好", 4001);
        HttpResponse<String> first = deliver("safe1", xml, true, now());
        HttpResponse<String> second = deliver("safe1", xml, true, now());
        HttpResponse<String> third = deliver("safe1", xml, true, now());
        String a = WeChatSimulator.field(SIM.openReply(first.body()), "Content");
        assertThat(WeChatSimulator.field(SIM.openReply(second.body()), "Content")).isEqualTo(a);
        assertThat(WeChatSimulator.field(SIM.openReply(third.body()), "Content")).isEqualTo(a);
        assertThat(logged("oRetry")).isEqualTo(1);
    }

    @Test
    void plainAndCompat_capturedSignatureWithAnotherBody_isRefused_butTheRetryOfTheSameBodyIsAnswered()
            throws Exception {
        long id = 8001;
        for (String acct : new String[] {"plain1", "compat1"}) {
            long ts = now();
            String q = SIM.deliveryQuery(ts, "nonceReplay-" + acct, "oVictim", null);
            String genuine = WeChatSimulator.textXml("gh", "oVictim-" + acct, ts, "帮助", id++);
            String forged = WeChatSimulator.textXml("gh", "evil", ts, "3号楼路灯坏了", id++);
            HttpResponse<String> first = server.post("/wechat/" + acct + "?" + q, genuine, Map.of());
            HttpResponse<String> retry = server.post("/wechat/" + acct + "?" + q, genuine, Map.of());
            HttpResponse<String> replay = server.post("/wechat/" + acct + "?" + q, forged, Map.of());
            assertThat(first.statusCode()).as(acct).isEqualTo(200);
            assertThat(retry.statusCode()).as(acct + " retry").isEqualTo(200);
            assertThat(WeChatSimulator.field(retry.body(), "Content"))
                    .isEqualTo(WeChatSimulator.field(first.body(), "Content"));
            assertThat(replay.statusCode()).as(acct + " replay").isEqualTo(403);
            assertThat(replay.body()).contains("replayed signature");
            assertThat(logged("oVictim-" + acct)).isEqualTo(1);
        }
        assertThat(logged("evil")).as("no ticket, no log for the replayed body").isZero();
    }

    @Test
    void envelopeRetrySealedAnew_isAnswered_butItsSignatureWithAPlaintextBody_isRefused() throws Exception {
        for (String acct : new String[] {"safe1", "compat1"}) {
            long ts = now();
            String nonce = "nonceSealed-" + acct;
            String user = "oSealed-" + acct;
            String xml = WeChatSimulator.textXml("gh", user, ts, "帮助", acct.equals("safe1") ? 8101 : 8102);
            String enc = SIM.encrypt(xml);
            HttpResponse<String> first = server.post("/wechat/" + acct + "?" + SIM.deliveryQuery(ts, nonce, user, enc),
                    WeChatSimulator.envelope("gh_community", enc), Map.of());
            String again = SIM.encrypt(xml); // the same message under a new random prefix: another ciphertext
            HttpResponse<String> retry = server.post("/wechat/" + acct + "?" + SIM.deliveryQuery(ts, nonce, user, again),
                    WeChatSimulator.envelope("gh_community", again), Map.of());
            // the captured query signature (token, timestamp, nonce) sent with a plaintext body
            HttpResponse<String> downgrade = server.post("/wechat/" + acct + "?" + SIM.deliveryQuery(ts, nonce, user, null),
                    WeChatSimulator.textXml("gh", "evil", ts, "3号楼路灯坏了", 8103), Map.of());
            assertThat(first.statusCode()).as(acct).isEqualTo(200);
            assertThat(retry.statusCode()).as(acct + " retry").isEqualTo(200);
            assertThat(WeChatSimulator.field(SIM.openReply(retry.body()), "Content"))
                    .isEqualTo(WeChatSimulator.field(SIM.openReply(first.body()), "Content"));
            assertThat(downgrade.statusCode()).as(acct + " downgrade").isEqualTo(403);
            assertThat(logged(user)).isEqualTo(1);
        }
        assertThat(logged("evil")).isZero();
    }

    @Test
    void tamperedOrStaleDeliveries_areRefusedAndLeaveNoTrace() throws Exception {
        String xml = WeChatSimulator.textXml("gh_community", "oBad", now(), "你好", 5001);
        HttpResponse<String> stale = deliver("safe1", xml, true, now() - 3600);
        assertThat(stale.statusCode()).isEqualTo(403);
        String enc = SIM.encrypt(xml);
        String q = SIM.deliveryQuery(now(), "nonceX", "oBad", enc).replace("msg_signature=", "msg_signature=0");
        assertThat(server.post("/wechat/safe1?" + q, WeChatSimulator.envelope("gh", enc), Map.of()).statusCode())
                .isEqualTo(403);
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><ToUserName>gh</ToUserName><FromUserName>oBad</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>text</MsgType><Content>&e;</Content><MsgId>5002</MsgId></xml>";
        String qp = SIM.deliveryQuery(now(), "nonceY", "oBad", null);
        assertThat(server.post("/wechat/plain1?" + qp, xxe, Map.of()).statusCode()).isEqualTo(400);
        assertThat(logged("oBad")).isZero();
    }

    @Test
    void slowAnswer_isSuccessAtOnce_thenDeliveredByCustomerServiceMessage_andARetryStaysSilent() throws Exception {
        String xml = WeChatSimulator.textXml("gh_community", "oSlow", now(), "慢一点回答", 6001);
        long t0 = System.nanoTime();
        HttpResponse<String> r = deliver("safe1", xml, true, now());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("success");
        assertThat(ms).as("answered within the budget, not after the slow bot").isLessThan(1400);
        Await.until("the late reply as a customer-service message",
                () -> api.customSends.stream().anyMatch(s -> s.contains("oSlow")));
        assertThat(api.customSends).anyMatch(s -> s.contains("\"touser\":\"oSlow\"") && s.contains("哨子"));
        HttpResponse<String> retry = deliver("safe1", xml, true, now());
        assertThat(retry.body()).isEqualTo("success");
        assertThat(SLOW_CALLS.get()).isEqualTo(1);
        assertThat(api.customSends.stream().filter(s -> s.contains("oSlow")).count()).isEqualTo(1);
    }

    @Test
    void failureAfterTheDeadline_isNotOnlyALogLine_theRecoverySweepAnswersThroughTheOutbox() throws Exception {
        String xml = WeChatSimulator.textXml("gh_community", "oCrash", now(), "崩了再说", 6002);
        HttpResponse<String> r = deliver("safe1", xml, true, now());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).as("recorded in time: the platform may stop retrying").isEqualTo("success");
        DurableAcknowledgementTest.awaitTrue(() -> api.customSends.stream().anyMatch(s -> s.contains("oCrash")),
                Duration.ofSeconds(20));
        assertThat(CRASH_CALLS.get()).isEqualTo(2);
        assertThat(api.customSends.stream().filter(s -> s.contains("\"touser\":\"oCrash\"")).count()).isEqualTo(1);
    }
}
