package io.shaozi.core.campaign;

import io.shaozi.core.push.OutboxMessage;
import io.shaozi.adapters.common.Channel;
import io.shaozi.core.audience.Audience;
import io.shaozi.core.audience.AudienceResolver;
import io.shaozi.core.audience.AudienceSize;
import io.shaozi.core.audience.Recipient;
import io.shaozi.core.audience.Target;
import io.shaozi.core.content.ContentItem;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.content.ContentService;
import io.shaozi.core.schedule.Jobs;
import io.shaozi.core.schedule.Schedule;
import io.shaozi.core.schedule.WorkingCalendar;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaigns: an approved content item × an audience × when (now, at a time, or weekly).
 *
 * <p>A run (a one-off job of the scheduler, so it survives restarts and runs on one instance) resolves the audience
 * recipient by recipient, applies the {@link DeliveryPolicy} and writes, chunk by chunk in one transaction each,
 * the ledger rows and their outbox messages (dedupe key {@code cp:<campaign>:<run>:<seq>}). A run taken over after
 * a crash skips the recipients already in its ledger, so nobody is queued twice. The outbox sender then delivers
 * within the channels' rate limits and writes each outcome back to the ledger. {@link #settle} (every few
 * seconds) closes a run whose rows all have an outcome, and schedules the next one of a weekly campaign.
 *
 * <p>Quiet hours: a non-emergency run that falls in them waits until they end.
 */
public final class Campaigns {
    private static final Logger LOG = LoggerFactory.getLogger(Campaigns.class);
    /** The one-off job of runs; its payload is {@code <campaign>:<run>}. */
    public static final String RUN_JOB = "campaign-run";
    /** The recurring job that closes finished runs. */
    public static final String SETTLE_JOB = "campaign-settle";

    /**
     * @param publicUrl base of the read links ({@code server.publicUrl})
     * @param quiet     quiet hours (Beijing time); emergencies are exempt
     * @param chunk     recipients per ledger transaction
     */
    public record Settings(String publicUrl, QuietHours quiet, int chunk, Duration settleEvery, Duration digestAge,
                           Batches batches) {
        public Settings {
            Objects.requireNonNull(publicUrl, "publicUrl");
            Objects.requireNonNull(quiet, "quiet");
            Objects.requireNonNull(digestAge, "digestAge");
            Objects.requireNonNull(batches, "batches");
            publicUrl = publicUrl.replaceAll("/+$", "");
        }

        public Settings(String publicUrl, QuietHours quiet, int chunk, Duration settleEvery, Duration digestAge) {
            this(publicUrl, quiet, chunk, settleEvery, digestAge, Batches.NONE);
        }

        /** @param digestAge how long a row waits for the next digest before it is dropped ({@code push.digestDays}) */
        public Settings(String publicUrl, QuietHours quiet, int chunk, Duration settleEvery) {
            this(publicUrl, quiet, chunk, settleEvery, Duration.ofDays(7));
        }
    }

    /**
     * How many recipients of one channel and account share one batched message ({@code push.batch.<channel>}, capped
     * by the platform's limit); 1 or less: one message per recipient, each with its own read link.
     */
    @FunctionalInterface
    public interface Batches {
        Batches NONE = (channel, account, address) -> 0;

        /** The batch size for {@code address} (0 when that address is not one the channel batches, e.g. a department). */
        int size(String channel, String account, String address);
    }

    /** Notices listed in one digest at most (the newest; older ones wait for the next). */
    static final int DIGEST_MAX = 5;
    /** Code of waiting rows dropped unsent: too old, or their content expired or was withdrawn. */
    public static final String DIGEST_EXPIRED = "digest_expired";
    private volatile Instant lastExpiry = Instant.EPOCH;

    /** What became of a create request. */
    public sealed interface Created {
        record Ok(Campaign campaign, AudienceSize size) implements Created {
        }

        /** Refused: {@code status} 400 (bad input), 404 (unknown content) or 409 (content not sendable). */
        record Refused(int status, String reason) implements Created {
        }
    }

