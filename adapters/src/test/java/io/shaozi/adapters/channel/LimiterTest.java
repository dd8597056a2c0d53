package io.shaozi.adapters.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.adapters.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one limiter in memory, on a fake clock: window and bucket limits, per key, seeded from earlier use. */
class LimiterTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
    final Limiter limiter = Limiter.local(clock);
    static final RateLimit GROUP = RateLimit.window("groupRobot", 20, Duration.ofMinutes(1), RateLimit.Scope.RECIPIENT);
    static final RateLimit PER_SECOND = RateLimit.bucket("send", 2, Duration.ofSeconds(1), RateLimit.Scope.ACCOUNT);

    @Test
    void window_grantsTwentyPerMinuteThenNamesTheNextSlot() {
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire("a", GROUP)).isInstanceOf(Limiter.Decision.Granted.class);
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(limiter.tryAcquire("a", GROUP)).isEqualTo(new Limiter.Decision.Wait(Instant.parse("2026-11-28T02:01:00Z")));
        assertThat(limiter.check("a", GROUP, () -> 0)).isEqualTo(new Limiter.Decision.Wait(Instant.parse("2026-11-28T02:01:00Z")));
        clock.set(Instant.parse("2026-11-28T02:01:00Z"));
        assertThat(limiter.tryAcquire("a", GROUP)).isInstanceOf(Limiter.Decision.Granted.class);
        assertThat(limiter.tryAcquire("a", GROUP)).isEqualTo(new Limiter.Decision.Wait(Instant.parse("2026-11-28T02:01:02Z")));
    }

    @Test
    void aWait_isAnsweredAgainUntilItEnds_withoutReadingTheStore_andAnotherInstancesUseStillCounts() {
        MemoryBuckets store = new MemoryBuckets(Limiter.meter(clock));
        Limiter a = new Limiter(store, clock);
        Limiter b = new Limiter(store, clock);
        for (int i = 0; i < 20; i++) {
            assertThat((i % 2 == 0 ? a : b).tryAcquire("a", GROUP)).isInstanceOf(Limiter.Decision.Granted.class);
        }
        Limiter.Decision.Wait full = new Limiter.Decision.Wait(Instant.parse("2026-11-28T02:01:00Z"));
        assertThat(a.tryAcquire("a", GROUP)).isEqualTo(full);
        long reads = a.storeReads();
        clock.advance(Duration.ofSeconds(59));
        for (int i = 0; i < 50; i++) {
            assertThat(a.tryAcquire("a", GROUP)).isEqualTo(full);
            assertThat(a.check("a", GROUP, () -> 0)).isEqualTo(full);
        }
        assertThat(a.storeReads()).as("the window's 20 slots are not read again before the wait ends").isEqualTo(reads);
        assertThat(a.tryAcquire("b", GROUP)).as("another key").isInstanceOf(Limiter.Decision.Granted.class);
        clock.advance(Duration.ofSeconds(1));
        // the wait has ended: the slots come back to a, and to b (which never saw the wait); b's use counts for a
        assertThat(a.tryAcquire("a", GROUP)).isInstanceOf(Limiter.Decision.Granted.class);
        for (int i = 0; i < 19; i++) {
            assertThat(b.tryAcquire("a", GROUP)).isInstanceOf(Limiter.Decision.Granted.class);
        }
        Limiter.Decision.Wait next = new Limiter.Decision.Wait(Instant.parse("2026-11-28T02:02:00Z"));
        assertThat(a.tryAcquire("a", GROUP)).isEqualTo(next);
        assertThat(b.tryAcquire("a", GROUP)).isEqualTo(next);
        clock.set(Instant.parse("2026-11-28T01:00:00Z")); // set back: the known wait is not trusted
        long before = a.storeReads();
        a.tryAcquire("a", GROUP);
        assertThat(a.storeReads()).isGreaterThan(before);
    }

    @Test
    void perRecipientLimits_areIndependentBetweenRecipients() {
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire("group:one", GROUP)).isInstanceOf(Limiter.Decision.Granted.class);
        }
        assertThat(limiter.tryAcquire("group:one", GROUP)).isInstanceOf(Limiter.Decision.Wait.class);
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire("group:two", GROUP)).as("send %d to the other group", i)
                    .isInstanceOf(Limiter.Decision.Granted.class);
        }
    }

    @Test
    void bucket_refillsAfterItsPeriod_onTheFakeClock() {
        assertThat(limiter.tryAcquire("k", PER_SECOND)).isInstanceOf(Limiter.Decision.Granted.class);
        assertThat(limiter.tryAcquire("k", PER_SECOND)).isInstanceOf(Limiter.Decision.Granted.class);
        assertThat(limiter.tryAcquire("k", PER_SECOND))
                .isEqualTo(new Limiter.Decision.Wait(clock.instant().plusMillis(500)));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("k", PER_SECOND)).isInstanceOf(Limiter.Decision.Granted.class);
        assertThat(limiter.tryAcquire("k", PER_SECOND)).isInstanceOf(Limiter.Decision.Granted.class);
        assertThat(limiter.tryAcquire("k", PER_SECOND)).isInstanceOf(Limiter.Decision.Wait.class);
    }

    @Test
    void aNewCount_startsFromWhatWasUsedBefore_onlyWhenNothingIsKept() {
        // a new process: 10 of this minute's 20 were sent before it started
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("g", GROUP, () -> 10)).as("send %d", i)
                    .isInstanceOf(Limiter.Decision.Granted.class);
        }
        assertThat(limiter.tryAcquire("g", GROUP, () -> 10))
                .isEqualTo(new Limiter.Decision.Wait(clock.instant().plus(Duration.ofMinutes(1))));
        clock.advance(Duration.ofSeconds(30));
        // the store keeps this window: what was used before is not counted again
        assertThat(limiter.tryAcquire("g", GROUP, () -> 20))
                .isEqualTo(new Limiter.Decision.Wait(clock.instant().plus(Duration.ofSeconds(30))));
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire("g", GROUP, () -> 0)).as("send %d", i)
                    .isInstanceOf(Limiter.Decision.Granted.class);
        }
        assertThat(limiter.tryAcquire("g", GROUP, () -> 0)).isInstanceOf(Limiter.Decision.Wait.class);
    }

    @Test
    void tryAcquireAll_takesNothingWhenOneSaysWait() {
        for (int i = 0; i < 2; i++) {
            limiter.tryAcquire("full", PER_SECOND);
        }
        Limiter.Decision d = limiter.tryAcquireAll(java.util.List.of(new Limiter.Use("free", PER_SECOND, () -> 0),
                new Limiter.Use("full", PER_SECOND, () -> 0)));
        assertThat(d).isInstanceOf(Limiter.Decision.Wait.class);
        assertThat(limiter.tryAcquire("free", PER_SECOND)).isInstanceOf(Limiter.Decision.Granted.class);
        assertThat(limiter.tryAcquire("free", PER_SECOND)).isInstanceOf(Limiter.Decision.Granted.class);
    }

    @Test
    void rates_readFromConfigText_andBadOnesAreRefused() {
        assertThat(GROUP.withRate("30/1m")).isEqualTo(RateLimit.window("groupRobot", 30, Duration.ofMinutes(1),
                RateLimit.Scope.RECIPIENT));
        assertThat(PER_SECOND.withRate("50/s").per()).isEqualTo(Duration.ofSeconds(1));
        assertThat(PER_SECOND.withRate("5 / 10s").rate()).isEqualTo("5/10s");
        assertThat(GROUP.rate()).isEqualTo("20/1m");
        assertThatThrownBy(() -> GROUP.withRate("twenty")).hasMessageContaining("is not a rate like 20/1m");
        assertThatThrownBy(() -> GROUP.withRate("0/1m")).hasMessageContaining("permits");
        assertThatThrownBy(() -> GROUP.withRate("5/0s")).hasMessageContaining("period");
    }
}
