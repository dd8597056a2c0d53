package io.shaozi.core.store;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.audience.Audience;
import io.shaozi.core.audience.Recipient;
import io.shaozi.core.campaign.Campaign;
import io.shaozi.core.campaign.CampaignCounts;
import io.shaozi.core.campaign.CampaignRepository;
import io.shaozi.core.campaign.CampaignStatus;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.campaign.DeliveryStatus;
import io.shaozi.core.campaign.LedgerEntry;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.campaign.Repeat;
import io.shaozi.core.testing.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The campaigns' store on H2 and PostgreSQL: campaigns, the per-recipient ledger written with its outbox rows in one
 * transaction, the facts the quota rules read, report counts, read/studied marks, and the outbox sender writing each
 * outcome back to the ledger.
 */
class CampaignStoreTest {
    static final Instant T = beijing("2026-12-01T10:00");
    static final Audience RESIDENTS = new Audience(true, Set.of(), false, Set.of(), Set.of(), Set.of(), List.of());
    static final long CONTENT = 7;

    static LedgerEntry entry(long campaign, int run, int seq, Recipient to, Optional<String> community,
                             Optional<String> branch, DeliveryStatus status, Optional<String> code, Instant at) {
        return entry(campaign, run, seq, CONTENT, to, community, branch, status, code, at);
    }

