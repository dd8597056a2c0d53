package io.shaozi.bench.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fake WeCom platform remembers: issued tokens, the corp-wide call window, each member's deliveries, the
 * duplicate-check memory and the delivery times. Every method takes the current time in epoch milliseconds, so the
 * limits can be checked without waiting; all methods are synchronized (a few hundred calls a second at most).
 *
 * <p>Rules, as WeCom documents them for {@code /cgi-bin/message/send} of a self-built app:
 * <ul>
 *   <li>per corp at most {@code perMinute} accepted calls in any 60 s; more are answered 45009 (counted over-limit);</li>
 *   <li>per member at most 30 messages a minute and 1,000 an hour; more are answered ok but silently dropped
 *       (counted over-limit, never delivered);</li>
 *   <li>{@code enable_duplicate_check=1}: the same content to the same member within
 *       {@code duplicate_check_interval} seconds (default 1,800) of its delivery is answered ok and not delivered
 *       again (counted as deduplicated).</li>
 * </ul>
 */
final class WeComLedger {
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;
    static final int MEMBER_PER_MINUTE = 30;
    static final int MEMBER_PER_HOUR = 1_000;

    /** The platform's answer to one send. */
    sealed interface Answer permits Ok, Refused {
    }

    /** errcode 0; {@code delivered} of the named users actually got it (the rest deduplicated or dropped). */
    record Ok(long msgId, int delivered) implements Answer {
    }

    record Refused(int errcode, String errmsg) implements Answer {
    }

    private final int perMinute;
    private final long gapMillis;
    private final List<String> tokens = new ArrayList<>();
    private final ArrayDeque<Long> corpWindow = new ArrayDeque<>();
    private final Map<String, Member> members = new HashMap<>();
    private final Map<String, Integer> contents = new HashMap<>();
    private final Map<String, Long> lastDelivery = new HashMap<>();
    private long[] deliveryTimes = new long[1024];
    private int deliveries;
    private long calls;
    private long msgIds;
    private long corpRefused;
    private long memberDropped;
    private long deduplicated;
    private long badToken;
    private long invalid;

    /**
     * @param perMinute corp-wide accepted calls in any 60 s
     * @param gapMillis pauses between two deliveries longer than this are left out of the steady rate
     */
    WeComLedger(int perMinute, long gapMillis) {
        if (perMinute < 1 || gapMillis < 1) {
            throw new IllegalArgumentException("perMinute and gapMillis must be positive");
        }
        this.perMinute = perMinute;
        this.gapMillis = gapMillis;
    }

    /** A new access token (every earlier one stays valid, as WeCom keeps the old token valid for a while). */
    synchronized String issueToken() {
        String t = "fake-token-" + (tokens.size() + 1) + "-" + Long.toHexString(System.nanoTime());
        tokens.add(t);
        return t;
    }

    synchronized Answer send(String token, JsonNode body, long now) {
        calls++;
        if (token == null || !tokens.contains(token)) {
            badToken++;
            return new Refused(40014, "invalid access_token");
        }
        String touser = body == null ? "" : body.path("touser").asText("");
        String msgtype = body == null ? "" : body.path("msgtype").asText("");
        if (touser.isBlank() || msgtype.isBlank() || !body.has(msgtype)) {
            invalid++;
            return new Refused(40058, "invalid parameter: touser, msgtype and the message are required");
        }
        while (!corpWindow.isEmpty() && corpWindow.peekFirst() <= now - MINUTE) {
            corpWindow.pollFirst();
        }
        if (corpWindow.size() >= perMinute) {
            corpRefused++;
            return new Refused(45009, "api freq out of limit");
        }
        corpWindow.addLast(now);
        int content = contents.computeIfAbsent(msgtype + ":" + body.get(msgtype).toString(), k -> contents.size());
        boolean dedupe = body.path("enable_duplicate_check").asInt(0) == 1;
        long interval = body.path("duplicate_check_interval").asLong(1_800) * 1000L;
        int delivered = 0;
        for (String user : touser.split("\\|")) {
            user = user.trim();
            if (user.isEmpty()) {
                continue;
            }
            String key = user + '\u0000' + content;
            Long last = lastDelivery.get(key);
            if (dedupe && last != null && now - last < interval) {
                deduplicated++;
                continue;
            }
            Member m = members.computeIfAbsent(user, u -> new Member());
            if (!m.admit(now)) {
                memberDropped++;
                continue;
            }
            lastDelivery.put(key, now);
            m.delivered++;
            if (deliveries == deliveryTimes.length) {
                deliveryTimes = Arrays.copyOf(deliveryTimes, deliveries * 2);
            }
            deliveryTimes[deliveries++] = now;
            delivered++;
        }
        return new Ok(++msgIds, delivered);
    }