    private final CampaignRepository repo;
    private final ContentService content;
    private final AudienceResolver audiences;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final WorkingCalendar calendar;
    private final Settings settings;
    private final Jobs.OneOff runs;
    private final Addresses addresses;

    /**
     * A resident's push address on their channel (the channel's form of a user id, e.g. WeCom {@code user:<id>}), or
     * empty when the channel cannot push to them (the generic webhook without a callback).
     */
    @FunctionalInterface
    public interface Addresses {
        Optional<String> of(String channel, String account, String user);
    }
    private final SecureRandom random = new SecureRandom();

    public Campaigns(CampaignRepository repo, ContentService content, AudienceResolver audiences, DeliveryPolicy policy,
                     Jobs jobs, Clock clock, WorkingCalendar calendar, Settings settings, Addresses addresses) {
        this.addresses = addresses;
        this.repo = repo;
        this.content = content;
        this.audiences = audiences;
        this.policy = policy;
        this.clock = clock;
        this.calendar = calendar;
        this.settings = settings;
        this.runs = jobs.oneOff(RUN_JOB, run -> runJob(run.payload()));
        jobs.recurring(SETTLE_JOB, Schedule.every(settings.settleEvery()), due -> settle());
    }

    public CampaignRepository repository() {
        return repo;
    }

    /**
     * The read link of a batched message: one for every recipient of the batch, so it carries the campaign's token
     * ({@link LedgerEntry#campaignToken}) and the channel and account whose web login can tell who the reader is.
     */
    public String campaignReadUrl(long contentId, String campaignToken, String channel, String account) {
        return settings.publicUrl() + "/read/" + contentId + "?c=" + campaignToken + "&ch="
                + java.net.URLEncoder.encode(channel, java.nio.charset.StandardCharsets.UTF_8) + "&acc="
                + java.net.URLEncoder.encode(account, java.nio.charset.StandardCharsets.UTF_8);
    }

    public String readUrl(long contentId, String token) {
        return settings.publicUrl() + "/read/" + contentId + "?t=" + token;
    }

    /**
     * Creates and schedules a campaign of {@code contentId} to {@code audience}: at {@code at} (now when empty),
     * then weekly when {@code repeat} is given (its first run is {@code at} when given, else the rule's next time).
     */
    public Created create(long contentId, Audience audience, Optional<Instant> at, Optional<Repeat> repeat,
                          String createdBy) {
        Instant now = clock.instant();
        if (at.isPresent() && at.get().isBefore(now.minus(Duration.ofMinutes(1)))) {
            return new Created.Refused(400, "at is in the past: " + at.get());
        }
        if (content.find(contentId).isEmpty()) {
            return new Created.Refused(404, "内容 " + contentId + " 不存在");
        }
        Instant first = at.orElseGet(() -> repeat.map(r -> r.nextAfter(now, calendar)).orElse(now));
        if (content.approvedForCampaign(contentId, first) instanceof ContentService.ForCampaign.NotReady nr) {
            return new Created.Refused(400, "content: " + nr.reason());
        }
        List<String> problems = audiences.problems(audience);
        if (!problems.isEmpty()) {
            return new Created.Refused(400, String.join("; ", problems));
        }
        ContentKind kind = content.find(contentId).orElseThrow().draft().kind();
        AudienceSize size = audiences.size(audience, kind);
        if (size.total() == 0) {
            return new Created.Refused(400, "audience matches nobody (no reachable recipient)"
                    + (size.unreachable().isEmpty() ? "" : "; without an address: "
                    + String.join(", ", size.unreachable())));
        }
        Campaign c = repo.create(contentId, audience, first, repeat, size.total(), createdBy, now);
        runs.schedule(runId(c.id(), 1), first, c.id() + ":1");
        LOG.info("campaign {} of content {} scheduled at {} for {} recipients", c.id(), contentId, first, size.total());
        return new Created.Ok(c, size);
    }

