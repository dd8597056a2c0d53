package io.shaozi.core.campaign;

import io.shaozi.core.audience.Recipient;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a campaign's per-recipient ledger: who, for which run, and what became of it.
 *
 * @param token the secret part of the recipient's read-page token ({@link #publicToken()})
 * @param code  why it failed or was dropped (a platform error code, or a quota rule such as {@code window_closed})
 */
public record LedgerEntry(long campaignId, int run, int seq, long contentId, Recipient to, Optional<String> person,
                          Optional<String> community, Optional<String> branch, String token, DeliveryStatus status,
                          Optional<String> code, Instant queuedAt, Optional<Instant> doneAt, Optional<Instant> readAt,
                          Optional<Instant> studiedAt) {
    public LedgerEntry {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(community, "community");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(doneAt, "doneAt");
        Objects.requireNonNull(readAt, "readAt");
        Objects.requireNonNull(studiedAt, "studiedAt");
    }

    /**
     * The token of this row's read link: {@code <campaign>-<run>-<seq>-<secret>}. The ids find the row by its primary
     * key (no index on a random column to maintain for every recipient); the secret part (128 random bits, stored
     * with the row) must match, so a token cannot be made up from another.
     */
    public String publicToken() {
        return publicToken(campaignId, run, seq, token);
    }

    public static String publicToken(long campaignId, int run, int seq, String secret) {
        return campaignId + "-" + run + "-" + seq + "-" + secret;
    }

    /** The parts of a {@link #publicToken()}, when {@code t} has its form. */
    public record TokenParts(long campaignId, int run, int seq, String secret) {
    }

    public static java.util.Optional<TokenParts> parseToken(String t) {
        java.util.regex.Matcher m = TOKEN.matcher(t);
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new TokenParts(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), m.group(4)));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static final java.util.regex.Pattern TOKEN =
            java.util.regex.Pattern.compile("([0-9]{1,18})-([0-9]{1,9})-([0-9]{1,9})-([A-Za-z0-9_]{16,40})");

    /** The outbox dedupe key of this row's message: the idempotency key of (campaign, run, recipient). */
    public String outboxKey() {
        return key(campaignId, run, seq);
    }

    public static String key(long campaignId, int run, int seq) {
        return KEY_PREFIX + campaignId + ":" + run + ":" + seq;
    }

    public static final String KEY_PREFIX = "cp:";

    /**
     * The outbox dedupe key of a digest (one customer-service message settling several waiting rows): the key of its
     * first row with {@link #DIGEST_PREFIX}; the rows carry it in {@code campaign_delivery.digest_key}.
     */
    public String digestKey() {
        return DIGEST_PREFIX + campaignId + ":" + run + ":" + seq;
    }

    public static final String DIGEST_PREFIX = "cpd:";

    /**
     * The outbox dedupe key (and recipient) of a batch message: one message to many recipients of one channel and
     * account, starting at the row {@code seq}; its rows carry it in {@code campaign_delivery.batch_key}.
     */
    public static String batchKey(long campaignId, int run, int seq) {
        return BATCH_PREFIX + campaignId + ":" + run + ":" + seq;
    }

    public static final String BATCH_PREFIX = "cpb:";

    /** The token of a campaign's batched read links: {@code <campaign>-<run>-<secret>}. */
    public static String campaignToken(long campaignId, int run, String secret) {
        return campaignId + "-" + run + "-" + secret;
    }

    /** The parts of a {@link #campaignToken}: campaign, run and secret. */
    public record CampaignToken(long campaignId, int run, String secret) {
    }

    public static java.util.Optional<CampaignToken> parseCampaignToken(String c) {
        java.util.regex.Matcher m = CAMPAIGN_TOKEN.matcher(c);
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new CampaignToken(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3)));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static final java.util.regex.Pattern CAMPAIGN_TOKEN =
            java.util.regex.Pattern.compile("([0-9]{1,18})-([0-9]{1,9})-([A-Za-z0-9_]{16,40})");
}
