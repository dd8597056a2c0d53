package io.shaozi.adapters.dingtalk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-webhook sliding-window limiter (custom group robots: 20 messages per minute, docs/platform-protocols.md §4.4). It never
 * drops anything: it answers when the next send may happen, and the caller (bot-core's outbox) keeps the message
 * queued until then. A platform throttle answer (130101) blocks the key until the given instant.
 *
 * <p>State is in memory, per instance: with several instances, give each webhook to one sender (or wrap a shared
 * store behind the same API).
 */
public final class WebhookRateLimiter {
    private final Clock clock;
    private final int maxPerWindow;
    private final Duration window;
    private final Map<String, ArrayDeque<Instant>> sends = new HashMap<>();
    private final Map<String, Instant> blockedUntil = new HashMap<>();

    public WebhookRateLimiter(Clock clock, int maxPerWindow, Duration window) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxPerWindow < 1) {
            throw new IllegalArgumentException("maxPerWindow must be positive");
        }
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.maxPerWindow = maxPerWindow;
        this.window = window;
    }

    /** DingTalk's documented custom-robot limit: 20 per minute. */
    public static WebhookRateLimiter dingTalkDefault(Clock clock) {
        return new WebhookRateLimiter(clock, 20, Duration.ofMinutes(1));
    }

    /** The earliest instant a send to {@code key} is allowed (now when it is allowed now). Reserves nothing. */
    public synchronized Instant nextAllowedSend(String key) {
        Instant now = clock.instant();
        return next(Objects.requireNonNull(key, "key"), now);
    }

    /**
     * Reserves a send slot now: empty when granted, otherwise the instant to try again (nothing reserved).
     */
    public synchronized Optional<Instant> tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        Instant now = clock.instant();
        Instant next = next(key, now);
        if (next.isAfter(now)) {
            return Optional.of(next);
        }
        sends.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
        return Optional.empty();
    }

    /** Records a platform throttle: no sends to {@code key} before {@code until}. */
    public synchronized void blockUntil(String key, Instant until) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(until, "until");
        blockedUntil.merge(key, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    private Instant next(String key, Instant now) {
        Instant result = now;
        Instant blocked = blockedUntil.get(key);
        if (blocked != null) {
            if (blocked.isAfter(now)) {
                result = blocked;
            } else {
                blockedUntil.remove(key);
            }
        }
        ArrayDeque<Instant> q = sends.get(key);
        if (q != null) {
            while (!q.isEmpty() && !q.peekFirst().plus(window).isAfter(now)) {
                q.pollFirst();
            }
            if (q.isEmpty()) {
                sends.remove(key);
            } else if (q.size() >= maxPerWindow) {
                // the oldest send that must leave the window before one more fits
                Instant free = q.stream().skip(q.size() - maxPerWindow).findFirst().orElseThrow().plus(window);
                if (free.isAfter(result)) {
                    result = free;
                }
            }
        }
        return result;
    }
}
