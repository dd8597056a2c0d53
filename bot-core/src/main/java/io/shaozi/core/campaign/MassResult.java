package io.shaozi.core.campaign;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What WeChat reports when a 服务号 mass send (a batched campaign message by OpenID list) has finished
 * (MASSSENDJOBFINISH): counts only (total, filtered out by the 4-a-month rule, sent, errors), no users, so they stand
 * beside the ledger's per-recipient statuses ({@link CampaignRepository#massTotals}).
 */
public record MassResult(String account, String msgId, String status, long total, long filtered, long sent,
                         long errors, Instant at) {
    public MassResult {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }

    /** The counts of an event key {@code msgId=…;status=…;total=…;filter=…;sent=…;error=…}; empty when unreadable. */
    public static Optional<MassResult> parse(String account, String key, Instant at) {
        Map<String, String> f = new HashMap<>();
        for (String part : key.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                f.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        String msgId = f.getOrDefault("msgId", "");
        if (!msgId.matches("[0-9]{1,30}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MassResult(account, msgId, f.getOrDefault("status", ""),
                    count(f, "total"), count(f, "filter"), count(f, "sent"), count(f, "error"), at));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long count(Map<String, String> f, String k) {
        String v = f.getOrDefault(k, "0");
        return v.isEmpty() ? 0 : Math.max(0, Long.parseLong(v));
    }

    /** Where the results go ({@code store.CampaignJdbc}). */
    @FunctionalInterface
    public interface Store {
        /** Records {@code r} once per account and msg_id (a redelivered event changes nothing). */
        void record(MassResult r);
    }
}
