package io.shaozi.core.campaign;

import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.audience.Audience;
import io.shaozi.core.audience.Recipient;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Campaigns and their per-recipient ledger in the store ({@code store.CampaignJdbc}). */
public interface CampaignRepository {

    /** A new campaign, SCHEDULED at {@code runAt}. */
    Campaign create(long contentId, Audience audience, Instant runAt, Optional<Repeat> repeat, long targeted,
                    String createdBy, Instant now);

    Optional<Campaign> find(long id);

    /** Newest first. */
    List<Campaign> list(int limit);

    /** Campaigns SENDING whose enqueueing finished: candidates for {@link Campaigns#settle}. */
    List<Campaign> sending();

    /** Run {@code run} starts: SENDING, runs = run, started now, not enqueued nor finished yet. */
    void startRun(long id, int run, Instant now);

    /** The run's every recipient is in the ledger (and queued in the outbox, or dropped). */
    void enqueued(long id, long targeted, Instant now);

    /** The campaign's status, next run time and note. */
    void setStatus(long id, CampaignStatus status, Instant runAt, Optional<Instant> finishedAt, String note);

    /** The recipients already in the ledger of this run (a run taken over after a crash skips them). */
    Set<Recipient> recipients(long campaignId, int run);

    /** Ledger rows in this run so far (the next row's seq). */
    int size(long campaignId, int run);

    /**
     * What the window rules need about these recipients of one channel and account: when each last wrote (the
     * residents' directory) and the pushes the outbox queued for them since {@code since} ({@code gotContentToday}
     * is left false: see {@link #gotToday}).
     */
    Map<Recipient, Facts> facts(Collection<Recipient> recipients, long contentId, Instant since, Instant dayStart);

    /** The recipients {@code contentId} was queued or sent to on or after {@code dayStart} (any campaign). */
    Set<Recipient> gotToday(long contentId, Instant dayStart);

    /**
     * One recipient's facts for {@link #facts}; {@code massThisMonth}: ledger rows sent (or queued) to them by a
     * 服务号 mass send since the start of the calendar month (Beijing).
     */
    record Facts(Optional<Instant> lastSeen, List<Instant> pushedSince, boolean gotContentToday, int massThisMonth) {
        public Facts {
            pushedSince = List.copyOf(pushedSince);
        }

        public Facts(Optional<Instant> lastSeen, List<Instant> pushedSince, boolean gotContentToday) {
            this(lastSeen, pushedSince, gotContentToday, 0);
        }

        public static Facts none() {
            return new Facts(Optional.empty(), List.of(), false, 0);
        }
    }

    /** The recipient's rows waiting for their next digest, newest first. */
    List<LedgerEntry> waiting(Recipient to, int limit);

    /**
     * Queues the digest {@code message} (dedupe key {@code key}) and marks {@code entries} queued with that digest
     * key, in one transaction; false (nothing written) when one of them is no longer waiting (another instance
     * sent it).
     */
    boolean digest(List<LedgerEntry> entries, String key, OutboxMessage message, Instant now);

    /** Waiting rows become dropped with {@code code}. */
    int dropWaiting(Collection<LedgerEntry> entries, String code, Instant now);

    /** Waiting rows queued before {@code before}, or of the contents {@code contents}, become dropped ({@code code}). */
    int expireWaiting(Instant before, Collection<Long> contents, String code, Instant now);

    /** The content items that have waiting rows. */
    Set<Long> waitingContents();

    /** Adds ledger rows and queues their outbox messages, all in one transaction. */
    default void record(List<LedgerEntry> entries, List<OutboxMessage> messages) {
        record(entries, messages, Map.of());
    }

    /**
     * Adds ledger rows and queues their outbox messages, all in one transaction; the rows whose seq is in
     * {@code batchOf} are sent by the batch message of that key ({@link LedgerEntry#batchKey}) instead of one of their
     * own.
     */
    void record(List<LedgerEntry> entries, List<OutboxMessage> messages, Map<Integer, String> batchOf);

    /**
     * The secret of the campaign's batched read links ({@code ?c=}), made from {@code fresh} the first time and the
     * same ever after (also for another instance).
     */
    String linkSecret(long campaignId, String fresh);

    /** The campaign's link secret, when it has one. */
    Optional<String> linkSecret(long campaignId);

    /** The ledger row of run {@code run} of the campaign for this address. */
    Optional<LedgerEntry> entryFor(long campaignId, int run, Recipient to);

    /** One more opening of a batched read link that no web login attributed to a recipient. */
    void anonymousRead(long campaignId);

    /** The campaign's anonymous reads ({@link #anonymousRead}). */
    long anonymousReads(long campaignId);

    /**
     * What WeChat reported about the campaign's batched 服务号 mass sends (MASSSENDJOBFINISH), summed over its jobs:
     * empty when none was reported.
     */
    default Optional<MassTotals> massTotals(long campaignId) {
        return Optional.empty();
    }

    /** Sums of {@link MassResult}s. */
    record MassTotals(long jobs, long total, long filtered, long sent, long errors) {
    }

    /**
     * After a bulk of rows went in: refreshes the planner's statistics of the ledger and the outbox (PostgreSQL), so
     * that the outbox claims keep walking the index in id order instead of reading and sorting every waiting row
     * under statistics that still say the queue is empty.
     */
    void refreshStatistics();

    /** True when no ledger row of the run is still QUEUED (WAITING rows do not hold a run up). */
    boolean settled(long campaignId, int run);

    /** Counts of a run (all runs when empty), grouped by {@code by} ({@code channel}, {@code community}, {@code branch}) or whole. */
    List<CampaignCounts> counts(long campaignId, Optional<Integer> run, Optional<String> by);

    /** Every ledger row of the campaign in (run, seq) order, streamed. */
    void forEachEntry(long campaignId, Consumer<LedgerEntry> each);

    Optional<LedgerEntry> byToken(String token);

    /** Records the first opening of the read page; false when already read or unknown. */
    boolean markRead(String token, Instant at);

    /** Records 已学 on the entry of this token (read too); false when already studied or unknown. */
    boolean markStudied(String token, Instant at);

    /**
     * Ledger rows of a person (person set) marked studied at {@code from} or later and before {@code to}, oldest first,
     * at most {@code limit}: what the study-point backfill ({@code quiz.StudyPoints#backfill}) checks.
     */
    List<LedgerEntry> studiedBetween(Instant from, Instant to, int limit);

    /** The latest ledger rows sent (or queued) to this address, newest first. */
    List<LedgerEntry> latestFor(Recipient to, int limit);
}
