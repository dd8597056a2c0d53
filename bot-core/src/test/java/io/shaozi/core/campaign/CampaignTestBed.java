package io.shaozi.core.campaign;

import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.ChatChannel;
import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.core.audience.AudienceResolver;
import io.shaozi.core.channel.ChannelSenders;
import io.shaozi.core.content.ContentCommand;
import io.shaozi.core.content.ContentDecision;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.content.ContentMachine;
import io.shaozi.core.content.ContentService;
import io.shaozi.core.content.Draft;
import io.shaozi.core.content.SensitiveWords;
import io.shaozi.core.state.LocalState;
import io.shaozi.core.store.CampaignJdbc;
import io.shaozi.core.store.ContentJdbc;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.JobsJdbc;
import io.shaozi.core.store.OutboxSender;
import io.shaozi.core.store.ResidentJdbc;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the batched-campaign tests share: a fake clock at 2026-12-01 10:00 Beijing, an H2 database with the campaign,
 * resident and content stores on it, the schedulers the test started (closed with the database), and the steps every
 * such test takes — a channel context on that clock, an approved content item, a campaign to all residents, an outbox
 * sender drained of what is due, and each recipient's ledger status.
 */
final class CampaignTestBed implements AutoCloseable {
    final MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00");
    private final TestDatabases.Handle h = TestDatabases.h2();
    final Database db = h.db();
    final CampaignJdbc repo = new CampaignJdbc(db.dataSource());
    final ResidentJdbc residents = new ResidentJdbc(db.dataSource());
    final ContentService content = new ContentService(new ContentJdbc(db),
            new ContentMachine(SensitiveWords.NONE), () -> Fixtures.ORG, clock);
    private final List<JobsJdbc> schedulers = new ArrayList<>();

    /** A channel context on the bed's clock: in-memory tokens, local replay guard, any sender binding accepted. */
    ChannelContext context() {
        return new ChannelContext(clock, HttpClient.newHttpClient(), new AccessTokenManager(new InMemoryTokenStore(),
                clock, Duration.ofMinutes(5)), new LocalState(clock, 1000), (k, u, at) -> true);
    }

    /** Campaigns on a scheduler of node {@code node} (closed with the bed), batching as {@code batches} says. */
    Campaigns campaigns(String node, DeliveryPolicy policy, Campaigns.Batches batches, Campaigns.Addresses addresses) {
        JobsJdbc jobs = new JobsJdbc(db, clock, CampaignsRunTest.CALENDAR, new JobsJdbc.Settings(Duration.ofHours(1),
                Duration.ofMinutes(5), 1, Duration.ofSeconds(2)), node);
        schedulers.add(jobs);
        return new Campaigns(repo, content, new AudienceResolver(residents, () -> Fixtures.ORG, false), policy, jobs,
                clock, CampaignsRunTest.CALENDAR, new Campaigns.Settings("https://shaozi.example/",
                        CampaignsRunTest.NIGHT, 2000, Duration.ofSeconds(3), Duration.ofDays(7), batches), addresses);
    }

    /** A content item written by the community worker, submitted and approved by the street cadre; its id. */
    long approvedItem(ContentKind kind, String title, String body) {
        long item = id(content.create(new Draft(kind, title, body, Optional.empty(), Optional.empty(), "东华门街道",
                Optional.empty()), CampaignsRunTest.WORKER));
        id(content.act(item, new ContentCommand.Submit(), CampaignsRunTest.WORKER));
        id(content.act(item, new ContentCommand.Approve("同意"), CampaignsRunTest.CADRE));
        return item;
    }

    /** A campaign of {@code item} to all residents, created by the cadre now; its id. */
    long campaign(long item) {
        return repo.create(item, CampaignsRunTest.RESIDENTS, clock.instant(), Optional.empty(), 0, "gb-001",
                clock.instant()).id();
    }

    /** An outbox sender over {@code channel} alone, no rate limits of its own. */
    OutboxSender sender(ChatChannel channel, OutboxSender.Settings settings) {
        return new OutboxSender(db.dataSource(), clock, ChannelSenders.of(List.of(channel), Map.of(),
                Limiter.local(clock), (ch, a, r, since) -> 0, clock), settings);
    }

    /** Sends rows until none is due now. */
    static void drain(OutboxSender sender) {
        while (sender.runOnce() > 0) {
            // drain what is due
        }
    }

    /** Each recipient's status code, "(code)" when it has one, and " read" when {@code withRead} and it was read. */
    Map<String, String> statuses(long campaign, boolean withRead) {
        Map<String, String> out = new HashMap<>();
        repo.forEachEntry(campaign, e -> out.put(e.to().address(), e.status().code()
                + e.code().map(c -> "(" + c + ")").orElse("") + (withRead && e.readAt().isPresent() ? " read" : "")));
        return out;
    }

    @Override
    public void close() {
        schedulers.forEach(JobsJdbc::close);
        h.close();
    }

    private static long id(ContentDecision d) {
        return ((ContentDecision.Accepted) d).item().id();
    }
}
