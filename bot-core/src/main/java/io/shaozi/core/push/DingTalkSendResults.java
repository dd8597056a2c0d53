package io.shaozi.core.push;

import io.shaozi.adapters.dingtalk.DingTalkChannel;
import io.shaozi.adapters.dingtalk.WorkNoticeResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks DingTalk what became of each work notice the outbox sent (job {@value #JOB}). {@code asyncsend_v2} answers
 * {@code errcode 0} with a task id and delivers later; what its flow control refuses (the app's daily cap per user,
 * identical content the same day) is dropped silently. So every DingTalk row DONE in the last 24 hours with a task id
 * is checked once, at least a minute after it was sent: a user DingTalk lists as invalid, forbidden or failed turns
 * the campaign ledger row into {@code failed} with a code ({@code dingtalk_forbidden_143105}), other rows are logged;
 * a user listed as having read the notice sets the ledger row's read time. A user in no list yet (the task is still
 * running) is asked again at the next pass, for at most {@link #PENDING_FOR}.
 */
public final class DingTalkSendResults {
    private static final Logger LOG = LoggerFactory.getLogger(DingTalkSendResults.class);
    public static final String JOB = "dingtalk-send-results";
    /** Rows sent longer ago than this are not checked any more. */
    static final Duration WINDOW = Duration.ofHours(24);
    /** Rows are checked only once they have been sent this long (the task runs asynchronously). */
    static final Duration SETTLE = Duration.ofMinutes(1);
    /** A row whose users are in no list yet is asked again until it has been sent this long. */
    static final Duration PENDING_FOR = Duration.ofMinutes(10);
    static final int BATCH = 500;

    /** A DONE DingTalk outbox row with the platform's id (the work notice's task_id). */
    public record SentRow(long id, String account, String recipient, String taskId, Optional<String> dedupeKey,
                          Instant sentAt) {
        public SentRow {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(dedupeKey, "dedupeKey");
            Objects.requireNonNull(sentAt, "sentAt");
        }
    }

    /** The outbox rows to check and what the check wrote (store.SendResultJdbc). */
    public interface Store {
        /** Unchecked DONE {@code dingtalk} rows with a platform id sent in [from, to], oldest first. */
        List<SentRow> due(Instant from, Instant to, int limit);

        /** Marks the row checked. */
        void checked(long id, Instant at);

        /**
         * Marks the row checked; a campaign row's ledger entry (still {@code sent}) becomes failed with code.
         *
         * @return whether a ledger entry was changed (false for rows that are not a campaign's)
         */
        boolean undelivered(SentRow row, String code, Instant at);

        /** Marks the row checked; a campaign row's ledger entry gets read_at when it has none. */
        void read(SentRow row, Instant at);

        /**
         * The members of a campaign batch row ({@code cpb:} dedupe key): userid → the ledger row's address. Empty for
         * other rows.
         */
        default java.util.Map<String, String> batchMembers(SentRow row) {
            return java.util.Map.of();
        }

        /**
         * Marks a batch row checked and settles its members' ledger rows (those still {@code sent}): {@code failed}
         * and {@code dropped} (address → code) change their status, {@code read} (addresses) get read_at.
         */
        default void batchSettled(SentRow row, java.util.Map<String, String> failed,
                                  java.util.Map<String, String> dropped, java.util.Set<String> read, Instant at) {
            checked(row.id(), at);
        }
    }

    /**
     * The code of a batch member DingTalk's flow control filtered out (status {@code dropped}, "dropped by quota"):
     * {@code dingtalk_quota_<code>}, e.g. {@code dingtalk_quota_143106} for identical content the same day.
     */
    public static final String QUOTA_PREFIX = "dingtalk_quota";

    /** The DingTalk side: which users a row sent a work notice to, and a task's send result. */
    public interface Platform {
        Optional<List<String>> workNoticeUsers(String account, String recipient);

        WorkNoticeResult result(String account, String taskId);

        static Platform of(DingTalkChannel channel) {
            return new Platform() {
                @Override
                public Optional<List<String>> workNoticeUsers(String account, String recipient) {
                    return channel.workNoticeUsers(account, recipient);
                }

                @Override
                public WorkNoticeResult result(String account, String taskId) {
                    return channel.workNoticeResult(account, taskId);
                }
            };
        }
    }

    private final Store store;
    private final Platform platform;
    private final Clock clock;

    public DingTalkSendResults(Store store, Platform platform, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.platform = Objects.requireNonNull(platform, "platform");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One pass (the job's work): checks the rows due; returns how many it marked checked. */
    public int checkOnce() {
        Instant now = clock.instant();
        int checked = 0;
        for (SentRow row : store.due(now.minus(WINDOW), now.minus(SETTLE), BATCH)) {
            // a campaign batch's users are its ledger rows (its recipient column holds the batch key)
            java.util.Map<String, String> batch = row.dedupeKey()
                    .filter(k -> k.startsWith(io.shaozi.core.campaign.LedgerEntry.BATCH_PREFIX))
                    .map(k -> store.batchMembers(row)).orElse(java.util.Map.of());
            Optional<List<String>> users = !batch.isEmpty() ? Optional.of(List.copyOf(batch.keySet()))
                    : platform.workNoticeUsers(row.account(), row.recipient());
            if (users.isEmpty()) {
                store.checked(row.id(), now); // a robot message (processQueryKey), not a work notice
                checked++;
                continue;
            }
            WorkNoticeResult result = platform.result(row.account(), row.taskId());
            if (result instanceof WorkNoticeResult.Unavailable u) {
                if (u.retry()) {
                    LOG.info("dingtalk send results: {} ({}), trying again at the next pass", u.errcode(), u.reason());
                    return checked;
                }
                LOG.warn("dingtalk send result of outbox row {} unavailable: {} {}", row.id(), u.errcode(), u.reason());
                store.checked(row.id(), now);
                checked++;
                continue;
            }
            if (!batch.isEmpty() ? settleBatch(row, batch, (WorkNoticeResult.Known) result, now)
                    : settle(row, users.get(), (WorkNoticeResult.Known) result, now)) {
                checked++;
            }
        }
        return checked;
    }

    /**
     * A batch (one work notice to many campaign recipients): each member's ledger row gets its own outcome — invalid
     * or failed users fail ({@code dingtalk_invalid_user}, {@code dingtalk_failed}), users DingTalk's flow control
     * filtered out are dropped by quota ({@value #QUOTA_PREFIX}{@code _<code>}), readers get their read time. While some
     * users are in no list yet (the task is still running), the batch is asked again, for at most {@link #PENDING_FOR}.
     */
    private boolean settleBatch(SentRow row, java.util.Map<String, String> members, WorkNoticeResult.Known result,
                                Instant now) {
        java.util.Map<String, String> failed = new java.util.HashMap<>();
        java.util.Map<String, String> dropped = new java.util.HashMap<>();
        java.util.Set<String> read = new java.util.HashSet<>();
        boolean pending = false;
        for (java.util.Map.Entry<String, String> m : members.entrySet()) {
            String user = m.getKey();
            switch (result.of(user)) {
                case INVALID -> failed.put(m.getValue(), "dingtalk_invalid_user");
                case FAILED -> failed.put(m.getValue(), "dingtalk_failed");
                case FORBIDDEN -> dropped.put(m.getValue(), QUOTA_PREFIX + result.forbiddenCode(user).map(c -> "_" + c)
                        .orElse(""));
                case READ -> read.add(m.getValue());
                case UNREAD -> {
                }
                case UNKNOWN -> pending = true;
                default -> throw new IllegalStateException(result.of(user).name());
            }
        }
        if (pending && row.sentAt().plus(PENDING_FOR).isAfter(now)) {
            return false; // some users not processed yet: ask again at the next pass
        }
        store.batchSettled(row, failed, dropped, read, now);
        if (!failed.isEmpty() || !dropped.isEmpty()) {
            LOG.info("dingtalk batch {} (outbox row {}): {} of {} failed, {} dropped by quota", row.dedupeKey()
                    .orElse(""), row.id(), failed.size(), members.size(), dropped.size());
        }
        return true;
    }

    private boolean settle(SentRow row, List<String> users, WorkNoticeResult.Known result, Instant now) {
        List<String> codes = new ArrayList<>();
        boolean pending = false;
        boolean read = false;
        for (String user : users) {
            WorkNoticeResult.UserStatus s = result.of(user);
            switch (s) {
                case INVALID -> codes.add("dingtalk_invalid_user");
                case FORBIDDEN -> codes.add("dingtalk_forbidden" + result.forbiddenCode(user).map(c -> "_" + c)
                        .orElse(""));
                case FAILED -> codes.add("dingtalk_failed");
                case READ -> read = true;
                case UNREAD -> {
                }
                case UNKNOWN -> pending = true;
                default -> throw new IllegalStateException(s.name());
            }
        }
        if (pending && codes.isEmpty() && row.sentAt().plus(PENDING_FOR).isAfter(now)) {
            return false; // not processed yet: ask again at the next pass
        }
        if (!codes.isEmpty()) {
            if (!store.undelivered(row, codes.get(0), now)) {
                LOG.warn("dingtalk work notice (outbox row {}) not delivered to {} of {} users: {}", row.id(),
                        codes.size(), users.size(), String.join(", ", codes));
            }
        } else if (read) {
            store.read(row, now);
        } else {
            store.checked(row.id(), now);
        }
        return true;
    }
}
