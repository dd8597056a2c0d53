package io.shaozi.core.campaign;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.Channel;
import io.shaozi.core.audience.Audience;
import io.shaozi.core.audience.AudienceResolver;
import io.shaozi.core.audience.ConsentEvent;
import io.shaozi.core.audience.Resident;
import io.shaozi.core.audience.ResidentStore;
import io.shaozi.core.content.ContentActor;
import io.shaozi.core.content.ContentCommand;
import io.shaozi.core.content.ContentDecision;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.content.ContentMachine;
import io.shaozi.core.content.ContentService;
import io.shaozi.core.content.Draft;
import io.shaozi.core.content.SensitiveWords;
import io.shaozi.core.identity.Role;
import io.shaozi.core.schedule.WorkingCalendar;
import io.shaozi.core.store.CampaignJdbc;
import io.shaozi.core.store.ContentJdbc;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.JobsJdbc;
import io.shaozi.core.store.OutboxSender;
import io.shaozi.core.store.ResidentJdbc;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Campaign runs on H2 with the real scheduler (started, polling once an hour of real time, so nothing runs behind
 * the test's back): a run repeated after a crash queues nobody twice; quiet hours postpone all but emergencies; an
 * expired item stops its campaign; settle closes one-off runs and schedules weekly ones.
 */
class CampaignsRunTest {
    static final ContentActor WORKER = new ContentActor("sq-001", "孙红梅", Role.COMMUNITY_WORKER);
    static final ContentActor CADRE = new ContentActor("gb-001", "王建国", Role.STREET_CADRE);
    static final Audience RESIDENTS = new Audience(true, Set.of(), false, Set.of(), Set.of(), Set.of(), List.of());
    static final QuietHours NIGHT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
    static final WorkingCalendar CALENDAR = WorkingCalendar.mondayToFriday();

    private final MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00"); // a Tuesday
    private final TestDatabases.Handle h = TestDatabases.h2();
    private final Database db = h.db();
    private final CampaignJdbc repo = new CampaignJdbc(db.dataSource());
    private final ResidentJdbc residents = new ResidentJdbc(db.dataSource());
    private final ContentService content = new ContentService(new ContentJdbc(db),
            new ContentMachine(SensitiveWords.NONE), () -> Fixtures.ORG, clock);
    private final List<JobsJdbc> schedulers = new ArrayList<>();

    @AfterEach
    void close() {
        schedulers.forEach(JobsJdbc::close);
        h.close();
    }

    private JobsJdbc jobs() {
        JobsJdbc j = new JobsJdbc(db, clock, CALENDAR, new JobsJdbc.Settings(Duration.ofHours(1),
                Duration.ofMinutes(5), 1, Duration.ofSeconds(2)), "node-" + schedulers.size());
        schedulers.add(j);
        return j;
    }

    private Campaigns campaigns(ResidentStore store, JobsJdbc jobs, boolean start) {
        Campaigns c = new Campaigns(repo, content, new AudienceResolver(store, () -> Fixtures.ORG, false),
                new DeliveryPolicy(DeliveryPolicy.Settings.defaults()), jobs, clock, CALENDAR,
                new Campaigns.Settings("https://shaozi.example/", NIGHT, 2, Duration.ofSeconds(3)),
                (channel, account, user) -> java.util.Optional.of(user));
        if (start) {
            jobs.start();
        }
        return c;
    }

    private Campaigns campaigns() {
        return campaigns(residents, jobs(), true);
    }

    private void residents(int n) {
        for (int i = 0; i < n; i++) {
            residents.seen("generic", "chat", "web-" + i, Optional.empty(), clock.instant().minus(Duration.ofDays(1)));
        }
    }

    private static long id(ContentDecision d) {
        assertThat(d).as(d.toString()).isInstanceOf(ContentDecision.Accepted.class);
        return ((ContentDecision.Accepted) d).item().id();
    }

    private long approved(ContentKind kind, Optional<Instant> validUntil) {
        long id = id(content.create(new Draft(kind, "停水通知", "明天上午停水。", Optional.empty(), Optional.empty(),
                "东华门街道", validUntil), WORKER));
        id(content.act(id, new ContentCommand.Submit(), WORKER));
        id(content.act(id, new ContentCommand.Approve("同意"), CADRE));
        return id;
    }

    private long emergency() {
        long id = id(content.create(new Draft(ContentKind.EMERGENCY, "燃气泄漏", "请勿靠近三号楼。", Optional.empty(),
                Optional.empty(), "东华门街道", Optional.empty()), CADRE));
        id(content.act(id, new ContentCommand.SendEmergency("燃气泄漏，需立即告知"), CADRE));
        return id;
    }

    private Campaign campaign(long item, Optional<Repeat> repeat) {
        return repo.create(item, RESIDENTS, clock.instant(), repeat, 5, "gb-001", clock.instant());
    }

    private List<LedgerEntry> ledger(long campaign) {
        List<LedgerEntry> out = new ArrayList<>();
        repo.forEachEntry(campaign, out::add);
        return out;
    }

    /** The campaign's outbox rows (dedupe keys), in id order. */
    private List<String> outbox(long campaign) {
        return strings("SELECT dedupe_key FROM outbox WHERE dedupe_key LIKE ? ORDER BY id", "cp:" + campaign + ":%");
    }

    private List<String> strings(String sql, String arg) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The due time of a scheduled campaign run, if any. */
    private Optional<Instant> runJob(String instance) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT execution_time FROM scheduled_tasks WHERE task_name = ? AND task_instance = ?")) {
            ps.setString(1, Campaigns.RUN_JOB);
            ps.setString(2, instance);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Delivers the outbox once, every message acknowledged. */
    private void deliver() {
        OutboxSender sender = new OutboxSender(db.dataSource(), clock, Map.of(Channel.GENERIC,
                m -> SendOutcome.Sent.ok()), OutboxSender.Settings.defaults());
        while (sender.runOnce() > 0) {
            // drain
        }
    }

    /** The residents' directory, crashing (as a dying instance would) when the {@code crashAt}-th resident comes. */
    record CrashingStore(ResidentStore store, int crashAt) implements ResidentStore {
        @Override
        public void seen(String channel, String account, String user, Optional<String> community, Instant at) {
            store.seen(channel, account, user, community, at);
        }

        @Override
        public void consent(String channel, String account, String user, boolean subscribed, Instant at) {
            store.consent(channel, account, user, subscribed, at);
        }

        @Override
        public Optional<Resident> find(String channel, String account, String user) {
            return store.find(channel, account, user);
        }

        @Override
        public List<ConsentEvent> history(String channel, String account, String user) {
            return store.history(channel, account, user);
        }

        @Override
        public java.util.Map<String, Long> countByChannel(Optional<String> community, boolean includeUnsubscribed) {
            return store.countByChannel(community, includeUnsubscribed);
        }

        @Override
        public long countIn(Optional<String> community) {
            return store.countIn(community);
        }

        @Override
        public void forEachResident(Optional<String> community, boolean includeUnsubscribed,
                                    Consumer<Resident> each) {
            int[] n = {0};
            store.forEachResident(community, includeUnsubscribed, r -> {
                if (++n[0] == crashAt) {
                    throw new IllegalStateException("instance died");
                }
                each.accept(r);
            });
        }
    }

    @Test
    void runTakenOverAfterACrash_andRunAgain_queuesNobodyTwice() {
        residents(5);
        long item = approved(ContentKind.NOTICE, Optional.empty());
        long id = campaign(item, Optional.empty()).id();
        // the first instance dies while resolving the fourth resident: the first chunk (2) is in the ledger
        Campaigns dying = campaigns(new CrashingStore(residents, 4), jobs(), false);
        assertThatThrownBy(() -> dying.run(id, 1)).hasMessageContaining("instance died");
        assertThat(ledger(id)).hasSize(2);
        assertThat(outbox(id)).hasSize(2);
        assertThat(repo.find(id).orElseThrow().enqueuedAt()).isEmpty();

        Campaigns survivor = campaigns();
        clock.advance(Duration.ofMinutes(1));
        survivor.run(id, 1);
        List<LedgerEntry> rows = ledger(id);
        assertThat(rows).hasSize(5);
        assertThat(rows).extracting(LedgerEntry::to).doesNotHaveDuplicates();
        assertThat(rows).extracting(LedgerEntry::seq).containsExactly(0, 1, 2, 3, 4);
        assertThat(rows).extracting(LedgerEntry::token).doesNotHaveDuplicates();
        // chunks are written by two writers, so rows of different recipients may go in out of seq order
        assertThat(outbox(id)).containsExactlyInAnyOrder("cp:" + id + ":1:0", "cp:" + id + ":1:1",
                "cp:" + id + ":1:2", "cp:" + id + ":1:3", "cp:" + id + ":1:4");
        Campaign c = repo.find(id).orElseThrow();
        assertThat(c.status()).isEqualTo(CampaignStatus.SENDING);
        assertThat(c.targeted()).isEqualTo(5);
        assertThat(c.enqueuedAt()).contains(clock.instant());

        // the same job runs once more (a second delivery of the job): nothing is added
        clock.advance(Duration.ofMinutes(1));
        survivor.run(id, 1);
        assertThat(ledger(id)).isEqualTo(rows);
        assertThat(outbox(id)).hasSize(5);
        // and once more after dying between the last chunk and "enqueued"
        repo.startRun(id, 1, clock.instant());
        survivor.run(id, 1);
        assertThat(ledger(id)).isEqualTo(rows);
        assertThat(outbox(id)).hasSize(5);
        assertThat(repo.find(id).orElseThrow().targeted()).isEqualTo(5);
        assertThat(repo.find(id).orElseThrow().enqueuedAt()).isPresent();
    }

    @Test
    void runInQuietHours_waitsUntilSeven_butAnEmergencyGoesAtOnce() {
        residents(3);
        clock.setBeijing("2026-12-01T22:30");
        Campaigns campaigns = campaigns();
        long notice = campaign(approved(ContentKind.NOTICE, Optional.empty()), Optional.empty()).id();
        long urgent = campaign(emergency(), Optional.empty()).id();

        campaigns.run(notice, 1);
        Campaign waiting = repo.find(notice).orElseThrow();
        assertThat(waiting.status()).isEqualTo(CampaignStatus.SCHEDULED);
        assertThat(waiting.runAt()).isEqualTo(beijing("2026-12-02T07:00"));
        assertThat(waiting.note()).contains("免打扰").contains("07:00");
        assertThat(waiting.runs()).isZero();
        assertThat(ledger(notice)).isEmpty();
        assertThat(outbox(notice)).isEmpty();
        assertThat(runJob("campaign-" + notice + "-1-quiet")).contains(beijing("2026-12-02T07:00"));

        campaigns.run(urgent, 1);
        assertThat(ledger(urgent)).hasSize(3).allMatch(e -> e.status() == DeliveryStatus.QUEUED);
        assertThat(outbox(urgent)).hasSize(3);
        assertThat(repo.find(urgent).orElseThrow().status()).isEqualTo(CampaignStatus.SENDING);

        // at 07:00 the postponed run goes
        clock.setBeijing("2026-12-02T07:00");
        campaigns.run(notice, 1);
        assertThat(ledger(notice)).hasSize(3);
        assertThat(outbox(notice)).hasSize(3);
        assertThat(repo.find(notice).orElseThrow().note()).isEmpty();
    }

    @Test
    void itemExpiredBeforeTheRun_stopsTheCampaign() {
        residents(2);
        Campaigns campaigns = campaigns();
        long item = approved(ContentKind.NOTICE, Optional.of(clock.instant().plus(Duration.ofHours(1))));
        long id = repo.create(item, RESIDENTS, clock.instant().plus(Duration.ofHours(2)), Optional.empty(), 2,
                "gb-001", clock.instant()).id();
        clock.advance(Duration.ofHours(2));
        campaigns.run(id, 1);
        Campaign c = repo.find(id).orElseThrow();
        assertThat(c.status()).isEqualTo(CampaignStatus.STOPPED);
        assertThat(c.note()).isEqualTo("内容已过有效期");
        assertThat(c.finishedAt()).contains(clock.instant());
        assertThat(ledger(id)).isEmpty();
        assertThat(outbox(id)).isEmpty();
        // a stopped campaign stays stopped
        campaigns.run(id, 1);
        assertThat(ledger(id)).isEmpty();
    }

    @Test
    void settle_closesAOneOffCampaign_onlyWhenNothingIsQueued() {
        residents(3);
        Campaigns campaigns = campaigns();
        long id = campaign(approved(ContentKind.NOTICE, Optional.empty()), Optional.empty()).id();
        campaigns.run(id, 1);
        campaigns.settle();
        assertThat(repo.find(id).orElseThrow().status()).as("3 rows queued").isEqualTo(CampaignStatus.SENDING);
        clock.advance(Duration.ofMinutes(1));
        deliver();
        assertThat(ledger(id)).allMatch(e -> e.status() == DeliveryStatus.SENT);
        clock.advance(Duration.ofSeconds(3));
        campaigns.settle();
        Campaign done = repo.find(id).orElseThrow();
        assertThat(done.status()).isEqualTo(CampaignStatus.DONE);
        assertThat(done.finishedAt()).contains(clock.instant());
        assertThat(runJob("campaign-" + id + "-2")).isEmpty();
    }

    @Test
    void settle_schedulesTheNextRunOfAWeeklyCampaign() {
        residents(2);
        Campaigns campaigns = campaigns();
        Repeat monday = new Repeat(Set.of(DayOfWeek.MONDAY), LocalTime.of(8, 0), false);
        long id = campaign(approved(ContentKind.NOTICE, Optional.empty()), Optional.of(monday)).id();
        campaigns.run(id, 1);
        deliver();
        campaigns.settle();
        Campaign next = repo.find(id).orElseThrow();
        assertThat(next.status()).isEqualTo(CampaignStatus.SCHEDULED);
        assertThat(next.runAt()).isEqualTo(beijing("2026-12-07T08:00"));
        assertThat(next.runs()).isEqualTo(1);
        assertThat(runJob("campaign-" + id + "-2")).contains(beijing("2026-12-07T08:00"));

        // the second run on Monday queues everybody again, under run 2's keys
        clock.setBeijing("2026-12-07T08:00");
        campaigns.run(id, 2);
        assertThat(repo.recipients(id, 2)).hasSize(2);
        assertThat(outbox(id)).contains("cp:" + id + ":2:0", "cp:" + id + ":2:1");
        assertThat(repo.find(id).orElseThrow().runs()).isEqualTo(2);
    }
}
