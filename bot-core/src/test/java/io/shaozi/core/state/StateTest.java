package io.shaozi.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.channel.RateLimit;
import io.shaozi.adapters.common.AccessToken;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.ReplayGuard;
import io.shaozi.core.lock.LocalLocks;
import io.shaozi.core.lock.Locks;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StateTest {
    private final MutableClock clock = MutableClock.at("2026-11-28T08:00:00Z");

    @Test
    void local_dedupeForgetsAfterTtlOnTheInjectedClock() {
        LocalState s = new LocalState(clock, 10_000);
        assertThat(s.firstSeen("wechat:a:m1", Duration.ofMinutes(5))).isTrue();
        assertThat(s.firstSeen("wechat:a:m1", Duration.ofMinutes(5))).isFalse();
        clock.advance(Duration.ofMinutes(4));
        assertThat(s.firstSeen("wechat:a:m1", Duration.ofMinutes(5))).isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(s.firstSeen("wechat:a:m1", Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void local_replayGuard_tellsFirstRetryAndReplay_andForgetsAfterTheWindow() {
        LocalState s = new LocalState(clock, 10_000);
        byte[] body = "<xml>genuine</xml>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] other = "<xml>evil</xml>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Duration ttl = ReplayGuard.until(clock.instant(), Duration.ofMinutes(5), clock);
        assertThat(ttl).isEqualTo(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(s.check(Channel.WECHAT, "a", "sig&1&n", body, ttl)).isEqualTo(ReplayGuard.Verdict.FIRST);
        assertThat(s.check(Channel.WECHAT, "a", "sig&1&n", body, ttl)).isEqualTo(ReplayGuard.Verdict.RETRY);
        assertThat(s.check(Channel.WECHAT, "a", "sig&1&n", other, ttl)).isEqualTo(ReplayGuard.Verdict.REPLAY);
        assertThat(s.check(Channel.WECHAT, "b", "sig&1&n", other, ttl)).as("another account")
                .isEqualTo(ReplayGuard.Verdict.FIRST);
        assertThat(s.check(Channel.WECOM, "a", "sig&1&n", other, ttl)).as("another channel")
                .isEqualTo(ReplayGuard.Verdict.FIRST);
        clock.advance(Duration.ofMinutes(5));
        assertThat(s.check(Channel.WECHAT, "a", "sig&1&n", other, ttl)).isEqualTo(ReplayGuard.Verdict.REPLAY);
        clock.advance(Duration.ofSeconds(2));
        assertThat(s.check(Channel.WECHAT, "a", "sig&1&n", other, ttl)).isEqualTo(ReplayGuard.Verdict.FIRST);
    }

    @Test
    void replayGuard_ttlRunsToTheEndOfTheTimestampWindow() {
        Duration w = Duration.ofSeconds(300);
        assertThat(ReplayGuard.until(clock.instant().minusSeconds(100), w, clock)).isEqualTo(Duration.ofSeconds(201));
        assertThat(ReplayGuard.until(clock.instant().plusSeconds(100), w, clock)).isEqualTo(Duration.ofSeconds(401));
        assertThat(ReplayGuard.until(clock.instant().minusSeconds(900), w, clock)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void redis_replayGuardIsSharedByInstances_andExpiresWithItsTtl() {
        try (RedisClient one = TestRedis.client()) {
            RedisState a = new RedisState(one, clock);
            byte[] body = "{\"msgId\":\"m1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] other = "{\"msgId\":\"evil\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Duration ttl = Duration.ofSeconds(30);
            assertThat(a.check(Channel.DINGTALK, "robot", "1764316800000&sign", body, ttl))
                    .isEqualTo(ReplayGuard.Verdict.FIRST);
            RedisState b = new RedisState(one, clock);
            assertThat(b.check(Channel.DINGTALK, "robot", "1764316800000&sign", body, ttl))
                    .isEqualTo(ReplayGuard.Verdict.RETRY);
            assertThat(b.check(Channel.DINGTALK, "robot", "1764316800000&sign", other, ttl))
                    .isEqualTo(ReplayGuard.Verdict.REPLAY);
            String key = "guard:replay:dingtalk:robot:" + ReplayGuard.sha256(
                    "1764316800000&sign".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(one.ttlMillis(key)).isBetween(1L, 30_000L);
        }
    }

    @Test
    void local_sessionExpiresAndCanBeDeleted() {
        LocalState s = new LocalState(clock, 10_000);
        s.put("u1", "{\"step\":\"ask-place\"}", Duration.ofMinutes(30));
        assertThat(s.get("u1")).contains("{\"step\":\"ask-place\"}");
        clock.advance(Duration.ofMinutes(31));
        assertThat(s.get("u1")).isEmpty();
        s.put("u2", "x", Duration.ofMinutes(30));
        s.delete("u2");
        assertThat(s.get("u2")).isEmpty();
    }

    @Test
    void local_lockIsExclusiveUntilReleasedOrExpired() {
        LocalLocks s = new LocalLocks(clock);
        Optional<Locks.Lease> a = s.tryAcquire("scanner", Duration.ofSeconds(60));
        assertThat(a).isPresent();
        assertThat(s.tryAcquire("scanner", Duration.ofSeconds(60))).isEmpty();
        a.get().close();
        Optional<Locks.Lease> b = s.tryAcquire("scanner", Duration.ofSeconds(60));
        assertThat(b).isPresent();
        clock.advance(Duration.ofSeconds(61));
        Optional<Locks.Lease> c = s.tryAcquire("scanner", Duration.ofSeconds(60));
        assertThat(c).isPresent();
        b.get().close();
        assertThat(s.tryAcquire("scanner", Duration.ofSeconds(60))).as("stale holder must not release").isEmpty();
    }

    private static final RateLimit ROBOT = RateLimit.window("robot", 20, Duration.ofMinutes(1),
            RateLimit.Scope.RECIPIENT);

    private static boolean take(Limiter l, String key) {
        return l.tryAcquire(key, ROBOT) instanceof Limiter.Decision.Granted;
    }

    @Test
    void local_rateLimitCountsPerWindow() {
        Limiter s = Limiter.local(clock);
        for (int i = 0; i < 20; i++) {
            assertThat(take(s, "robot-1")).isTrue();
        }
        assertThat(take(s, "robot-1")).isFalse();
        assertThat(take(s, "robot-2")).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(take(s, "robot-1")).isTrue();
    }

    @Test
    void redis_aLimitIsSharedByTwoLimiters_andRefillsAfterItsWindow() {
        try (RedisClient redis = TestRedis.client()) {
            Limiter a = redis.limiter(clock);
            Limiter b = redis.limiter(clock);
            for (int i = 0; i < 10; i++) {
                assertThat(take(a, "robot-1")).as("instance a, send %d", i).isTrue();
                assertThat(take(b, "robot-1")).as("instance b, send %d", i).isTrue();
            }
            assertThat(take(a, "robot-1")).isFalse();
            assertThat(b.tryAcquire("robot-1", ROBOT))
                    .isEqualTo(new Limiter.Decision.Wait(clock.instant().plus(Duration.ofMinutes(1))));
            assertThat(take(b, "robot-2")).as("another recipient").isTrue();
            clock.advance(Duration.ofMinutes(1));
            assertThat(take(b, "robot-1")).isTrue();
            RateLimit perSecond = RateLimit.bucket("api", 2, Duration.ofSeconds(1), RateLimit.Scope.ACCOUNT);
            assertThat(a.tryAcquire("app", perSecond)).isInstanceOf(Limiter.Decision.Granted.class);
            assertThat(b.tryAcquire("app", perSecond)).isInstanceOf(Limiter.Decision.Granted.class);
            assertThat(a.tryAcquire("app", perSecond)).isInstanceOf(Limiter.Decision.Wait.class);
        }
    }

    @Test
    void redis_dedupeSessionsLocksAndRateLimits() {
        try (RedisClient redis = TestRedis.client()) {
            RedisState s = new RedisState(redis, clock);
            assertThat(s.firstSeen("wechat:a:m1", Duration.ofMinutes(5))).isTrue();
            assertThat(s.firstSeen("wechat:a:m1", Duration.ofMinutes(5))).isFalse();
            assertThat(redis.ttlMillis("dedupe:wechat:a:m1")).isBetween(1L, 300_000L);

            s.put("u1", "{\"step\":1}", Duration.ofMinutes(30));
            assertThat(s.get("u1")).contains("{\"step\":1}");
            assertThat(redis.ttlMillis("session:u1")).isBetween(1L, 1_800_000L);
            s.delete("u1");
            assertThat(s.get("u1")).isEmpty();

            RedisLocks locks = new RedisLocks(redis);
            Optional<Locks.Lease> a = locks.tryAcquire("scanner", Duration.ofSeconds(60));
            assertThat(a).isPresent();
            assertThat(locks.tryAcquire("scanner", Duration.ofSeconds(60))).isEmpty();
            a.get().close();
            assertThat(locks.tryAcquire("scanner", Duration.ofSeconds(60))).isPresent();

            Limiter l = redis.limiter(clock);
            for (int i = 0; i < 20; i++) {
                assertThat(take(l, "robot-1")).isTrue();
            }
            assertThat(take(l, "robot-1")).isFalse();
            clock.advance(Duration.ofMinutes(1));
            assertThat(take(l, "robot-1")).isTrue();
        }
    }

    @Test
    void redis_twoInstancesRefreshATokenExactlyOnce() throws Exception {
        try (RedisClient one = TestRedis.client()) {
            // two "instances": separate managers and stores over the same Redis namespace
            RedisTokenStore storeA = new RedisTokenStore(one, new RedisLocks(one), clock, Duration.ofSeconds(10));
            RedisTokenStore storeB = new RedisTokenStore(one, new RedisLocks(one), clock, Duration.ofSeconds(10));
            AccessTokenManager a = new AccessTokenManager(storeA, clock, Duration.ofMinutes(5));
            AccessTokenManager b = new AccessTokenManager(storeB, clock, Duration.ofMinutes(5));
            AtomicInteger fetches = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<String>> calls = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    AccessTokenManager m = i % 2 == 0 ? a : b;
                    calls.add(() -> m.token("wechat:acct", () -> {
                        fetches.incrementAndGet();
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                        return new AccessToken("tok-" + fetches.get(), clock.instant().plus(Duration.ofHours(2)));
                    }));
                }
                List<String> got = new ArrayList<>();
                for (Future<String> f : pool.invokeAll(calls)) {
                    got.add(f.get());
                }
                assertThat(fetches.get()).isEqualTo(1);
                assertThat(got).containsOnly("tok-1");
                a.invalidate("wechat:acct", "tok-1");
                assertThat(b.token("wechat:acct", () -> new AccessToken("tok-2",
                        clock.instant().plus(Duration.ofHours(2))))).isEqualTo("tok-2");
                a.invalidate("wechat:acct", "tok-1");
                assertThat(storeA.get("wechat:acct").map(AccessToken::value)).as("stale invalidation keeps the new token")
                        .contains("tok-2");
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