    /** Cancels a scheduled campaign (or the repetitions of a weekly one); false when it has finished already. */
    public boolean cancel(long id) {
        Optional<Campaign> c = repo.find(id);
        if (c.isEmpty() || c.get().status() == CampaignStatus.DONE || c.get().status() == CampaignStatus.CANCELLED
                || c.get().status() == CampaignStatus.STOPPED) {
            return false;
        }
        runs.cancel(runId(id, c.get().runs() + 1));
        runs.cancel(runId(id, c.get().runs() + 1) + "-quiet");
        repo.setStatus(id, CampaignStatus.CANCELLED, c.get().runAt(), Optional.of(clock.instant()), "cancelled");
        return true;
    }

    static String runId(long campaign, int run) {
        return "campaign-" + campaign + "-" + run;
    }

    private void runJob(String payload) {
        int colon = payload.indexOf(':');
        run(Long.parseLong(payload.substring(0, colon)), Integer.parseInt(payload.substring(colon + 1)));
    }

    /** Runs run {@code run} of the campaign: resolves, rules and queues every recipient not yet in its ledger. */
    public void run(long id, int run) {
        Optional<Campaign> found = repo.find(id);
        if (found.isEmpty() || found.get().status() == CampaignStatus.CANCELLED
                || found.get().status() == CampaignStatus.STOPPED || found.get().status() == CampaignStatus.DONE) {
            return;
        }
        Campaign c = found.get();
        Instant now = clock.instant();
        ContentService.ForCampaign ready = content.approvedForCampaign(c.contentId(), now);
        if (ready instanceof ContentService.ForCampaign.NotReady nr) {
            repo.setStatus(id, CampaignStatus.STOPPED, c.runAt(), Optional.of(now), nr.reason());
            LOG.warn("campaign {} stopped: {}", id, nr.reason());
            return;
        }
        ContentItem item = ((ContentService.ForCampaign.Ready) ready).item();
        if (item.draft().kind() != ContentKind.EMERGENCY) {
            Optional<Instant> quietEnd = settings.quiet().endIfInside(now);
            if (quietEnd.isPresent()) {
                runs.schedule(runId(id, run) + "-quiet", quietEnd.get(), id + ":" + run);
                repo.setStatus(id, CampaignStatus.SCHEDULED, quietEnd.get(), Optional.empty(), "免打扰时段，顺延至 "
                        + quietEnd.get().atZone(Schedule.ZONE).toLocalTime());
                return;
            }
        }
        if (c.runs() == run && c.enqueuedAt().isPresent() && c.status() == CampaignStatus.SENDING) {
            return; // this run is fully queued already (a repeated job run)
        }
        repo.startRun(id, run, now);
        String campaignToken = LedgerEntry.campaignToken(id, run, repo.linkSecret(id, token()));
        Set<Recipient> done = repo.recipients(id, run);
        // read once: who got this item today already (another campaign, an earlier run); this run's own rows are
        // skipped through done
        Set<Recipient> gotToday = new java.util.HashSet<>(repo.gotToday(c.contentId(),
                now.atZone(Schedule.ZONE).toLocalDate().atStartOfDay(Schedule.ZONE).toInstant()));
        gotToday.removeAll(done);
        int[] seq = {repo.size(id, run)};
        long[] total = {done.size()};
        List<Target> chunk = new ArrayList<>(settings.chunk());
        int[] chunks = {0};
        // chunks are written by two writers while the audience is still being read (each chunk its own seq range and
        // transaction; a run taken over after a crash skips whatever any of them committed)
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread th = new Thread(r, "shaozi-campaign-writer");
            th.setDaemon(true);
            return th;
        });
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(2);
        List<java.util.concurrent.Future<?>> written = new ArrayList<>();
        java.util.function.Consumer<List<Target>> write = full -> {
            List<Target> part = List.copyOf(full);
            int from = seq[0];
            seq[0] += part.size();
            total[0] += part.size();
            inFlight.acquireUninterruptibly();
            written.add(writers.submit(() -> {
                try {
                    queue(c, run, item, part, from, gotToday, campaignToken);
                } finally {
                    inFlight.release();
                }
            }));
        };
        try {
            audiences.forEachTarget(c.audience(), item.draft().kind(), t -> {
                if (done.contains(t.to())) {
                    return;
                }
                chunk.add(t);
                if (chunk.size() == settings.chunk()) {
                    write.accept(chunk);
                    chunk.clear();
                    if (++chunks[0] == 1 || chunks[0] % 20 == 0) {
                        repo.refreshStatistics(); // the queue grew a lot: keep the sender's claims on the index
                    }
                }
            });
            if (!chunk.isEmpty()) {
                write.accept(chunk);
            }
            for (java.util.concurrent.Future<?> f : written) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("campaign " + id + " run " + run + " interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re
                    : new IllegalStateException("campaign " + id + " run " + run + " failed", e.getCause());
        } finally {
            // chunks handed to the writers are finished (or failed) before the run returns or fails
            writers.shutdown();
            try {
                if (!writers.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES)) {
                    LOG.warn("campaign {} run {}: writers still busy after 5 minutes", id, run);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        repo.enqueued(id, total[0], clock.instant());
        if (chunks[0] > 0) {
            repo.refreshStatistics();
        }
        LOG.info("campaign {} run {}: {} recipients in the ledger", id, run, total[0]);
    }

    private int queue(Campaign c, int run, ContentItem item, List<Target> chunk, int seq, Set<Recipient> gotToday,
                      String campaignToken) {
        Instant now = clock.instant();
        Instant dayStart = now.atZone(Schedule.ZONE).toLocalDate().atStartOfDay(Schedule.ZONE).toInstant();
        Map<String, List<Recipient>> byAccount = new LinkedHashMap<>();
        for (Target t : chunk) {
            byAccount.computeIfAbsent(t.to().channel() + "\u0000" + t.to().account(), k -> new ArrayList<>())
                    .add(t.to());
        }
        Map<Recipient, CampaignRepository.Facts> facts = new java.util.HashMap<>();
        for (List<Recipient> group : byAccount.values()) {
            if (policy.needsFacts(group.get(0).channel())) {
                facts.putAll(repo.facts(group, item.id(), now.minus(policy.lookBack()), dayStart));
            }
        }
        List<LedgerEntry> entries = new ArrayList<>(chunk.size());
        List<OutboxMessage> messages = new ArrayList<>(chunk.size());
        // batched channels: per channel and account, the rows to send together and the one payload they share
        Map<String, List<LedgerEntry>> batched = new LinkedHashMap<>();
        Map<String, Map.Entry<Integer, io.shaozi.adapters.common.Outbound>> batchPayload = new java.util.HashMap<>();
        for (Target t : chunk) {
            String token = token();
            // people are reached at their alert address as written; residents at their channel's form of their id
            Optional<String> address = t.person().isPresent() ? Optional.of(t.to().address())
                    : addresses.of(t.to().channel(), t.to().account(), t.to().address());
            CampaignRepository.Facts f = facts.getOrDefault(t.to(), CampaignRepository.Facts.none());
            if (gotToday.contains(t.to())) {
                f = new CampaignRepository.Facts(f.lastSeen(), f.pushedSince(), true);
            }
            DeliveryPolicy.Plan plan = address.isEmpty() ? new DeliveryPolicy.Plan.Drop("no_push_channel")
                    : policy.decide(t.to().channel(), f, item.draft(),
                    readUrl(item.id(), LedgerEntry.publicToken(c.id(), run, seq, token)), now);
            LedgerEntry e;
            if (plan instanceof DeliveryPolicy.Plan.Wait wait) {
                e = new LedgerEntry(c.id(), run, seq++, item.id(), t.to(), t.person(), t.community(), t.branch(),
                        token, DeliveryStatus.WAITING, Optional.of(wait.code()), now, Optional.empty(),
                        Optional.empty(), Optional.empty());
            } else if (plan instanceof DeliveryPolicy.Plan.Send send) {
                e = new LedgerEntry(c.id(), run, seq++, item.id(), t.to(), t.person(), t.community(), t.branch(),
                        token, DeliveryStatus.QUEUED, Optional.empty(), now, Optional.empty(), Optional.empty(),
                        Optional.empty());
                int size = batchSize(t.to(), address.get(), send.payload());
                if (size > 1) {
                    String group = t.to().channel() + "\u0000" + t.to().account();
                    batched.computeIfAbsent(group, k -> new ArrayList<>()).add(e);
                    String url = campaignReadUrl(item.id(), campaignToken, t.to().channel(), t.to().account());
                    batchPayload.computeIfAbsent(group, k -> Map.entry(size, "wechat".equals(t.to().channel())
                            ? ContentRender.mass(item.draft(), url)
                            : policy.decide(t.to().channel(), CampaignRepository.Facts.none(), item.draft(), url, now)
                            instanceof DeliveryPolicy.Plan.Send b ? b.payload() : send.payload()));
                } else {
                    messages.add(new OutboxMessage(Channel.of(t.to().channel()), t.to().account(), address.get(),
                            send.payload(), Optional.of(e.outboxKey())));
                }
            } else {
                e = new LedgerEntry(c.id(), run, seq++, item.id(), t.to(), t.person(), t.community(), t.branch(),
                        token, DeliveryStatus.DROPPED, Optional.of(((DeliveryPolicy.Plan.Drop) plan).code()), now,
                        Optional.of(now), Optional.empty(), Optional.empty());
            }
            entries.add(e);
        }
        Map<Integer, String> batchOf = new java.util.HashMap<>();
        batched.forEach((group, rows) -> {
            int size = batchPayload.get(group).getKey();
            io.shaozi.adapters.common.Outbound payload = batchPayload.get(group).getValue();
            for (int from = 0; from < rows.size(); from += size) {
                List<LedgerEntry> part = rows.subList(from, Math.min(rows.size(), from + size));
                String key = LedgerEntry.batchKey(c.id(), run, part.get(0).seq());
                part.forEach(e -> batchOf.put(e.seq(), key));
                // the recipient column holds the key (unique): the members are the ledger rows carrying it
                messages.add(new OutboxMessage(Channel.of(part.get(0).to().channel()), part.get(0).to().account(), key,
                        payload, Optional.of(key)));
            }
        });
        repo.record(entries, messages, batchOf);
        return seq;
    }

    /**
     * The batch size for this recipient: the configured one for their channel and account, for a person's or
     * resident's address of one user (an alert address naming a department or several users is sent on its own).
     * WeChat batches only mass sends.
     */
    private int batchSize(Recipient to, String address, io.shaozi.adapters.common.Outbound payload) {
        int size = settings.batches().size(to.channel(), to.account(), address);
        // WeChat: only the residents the policy reaches by 服务号 mass send (the others get their own
        // customer-service or template message, whose rules are per recipient)
        return size > 1 && (!"wechat".equals(to.channel()) || payload instanceof io.shaozi.adapters.common.Outbound.Mass)
                ? size : 0;
    }

    private String token() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /**
     * The next digest: told when a resident writes (their WeChat window opens), it sends their waiting notices — the
     * newest {@value #DIGEST_MAX}, each content item once, still sendable — as ONE customer-service message listing
     * titles and read links, through the outbox (dedupe key {@link LedgerEntry#digestKey} of the first row); those
     * rows become queued and follow the message's outcome. Rows too old or of expired content are dropped.
     */
    public io.shaozi.core.audience.Arrivals digests() {
        return (channel, account, user) -> {
            try {
                digest(channel, account, user);
            } catch (RuntimeException e) {
                // the resident's own message must never fail because of a digest
                LOG.warn("digest for a {} resident not sent: {}", channel, e.toString());
            }
        };
    }

    void digest(String channel, String account, String user) {
        if (!policy.needsFacts(channel)) {
            return; // only WeChat rows wait for a window
        }
        List<LedgerEntry> waiting = repo.waiting(new Recipient(channel, account, user), DIGEST_MAX);
        if (waiting.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<LedgerEntry> listed = new ArrayList<>();
        List<LedgerEntry> expired = new ArrayList<>();
        Map<Long, String> lines = new LinkedHashMap<>();
        // oldest first in the message
        List<LedgerEntry> oldestFirst = new ArrayList<>(waiting);
        java.util.Collections.reverse(oldestFirst);
        for (LedgerEntry e : oldestFirst) {
            if (e.queuedAt().isBefore(now.minus(settings.digestAge()))) {
                expired.add(e);
                continue;
            }
            if (lines.containsKey(e.contentId())) {
                listed.add(e); // a weekly repeat's earlier run: listed once, settled with the digest
                continue;
            }
            if (content.approvedForCampaign(e.contentId(), now) instanceof ContentService.ForCampaign.Ready r) {
                lines.put(e.contentId(), ContentRender.digestLine(r.item().draft(), readUrl(e.contentId(), e.publicToken())));
                listed.add(e);
            } else {
                expired.add(e);
            }
        }
        repo.dropWaiting(expired, DIGEST_EXPIRED, now);
        Optional<String> address = addresses.of(channel, account, user);
        if (listed.isEmpty() || address.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder("您有 " + lines.size() + " 条未读通知：");
        int i = 1;
        for (String line : lines.values()) {
            text.append('\n').append(i++).append(". ").append(line);
        }
        String key = listed.get(0).digestKey();
        boolean queued = repo.digest(listed, key, new OutboxMessage(Channel.of(channel), account, address.get(),
                new io.shaozi.adapters.common.Outbound.Text(text.toString()), Optional.of(key)), now);
        if (queued) {
            LOG.info("digest {} queued: {} notices for a {} resident", key, lines.size(), channel);
        }
    }

    /** Closes runs whose every ledger row has an outcome; a weekly campaign is scheduled again. */
    public void settle() {
        Instant now = clock.instant();
        if (!now.isBefore(lastExpiry.plus(Duration.ofMinutes(1)))) {
            lastExpiry = now;
            try {
                expireWaiting(now);
            } catch (RuntimeException e) {
                LOG.warn("waiting campaign rows not expired: {}", e.toString());
            }
        }
        for (Campaign c : repo.sending()) {
            try {
                settle(c, now);
            } catch (RuntimeException e) {
                // one campaign's failure must not hold up the others
                LOG.warn("campaign {} not settled: {}", c.id(), e.toString());
            }
        }
    }

    /** Waiting rows older than {@code push.digestDays}, or of content no longer sendable, are dropped. */
    void expireWaiting(Instant now) {
        List<Long> gone = repo.waitingContents().stream()
                .filter(id -> content.approvedForCampaign(id, now) instanceof ContentService.ForCampaign.NotReady)
                .toList();
        int n = repo.expireWaiting(now.minus(settings.digestAge()), gone, DIGEST_EXPIRED, now);
        if (n > 0) {
            LOG.info("{} waiting campaign rows dropped as {}", n, DIGEST_EXPIRED);
        }
    }

    private void settle(Campaign c, Instant now) {
        {
            if (!repo.settled(c.id(), c.runs())) {
                return;
            }
            if (c.repeat().isPresent()) {
                Instant next = c.repeat().get().nextAfter(now, calendar);
                runs.schedule(runId(c.id(), c.runs() + 1), next, c.id() + ":" + (c.runs() + 1));
                repo.setStatus(c.id(), CampaignStatus.SCHEDULED, next, Optional.of(now), "");
            } else {
                repo.setStatus(c.id(), CampaignStatus.DONE, c.runAt(), Optional.of(now), "");
            }
            LOG.info("campaign {} run {} finished", c.id(), c.runs());
        }
    }
}
