package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookRateLimiterTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
    final WebhookRateLimiter limiter = WebhookRateLimiter.dingTalkDefault(clock);

    @Test
    void limiter_grantsTwentyPerMinuteThenNamesTheNextSlot() {
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire("a")).isEmpty();
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(limiter.tryAcquire("a")).contains(Instant.parse("2026-11-28T02:01:00Z"));
        assertThat(limiter.nextAllowedSend("a")).isEqualTo(Instant.parse("2026-11-28T02:01:00Z"));
        assertThat(limiter.tryAcquire("b")).isEmpty(); // per webhook
        clock.set(Instant.parse("2026-11-28T02:01:00Z"));
        assertThat(limiter.tryAcquire("a")).isEmpty();
        assertThat(limiter.tryAcquire("a")).contains(Instant.parse("2026-11-28T02:01:02Z"));
    }

    @Test
    void limiter_blockUntilHoldsTheWebhookAndExpires() {
        Instant until = clock.instant().plus(Duration.ofMinutes(10));
        limiter.blockUntil("a", until);
        limiter.blockUntil("a", clock.instant().plusSeconds(1)); // an earlier block never shortens it
        assertThat(limiter.tryAcquire("a")).contains(until);
        clock.set(until);
        assertThat(limiter.tryAcquire("a")).isEqualTo(Optional.empty());
    }

    @Test
    void limiter_validatesConfig() {
        assertThatThrownBy(() -> new WebhookRateLimiter(clock, 0, Duration.ofMinutes(1))).hasMessageContaining("maxPerWindow");
        assertThatThrownBy(() -> new WebhookRateLimiter(clock, 1, Duration.ZERO)).hasMessageContaining("window");
    }
}