    static LedgerEntry entry(long campaign, int run, int seq, long content, Recipient to, Optional<String> community,
                             Optional<String> branch, DeliveryStatus status, Optional<String> code, Instant at) {
        boolean done = status != DeliveryStatus.QUEUED;
        return new LedgerEntry(campaign, run, seq, content, to, Optional.empty(), community, branch,
                "tok_" + campaign + "_" + run + "_" + seq + "_0123456789", status, code, at, done ? Optional.of(at) : Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    static LedgerEntry queued(long campaign, int seq, Recipient to, Instant at) {
        return entry(campaign, 1, seq, to, Optional.empty(), Optional.empty(), DeliveryStatus.QUEUED, Optional.empty(),
                at);
    }

    static OutboxMessage message(LedgerEntry e) {
        return new OutboxMessage(Channel.of(e.to().channel()), e.to().account(), e.to().address(),
                new Outbound.Text("通知 " + e.token()), Optional.of(e.outboxKey()));
    }

    static Recipient generic(String user) {
        return new Recipient("generic", "chat", user);
    }

    static Recipient wechat(String user) {
        return new Recipient("wechat", "duofu", user);
    }

    static Campaign campaign(CampaignJdbc repo) {
        return repo.create(CONTENT, RESIDENTS, T, Optional.empty(), 3, "gb-001", T.minus(Duration.ofHours(1)));
    }

    /** The outbox as "dedupe_key state", in id order. */
    static List<String> outbox(Database db) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT dedupe_key, state FROM outbox ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    static List<LedgerEntry> ledger(CampaignJdbc repo, long campaign) {
        List<LedgerEntry> out = new ArrayList<>();
        repo.forEachEntry(campaign, out::add);
        return out;
    }

    static void pushed(Database db, Recipient to, Instant at) {
        new Tx(db.dataSource()).inTx(c -> OutboxJdbc.enqueue(c, new OutboxMessage(Channel.of(to.channel()),
                to.account(), to.address(), new Outbound.Text("hi"), Optional.empty()), at));
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void create_find_list(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            CampaignJdbc repo = new CampaignJdbc(h.db().dataSource());
            Repeat weekly = new Repeat(Set.of(DayOfWeek.MONDAY, DayOfWeek.THURSDAY), LocalTime.of(8, 0), true);
            Audience members = new Audience(false, Set.of("110101001001"), true, Set.of("zb-1"), Set.of(), Set.of(),
                    List.of("gb-001"));
            Campaign a = campaign(repo);
            Campaign b = repo.create(8, members, T.plus(Duration.ofDays(1)), Optional.of(weekly), 12, "ld-001", T);
            assertThat(repo.find(b.id())).contains(b);
            assertThat(b.contentId()).isEqualTo(8);
            assertThat(b.audience()).isEqualTo(members);
            assertThat(b.runAt()).isEqualTo(T.plus(Duration.ofDays(1)));
            assertThat(b.repeat()).contains(weekly);
            assertThat(b.status()).isEqualTo(CampaignStatus.SCHEDULED);
            assertThat(b.targeted()).isEqualTo(12);
            assertThat(b.runs()).isZero();
            assertThat(b.createdBy()).isEqualTo("ld-001");
            assertThat(b.createdAt()).isEqualTo(T);
            assertThat(b.startedAt()).isEmpty();
            assertThat(b.enqueuedAt()).isEmpty();
            assertThat(b.finishedAt()).isEmpty();
            assertThat(b.note()).isEmpty();
            assertThat(a.repeat()).isEmpty();
            assertThat(repo.list(10)).extracting(Campaign::id).containsExactly(b.id(), a.id());
            assertThat(repo.list(1)).extracting(Campaign::id).containsExactly(b.id());
            assertThat(repo.find(b.id() + 1000)).isEmpty();
            assertThat(repo.sending()).isEmpty();
            repo.startRun(a.id(), 1, T);
            assertThat(repo.sending()).as("not enqueued yet").isEmpty();
            repo.enqueued(a.id(), 2, T.plusSeconds(5));
            assertThat(repo.sending()).extracting(Campaign::id).containsExactly(a.id());
            Campaign sending = repo.find(a.id()).orElseThrow();
            assertThat(sending.status()).isEqualTo(CampaignStatus.SENDING);
            assertThat(sending.runs()).isEqualTo(1);
            assertThat(sending.targeted()).isEqualTo(2);
            assertThat(sending.startedAt()).contains(T);
            assertThat(sending.enqueuedAt()).contains(T.plusSeconds(5));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void record_writesLedgerAndOutboxTogether_andAFailedOutboxInsertLeavesNoLedgerRow(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            CampaignJdbc repo = new CampaignJdbc(h.db().dataSource());
            long id = campaign(repo).id();
            LedgerEntry a = queued(id, 0, generic("web-a"), T);
            LedgerEntry b = entry(id, 1, 1, wechat("o-b"), Optional.empty(), Optional.empty(), DeliveryStatus.DROPPED,
                    Optional.of("window_closed"), T);
            LedgerEntry c = queued(id, 2, generic("web-c"), T);
            repo.record(List.of(a, b, c), List.of(message(a), message(c)));
            assertThat(ledger(repo, id)).containsExactly(a, b, c);
            assertThat(outbox(h.db())).containsExactly("cp:" + id + ":1:0 PENDING", "cp:" + id + ":1:2 PENDING");
            assertThat(repo.recipients(id, 1)).containsExactlyInAnyOrder(generic("web-a"), wechat("o-b"),
                    generic("web-c"));
            assertThat(repo.recipients(id, 2)).isEmpty();
            assertThat(repo.size(id, 1)).isEqualTo(3);
            assertThat(repo.size(id, 2)).isZero();
            assertThat(repo.byToken(c.publicToken())).contains(c);

            // the next chunk: its second message carries a dedupe key already queued, so the chunk fails as a whole
            LedgerEntry d = queued(id, 3, generic("web-d"), T);
            LedgerEntry e = queued(id, 4, generic("web-e"), T);
            OutboxMessage clash = new OutboxMessage(Channel.GENERIC, "chat", "web-e", new Outbound.Text("x"),
                    Optional.of(a.outboxKey()));
            assertThatThrownBy(() -> repo.record(List.of(d, e), List.of(message(d), clash)))
                    .isInstanceOf(StoreException.class);
            assertThat(ledger(repo, id)).containsExactly(a, b, c);
            assertThat(outbox(h.db())).hasSize(2);
            assertThat(repo.size(id, 1)).isEqualTo(3);
            // a ledger row for a recipient already in the run fails too, with its outbox row
            LedgerEntry again = queued(id, 3, generic("web-a"), T);
            assertThatThrownBy(() -> repo.record(List.of(again), List.of(message(again))))
                    .isInstanceOf(StoreException.class);
            assertThat(outbox(h.db())).hasSize(2);
            assertThat(ledger(repo, id)).hasSize(3);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void record_aCampaignSizedChunk_keepsEveryValueExactly_andADuplicateKeyFailsTheWholeChunk(
            TestDatabases.Engine engine) {
        // on PostgreSQL both tables are written with COPY (text format) from OutboxJdbc.COPY_FROM messages on: the
        // separators of that format (tab, newline, carriage return, backslash) must come back unchanged
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            CampaignJdbc repo = new CampaignJdbc(h.db().dataSource());
            long id = campaign(repo).id();
            String tricky = "第一行\t不是制表符\n\\N \\\\ \"引号\"\t真制表符\r\n第二行 \\N";
            List<LedgerEntry> entries = new ArrayList<>();
            List<OutboxMessage> messages = new ArrayList<>();
            for (int i = 0; i < OutboxJdbc.COPY_FROM + 4; i++) {
                LedgerEntry e = new LedgerEntry(id, 1, i, CONTENT, generic("web\\" + i + "\tx"),
                        i % 2 == 0 ? Optional.of("dy-" + i) : Optional.empty(),
                        i % 3 == 0 ? Optional.empty() : Optional.of("社区\n" + i), Optional.of("zb\\N"),
                        "tok_" + i + "_0123456789abcdef", DeliveryStatus.QUEUED, Optional.empty(), T.plusMillis(i),
                        Optional.empty(), Optional.empty(), Optional.empty());
                entries.add(e);
                messages.add(new OutboxMessage(Channel.GENERIC, "chat", e.to().address(),
                        new Outbound.Text(tricky + " " + i), Optional.of(e.outboxKey())));
            }
            repo.record(entries, messages);
            assertThat(ledger(repo, id)).containsExactlyElementsOf(entries);
            List<String> payloads = new ArrayList<>();
            try (Connection c = h.db().dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT recipient, kind, payload, dedupe_key, state,"
                         + " attempts FROM outbox ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    payloads.add(rs.getString(1) + "|" + ((Outbound.Text) OutboxJdbc.payload(rs.getString(2),
                            rs.getString(3))).text() + "|" + rs.getString(4) + "|" + rs.getString(5) + "|"
                            + rs.getInt(6));
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                expected.add("web\\" + i + "\tx|" + tricky + " " + i + "|cp:" + id + ":1:" + i + "|PENDING|0");
            }
            assertThat(payloads).containsExactlyElementsOf(expected);

            // the next chunk reuses one dedupe key: nothing of it is written
            List<LedgerEntry> next = new ArrayList<>();
            List<OutboxMessage> nextMessages = new ArrayList<>();
            for (int i = 0; i < OutboxJdbc.COPY_FROM + 4; i++) {
                LedgerEntry e = queued(id, 100 + i, generic("next-" + i), T);
                next.add(e);
                nextMessages.add(i == 7 ? new OutboxMessage(Channel.GENERIC, "chat", "next-7",
                        new Outbound.Text("x"), Optional.of(entries.get(0).outboxKey())) : message(e));
            }
            assertThatThrownBy(() -> repo.record(next, nextMessages)).isInstanceOf(StoreException.class);
            assertThat(ledger(repo, id)).hasSize(entries.size());
            assertThat(outbox(h.db())).hasSize(messages.size());
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void facts_lastSeen_pushesSince_andContentToday(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            CampaignJdbc repo = new CampaignJdbc(h.db().dataSource());
            ResidentJdbc residents = new ResidentJdbc(h.db().dataSource());
            Instant dayStart = beijing("2026-12-01T00:00");
            Instant since = T.minus(Duration.ofHours(48));
            Recipient o1 = wechat("o1");
            Recipient o2 = wechat("o2");
            Recipient o3 = wechat("o3");
            Recipient o4 = wechat("o4");
            Recipient o5 = wechat("o5");
            residents.seen("wechat", "duofu", "o1", Optional.empty(), T.minus(Duration.ofHours(10)));
            residents.seen("wechat", "duofu", "o2", Optional.empty(), T.minus(Duration.ofHours(50)));
            residents.seen("wechat", "other", "o3", Optional.empty(), T.minus(Duration.ofHours(1))); // other account
            pushed(h.db(), o1, T.minus(Duration.ofHours(60)));
            pushed(h.db(), o1, since);
            pushed(h.db(), o1, T.minus(Duration.ofHours(5)));
            pushed(h.db(), o1, T.minus(Duration.ofHours(1)));
            pushed(h.db(), new Recipient("wechat", "other", "o1"), T.minus(Duration.ofHours(1)));
            pushed(h.db(), new Recipient("wecom", "duofu", "o1"), T.minus(Duration.ofHours(1)));
            long id = campaign(repo).id();
            Instant morning = beijing("2026-12-01T08:00");
            Instant yesterday = beijing("2026-11-30T23:59");
            Optional<String> none = Optional.empty();
            repo.record(List.of(
                    entry(id, 1, 0, o1, none, none, DeliveryStatus.QUEUED, none, morning),
                    entry(id, 1, 1, o2, none, none, DeliveryStatus.DROPPED, Optional.of("window_closed"), morning),
                    entry(id, 1, 2, o3, none, none, DeliveryStatus.SENT, none, yesterday),
                    entry(id, 1, 3, 8, o4, none, none, DeliveryStatus.SENT, none, morning), // another item
                    entry(id, 1, 4, o5, none, none, DeliveryStatus.FAILED, Optional.of("45015"), morning)), List.of());
            long other = campaign(repo).id();
            repo.record(List.of(entry(other, 1, 0, o4, none, none, DeliveryStatus.SENT, none, dayStart)), List.of());
            Recipient o6 = wechat("o6");
            repo.record(List.of(entry(other, 1, 1, new Recipient("wechat", "other", "o6"), none, none,
                    DeliveryStatus.SENT, none, morning)), List.of());

            Map<Recipient, CampaignRepository.Facts> f = repo.facts(List.of(o1, o2, o3, o4, o5, o6), CONTENT, since,
                    dayStart);
            assertThat(f).containsOnlyKeys(o1, o2, o3, o4, o5, o6);
            assertThat(f.get(o1).lastSeen()).contains(T.minus(Duration.ofHours(10)));
            assertThat(f.get(o1).pushedSince()).containsExactlyInAnyOrder(since, T.minus(Duration.ofHours(5)),
                    T.minus(Duration.ofHours(1)));
            assertThat(f.get(o2).lastSeen()).contains(T.minus(Duration.ofHours(50)));
            assertThat(f.get(o2).pushedSince()).isEmpty();
            assertThat(f.get(o3).lastSeen()).as("seen on another account").isEmpty();
            assertThat(f.get(o6)).as("another account").isEqualTo(CampaignRepository.Facts.none());
            assertThat(repo.facts(List.of(), CONTENT, since, dayStart)).isEmpty();
            // who got the item today: queued or sent since the day started, not dropped, failed or yesterday's
            assertThat(repo.gotToday(CONTENT, dayStart)).as("queued today, sent today at midnight").contains(o1, o4)
                    .doesNotContain(o2, o3, o5);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void counts_totalAndByChannelCommunityBranch_withCodes(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            CampaignJdbc repo = new CampaignJdbc(h.db().dataSource());
            long id = campaign(repo).id();
            Optional<String> none = Optional.empty();
            Optional<String> c1 = Optional.of("c1");
            Optional<String> c2 = Optional.of("c2");
            LedgerEntry sentA2 = entry(id, 1, 1, generic("a2"), c1, none, DeliveryStatus.SENT, none, T);
            LedgerEntry sentP1 = entry(id, 1, 5, new Recipient("dingtalk", "robot", "p1"), none, Optional.of("b1"),
                    DeliveryStatus.SENT, none, T);
            repo.record(List.of(
                    entry(id, 1, 0, generic("a1"), c1, none, DeliveryStatus.QUEUED, none, T),
                    sentA2,
                    entry(id, 1, 2, wechat("w1"), c2, none, DeliveryStatus.FAILED, Optional.of("45015"), T),
                    entry(id, 1, 3, wechat("w2"), c2, none, DeliveryStatus.FAILED, Optional.of("45015"), T),
                    entry(id, 1, 4, wechat("w3"), c2, none, DeliveryStatus.DROPPED, Optional.of("window_closed"), T),
                    sentP1,
                    entry(id, 2, 0, generic("a1"), c1, none, DeliveryStatus.FAILED, Optional.of("retries_exhausted"),
                            T.plus(Duration.ofDays(7)))), List.of());
            assertThat(repo.markRead(sentA2.publicToken(), T.plusSeconds(60))).isTrue();
            assertThat(repo.markStudied(sentP1.publicToken(), T.plusSeconds(90))).isTrue();

            CampaignCounts run1 = repo.counts(id, Optional.of(1), Optional.empty()).get(0);
            assertThat(run1).isEqualTo(new CampaignCounts("", 6, 1, 2, 2, 1, 2, 1, Map.of("45015", 2L),
                    Map.of("window_closed", 1L)));
            assertThat(run1.rateOfSent(run1.read())).isEqualTo(1.0);
            assertThat(repo.counts(id, Optional.empty(), Optional.empty())).singleElement()
                    .isEqualTo(new CampaignCounts("", 7, 1, 2, 3, 1, 2, 1,
                            Map.of("45015", 2L, "retries_exhausted", 1L), Map.of("window_closed", 1L)));

            assertThat(repo.counts(id, Optional.of(1), Optional.of("channel"))).containsExactly(
                    new CampaignCounts("dingtalk", 1, 0, 1, 0, 0, 1, 1, Map.of(), Map.of()),
                    new CampaignCounts("generic", 2, 1, 1, 0, 0, 1, 0, Map.of(), Map.of()),
                    new CampaignCounts("wechat", 3, 0, 0, 2, 1, 0, 0, Map.of("45015", 2L),
                            Map.of("window_closed", 1L)));
            assertThat(repo.counts(id, Optional.of(1), Optional.of("community"))).containsExactly(
                    new CampaignCounts("", 1, 0, 1, 0, 0, 1, 1, Map.of(), Map.of()),
                    new CampaignCounts("c1", 2, 1, 1, 0, 0, 1, 0, Map.of(), Map.of()),
                    new CampaignCounts("c2", 3, 0, 0, 2, 1, 0, 0, Map.of("45015", 2L), Map.of("window_closed", 1L)));
            assertThat(repo.counts(id, Optional.of(1), Optional.of("branch"))).containsExactly(
                    new CampaignCounts("", 5, 1, 1, 2, 1, 1, 0, Map.of("45015", 2L), Map.of("window_closed", 1L)),
                    new CampaignCounts("b1", 1, 0, 1, 0, 0, 1, 1, Map.of(), Map.of()));

            long empty = campaign(repo).id();
            assertThat(repo.counts(empty, Optional.empty(), Optional.empty())).containsExactly(
                    new CampaignCounts("", 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of()));
            assertThat(repo.counts(empty, Optional.empty(), Optional.of("channel"))).isEmpty();
            assertThatThrownBy(() -> repo.counts(id, Optional.empty(), Optional.of("address; DROP TABLE outbox")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void markReadAndStudied_areIdempotent_andStudiedImpliesRead(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            CampaignJdbc repo = new CampaignJdbc(h.db().dataSource());
            long id = campaign(repo).id();
            LedgerEntry a = queued(id, 0, generic("web-a"), T);
            LedgerEntry b = queued(id, 1, generic("web-b"), T);
            repo.record(List.of(a, b), List.of());
            Instant t1 = T.plus(Duration.ofMinutes(1));
            Instant t2 = T.plus(Duration.ofMinutes(2));
            Instant t3 = T.plus(Duration.ofMinutes(3));

            assertThat(repo.markRead(a.publicToken(), t1)).isTrue();
            assertThat(repo.markRead(a.publicToken(), t2)).isFalse();
            assertThat(repo.byToken(a.publicToken()).orElseThrow().readAt()).contains(t1);
            assertThat(repo.markStudied(a.publicToken(), t3)).isTrue();
            assertThat(repo.markStudied(a.publicToken(), t3.plusSeconds(1))).isFalse();
            LedgerEntry readThenStudied = repo.byToken(a.publicToken()).orElseThrow();
            assertThat(readThenStudied.readAt()).as("the first reading stays").contains(t1);
            assertThat(readThenStudied.studiedAt()).contains(t3);

            assertThat(repo.markStudied(b.publicToken(), t2)).isTrue();
            LedgerEntry studiedOnly = repo.byToken(b.publicToken()).orElseThrow();
            assertThat(studiedOnly.readAt()).as("studied implies read").contains(t2);
            assertThat(studiedOnly.studiedAt()).contains(t2);
            assertThat(repo.markRead(b.publicToken(), t3)).isFalse();

            assertThat(repo.markRead("no-such-token", t1)).isFalse();
            assertThat(repo.markStudied("no-such-token", t1)).isFalse();
            assertThat(repo.byToken("no-such-token")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void latestFor_newestFirst_withoutFailedOrDropped(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            CampaignJdbc repo = new CampaignJdbc(h.db().dataSource());
            Recipient me = generic("web-me");
            Optional<String> none = Optional.empty();
            long a = campaign(repo).id();
            long b = campaign(repo).id();
            long c = campaign(repo).id();
            long d = campaign(repo).id();
            repo.record(List.of(entry(a, 1, 0, me, none, none, DeliveryStatus.SENT, none, T.minus(Duration.ofDays(2))),
                    entry(a, 1, 1, generic("web-other"), none, none, DeliveryStatus.SENT, none, T)), List.of());
            repo.record(List.of(entry(b, 1, 0, me, none, none, DeliveryStatus.QUEUED, none,
                    T.minus(Duration.ofDays(1)))), List.of());
            repo.record(List.of(entry(c, 1, 0, me, none, none, DeliveryStatus.FAILED, Optional.of("45015"), T)),
                    List.of());
            repo.record(List.of(entry(d, 1, 0, me, none, none, DeliveryStatus.DROPPED,
                    Optional.of("duplicate_today"), T.minus(Duration.ofHours(1)))), List.of());
            repo.record(List.of(entry(a, 2, 0, new Recipient("generic", "other-account", "web-me"), none, none,
                    DeliveryStatus.SENT, none, T)), List.of());

            Function<List<LedgerEntry>, List<String>> keys = l -> l.stream().map(LedgerEntry::outboxKey).toList();
            assertThat(keys.apply(repo.latestFor(me, 10))).containsExactly(LedgerEntry.key(b, 1, 0),
                    LedgerEntry.key(a, 1, 0));
            assertThat(keys.apply(repo.latestFor(me, 1))).containsExactly(LedgerEntry.key(b, 1, 0));
            assertThat(repo.latestFor(generic("web-nobody"), 10)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void outboxSender_writesEachOutcomeBackToTheLedger(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00");
            CampaignJdbc repo = new CampaignJdbc(h.db().dataSource());
            long id = campaign(repo).id();
            LedgerEntry ok = queued(id, 0, generic("web-ok"), T);
            LedgerEntry refused = queued(id, 1, generic("web-refused"), T);
            LedgerEntry later = queued(id, 2, generic("web-later"), T);
            repo.record(List.of(ok, refused, later), List.of(message(ok), message(refused), message(later)));
            // an unrelated outbox row with a key that merely looks like a campaign's is left alone
            new Tx(h.db().dataSource()).inTx(c -> OutboxJdbc.enqueue(c, new OutboxMessage(Channel.GENERIC, "chat",
                    "web-x", new Outbound.Text("x"), Optional.of("cp:not-a-campaign")), T));
            ChannelSender generic = m -> switch (m.recipient()) {
                case "web-ok", "web-x" -> SendOutcome.Sent.ok();
                case "web-refused" -> new SendOutcome.Rejected("45015", "response out of time limit");
                default -> new SendOutcome.RetryLater(clock.instant().plusSeconds(30), "503 from the platform");
            };
            OutboxSender sender = new OutboxSender(h.db().dataSource(), clock, Map.of(Channel.GENERIC, generic),
                    new OutboxSender.Settings(50, Duration.ofMinutes(2), 2, Duration.ofMinutes(1),
                            Duration.ofHours(1), Duration.ofMillis(250)));
            assertThat(sender.runOnce()).isEqualTo(4);

            Map<String, LedgerEntry> byKey = new java.util.HashMap<>();
            repo.forEachEntry(id, e -> byKey.put(e.to().address(), e));
            assertThat(byKey.get("web-ok").status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(byKey.get("web-ok").doneAt()).contains(clock.instant());
            assertThat(byKey.get("web-ok").code()).isEmpty();
            assertThat(byKey.get("web-refused").status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(byKey.get("web-refused").code()).contains("45015");
            assertThat(byKey.get("web-later").status()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(byKey.get("web-later").doneAt()).isEmpty();
            assertThat(repo.settled(id, 1)).isFalse();

            // the retry fails again: with two attempts allowed, the row gives up and its ledger row fails
            clock.advance(Duration.ofMinutes(2));
            assertThat(sender.runOnce()).isEqualTo(1);
            LedgerEntry gaveUp = ledger(repo, id).get(2);
            assertThat(gaveUp.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(gaveUp.code()).contains("retries_exhausted");
            assertThat(repo.settled(id, 1)).isTrue();
            assertThat(repo.counts(id, Optional.empty(), Optional.empty()).get(0).failedByCode())
                    .isEqualTo(Map.of("45015", 1L, "retries_exhausted", 1L));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void waiting_digestSettlesItsRowsTogether_expiryDrops_andMassSendsCountThisMonth(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00");
            CampaignJdbc repo = new CampaignJdbc(h.db().dataSource());
            long id = campaign(repo).id();
            Recipient wx = wechat("oWait");
            LedgerEntry w0 = entry(id, 1, 0, 7, wx, Optional.empty(), Optional.empty(), DeliveryStatus.WAITING,
                    Optional.of("window"), T);
            LedgerEntry w1 = entry(id, 2, 0, 8, wx, Optional.empty(), Optional.empty(), DeliveryStatus.WAITING,
                    Optional.of("window"), T.plusSeconds(60));
            LedgerEntry old = entry(id, 1, 2, 9, wechat("oOld"), Optional.empty(), Optional.empty(),
                    DeliveryStatus.WAITING, Optional.of("window"), T.minus(Duration.ofDays(8)));
            LedgerEntry gone = entry(id, 1, 3, 10, wechat("oGoneContent"), Optional.empty(), Optional.empty(),
                    DeliveryStatus.WAITING, Optional.of("window"), T);
            LedgerEntry mass = queued(id, 4, wechat("oMass"), T);
            OutboxMessage massMsg = new OutboxMessage(Channel.WECHAT, "duofu", "oMass", new Outbound.Mass("群发"),
                    Optional.of(mass.outboxKey()));
            repo.record(List.of(w0, w1, old, gone, mass), List.of(massMsg));
            // waiting rows do not hold the run up
            assertThat(repo.settled(id, 1)).isFalse();
            assertThat(repo.counts(id, Optional.empty(), Optional.empty()).get(0).waiting()).isEqualTo(4);
            assertThat(repo.waiting(wx, 5)).extracting(LedgerEntry::run).containsExactly(2, 1);
            assertThat(repo.waiting(wx, 1)).extracting(LedgerEntry::run).containsExactly(2);
            assertThat(repo.waitingContents()).containsExactlyInAnyOrder(7L, 8L, 9L, 10L);
            // mass sends this month count against the user's quota; other users and earlier months do not
            assertThat(repo.facts(List.of(wechat("oMass"), wx), 7, T.minus(Duration.ofHours(48)),
                    beijing("2026-12-01T00:00")).get(wechat("oMass")).massThisMonth()).isEqualTo(1);
            assertThat(repo.facts(List.of(wechat("oMass")), 7, T, beijing("2027-01-01T00:00"))
                    .get(wechat("oMass")).massThisMonth()).isZero();

            // the digest: one outbox row, both rows queued under its key
            String key = w1.digestKey();
            OutboxMessage digest = new OutboxMessage(Channel.WECHAT, "duofu", "oWait", new Outbound.Text("您有 2 条未读通知"),
                    Optional.of(key));
            assertThat(repo.digest(List.of(w1, w0), key, digest, T.plus(Duration.ofDays(2)))).isTrue();
            assertThat(repo.waiting(wx, 5)).isEmpty();
            assertThat(repo.digest(List.of(w1, w0), key, digest, T.plus(Duration.ofDays(2))))
                    .as("each row once").isFalse();
            assertThat(outbox(h.db())).containsExactly(mass.outboxKey() + " PENDING", key + " PENDING");

            // the outbox sender settles both rows with the one message
            clock.advance(Duration.ofDays(2));
            ChannelSender wechat = m -> SendOutcome.Sent.ok();
            OutboxSender sender = new OutboxSender(h.db().dataSource(), clock, Map.of(Channel.WECHAT, wechat),
                    new OutboxSender.Settings(50, Duration.ofMinutes(2), 2, Duration.ofMinutes(1),
                            Duration.ofHours(1), Duration.ofMillis(250)));
            assertThat(sender.runOnce()).isEqualTo(2);
            Map<String, LedgerEntry> bySeq = new java.util.HashMap<>();
            repo.forEachEntry(id, e -> bySeq.put(e.run() + ":" + e.seq(), e));
            assertThat(bySeq.get("1:0").status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(bySeq.get("2:0").status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(bySeq.get("1:4").status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(repo.settled(id, 1)).isTrue();

            // expiry: too old, or of content no longer sendable
            assertThat(repo.expireWaiting(T.minus(Duration.ofDays(7)), List.of(10L), "digest_expired", T))
                    .isEqualTo(2);
            CampaignCounts c = repo.counts(id, Optional.empty(), Optional.empty()).get(0);
            assertThat(c.waiting()).isZero();
            assertThat(c.sent()).isEqualTo(3);
            assertThat(c.droppedByCode()).isEqualTo(Map.of("digest_expired", 2L));
            assertThat(repo.waitingContents()).isEmpty();
        }
    }
}