    /** Counters and rates, every pause counted in {@code steadyRate}. */
    Map<String, Object> stats() {
        return stats(new long[0]);
    }

    /**
     * Counters and rates (see {@link FakeWeCom} for the field names); {@code steadyRate} leaves out the pauses between
     * two deliveries that contain one of the instants {@code downAt} (epoch ms, e.g. when the sender was killed).
     */
    synchronized Map<String, Object> stats(long[] downAt) {
        Map<String, Object> out = new LinkedHashMap<>();
        long reached = members.values().stream().filter(m -> m.delivered > 0).count();
        long twice = members.values().stream().filter(m -> m.delivered > 1).count();
        out.put("limitPerMinute", perMinute);
        out.put("calls", calls);
        out.put("tokensIssued", tokens.size());
        out.put("delivered", reached);
        out.put("deliveries", deliveries);
        out.put("duplicates", deliveries - reached);
        out.put("usersDeliveredTwice", twice);
        out.put("overLimit", corpRefused + memberDropped);
        out.put("corpRefused", corpRefused);
        out.put("memberDropped", memberDropped);
        out.put("deduplicated", deduplicated);
        out.put("badToken", badToken);
        out.put("invalid", invalid);
        out.put("contents", contents.size());
        out.put("firstDelivery", deliveries == 0 ? null : java.time.Instant.ofEpochMilli(deliveryTimes[0]).toString());
        out.put("lastDelivery", deliveries == 0 ? null
                : java.time.Instant.ofEpochMilli(deliveryTimes[deliveries - 1]).toString());
        Rate r = middleRate(downAt);
        out.put("rate", r.rate);
        out.put("steadyRate", r.steady);
        out.put("configuredRate", perMinute / 60.0);
        out.put("pauses", r.pauses);
        return out;
    }

    private record Rate(double rate, double steady, List<Map<String, Object>> pauses) {
    }

    /**
     * Deliveries per second over the middle 80 % of the deliveries ({@code rate}); {@code steady} leaves out the
     * pauses that contain one of {@code downAt} (e.g. while the sender was down after kill -9). Pauses longer than
     * {@code gapMillis} are listed.
     */
    private Rate middleRate(long[] downAt) {
        List<Map<String, Object>> pauses = new ArrayList<>();
        for (int k = 1; k < deliveries; k++) {
            long gap = deliveryTimes[k] - deliveryTimes[k - 1];
            if (gap > gapMillis && pauses.size() < 20) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("after", k);
                p.put("at", java.time.Instant.ofEpochMilli(deliveryTimes[k - 1]).toString());
                p.put("seconds", gap / 1000.0);
                pauses.add(p);
            }
        }
        if (deliveries < 10) {
            return new Rate(0, 0, pauses);
        }
        int i = deliveries / 10;
        int j = deliveries - 1 - deliveries / 10;
        long span = deliveryTimes[j] - deliveryTimes[i];
        long paused = 0;
        for (int k = i + 1; k <= j; k++) {
            long from = deliveryTimes[k - 1];
            long to = deliveryTimes[k];
            for (long d : downAt) {
                if (from <= d && d < to) {
                    paused += to - from;
                    break;
                }
            }
        }
        double n = j - i;
        double rate = span <= 0 ? 0 : n * 1000.0 / span;
        double steady = span - paused <= 0 ? 0 : n * 1000.0 / (span - paused);
        return new Rate(round(rate), round(steady), pauses);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** One member's delivery times within the last hour (at most {@link #MEMBER_PER_HOUR}). */
    private static final class Member {
        private long[] times = new long[2];
        private int head;
        private int size;
        int delivered;

        boolean admit(long now) {
            while (size > 0 && times[head] <= now - HOUR) {
                head = (head + 1) % times.length;
                size--;
            }
            if (size >= MEMBER_PER_HOUR) {
                return false;
            }
            int lastMinute = 0;
            for (int k = size - 1; k >= 0 && lastMinute < MEMBER_PER_MINUTE; k--) {
                if (times[(head + k) % times.length] > now - MINUTE) {
                    lastMinute++;
                } else {
                    break;
                }
            }
            if (lastMinute >= MEMBER_PER_MINUTE) {
                return false;
            }
            if (size == times.length) {
                long[] grown = new long[times.length * 2];
                for (int k = 0; k < size; k++) {
                    grown[k] = times[(head + k) % times.length];
                }
                times = grown;
                head = 0;
            }
            times[(head + size) % times.length] = now;
            size++;
            return true;
        }
    }
}
