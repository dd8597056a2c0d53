package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Origin;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.store.InboundLogJdbc;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.testing.TestRedis;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production shape: two instances on one PostgreSQL and one Redis. WeChat's retries of one message land on
 * both instances at once; the message is processed once and both answer the same reply.
 */
class TwoInstancesTest {
    @TempDir
    Path dir;

    /** One of two instances sharing the PostgreSQL database at {@code url} and Redis. */
    private TestServer instance(String name, Path cfg, String url, MutableClock clock) throws Exception {
        return TestServer.start(dir.resolve(name), Optional.of(cfg), Map.of("storage.url", url,
                "storage.user", TestDatabases.PG_USER, "redis.url", TestRedis.URL), clock, x -> x);
    }

    @Test
    void retriesSpreadOverTwoInstances_areProcessedOnce() throws Exception {
        TestRedis.client().close(); // fails under CI=true when Redis is down, skips locally
        String url = TestDatabases.freshUrl(TestDatabases.Engine.POSTGRESQL);
        Path cfg = dir.resolve("two.yaml");
        Files.writeString(cfg, """
                channels:
                  wechat:
                    accounts:
                      - {id: safe1, appId: %s, token: %s, aesKey: %s, mode: safe}
                """.formatted(WeChatEndpointTest.APPID, WeChatEndpointTest.TOKEN, WeChatEndpointTest.AES));
        MutableClock clock = MutableClock.at("2026-11-28T08:00:00Z");
        try (TestServer a = instance("a", cfg, url, clock); TestServer b = instance("b", cfg, url, clock)) {
            WeChatSimulator sim = new WeChatSimulator(WeChatEndpointTest.TOKEN, WeChatEndpointTest.AES,
                    WeChatEndpointTest.APPID);
            long ts = clock.instant().getEpochSecond();
            String user = "oTwo" + System.nanoTime();
            String enc = sim.encrypt(WeChatSimulator.textXml("gh", user, ts, "我的工单", 99_001));
            String body = WeChatSimulator.envelope("gh", enc);
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                TestServer target = i % 2 == 0 ? a : b;
                // Redis outlives the test (the fake clock's window is real time there): fresh nonces per run
                String q = sim.deliveryQuery(ts, user + "-nonce" + i, user, enc);
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return target.post("/wechat/safe1?" + q, body, Map.of("Content-Type", "text/xml"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            List<String> contents = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> c : calls) {
                HttpResponse<String> r = c.get();
                assertThat(r.statusCode()).isEqualTo(200);
                contents.add(WeChatSimulator.field(sim.openReply(r.body()), "Content"));
            }
            assertThat(contents).hasSize(6).allMatch(c -> c.equals(contents.get(0)));
            InboundLogJdbc log = new InboundLogJdbc(a.app.database().orElseThrow().dataSource());
            assertThat(log.count(new Origin(Channel.WECHAT, "safe1", user, "-", Instant.EPOCH))).isEqualTo(1);
        }
    }

    @Test
    void signatureAcceptedByOneInstance_isRefusedWithAnotherBodyByTheOther() throws Exception {
        TestRedis.client().close(); // fails under CI=true when Redis is down, skips locally
        String url = TestDatabases.freshUrl(TestDatabases.Engine.POSTGRESQL);
        Path cfg = dir.resolve("two-plain.yaml");
        Files.writeString(cfg, """
                channels:
                  wechat:
                    accounts:
                      - {id: plain1, appId: %s, token: %s, mode: plain}
                """.formatted(WeChatEndpointTest.APPID, WeChatEndpointTest.TOKEN));
        MutableClock clock = MutableClock.at("2026-11-28T08:00:00Z");
        try (TestServer a = instance("a", cfg, url, clock); TestServer b = instance("b", cfg, url, clock)) {
            WeChatSimulator sim = new WeChatSimulator(WeChatEndpointTest.TOKEN, WeChatEndpointTest.AES,
                    WeChatEndpointTest.APPID);
            long ts = clock.instant().getEpochSecond();
            String nonce = "nonceTwo" + System.nanoTime(); // Redis outlives the test: a fresh signature per run
            String q = sim.deliveryQuery(ts, nonce, "oVictim", null);
            String user = "oTwoPlain" + System.nanoTime();
            String genuine = WeChatSimulator.textXml("gh", user, ts, "我的工单", 99_101);
            String forged = WeChatSimulator.textXml("gh", "evil", ts, "3号楼路灯坏了", 99_102);
            assertThat(a.post("/wechat/plain1?" + q, genuine, Map.of()).statusCode()).isEqualTo(200);
            assertThat(b.post("/wechat/plain1?" + q, genuine, Map.of()).statusCode()).as("retry").isEqualTo(200);
            HttpResponse<String> replay = b.post("/wechat/plain1?" + q, forged, Map.of());
            assertThat(replay.statusCode()).isEqualTo(403);
            assertThat(replay.body()).contains("replayed signature");
            InboundLogJdbc log = new InboundLogJdbc(a.app.database().orElseThrow().dataSource());
            assertThat(log.count(new Origin(Channel.WECHAT, "plain1", "evil", "-", Instant.EPOCH))).isZero();
            assertThat(log.count(new Origin(Channel.WECHAT, "plain1", user, "-", Instant.EPOCH))).isEqualTo(1);
        }
    }
}
