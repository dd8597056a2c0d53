package io.shaozi.core.store;

import io.shaozi.core.testing.MutableClock;
import static io.shaozi.core.ticket.Fixtures.ADMIN;
import static io.shaozi.core.ticket.Fixtures.CADRE;
import static io.shaozi.core.ticket.Fixtures.CGB;
import static io.shaozi.core.ticket.Fixtures.CGB2;
import static io.shaozi.core.ticket.Fixtures.LEADER;
import static io.shaozi.core.ticket.Fixtures.RESIDENT;
import static io.shaozi.core.ticket.Fixtures.RESIDENT_ACTOR;
import static io.shaozi.core.ticket.Fixtures.ZFD;
import static io.shaozi.core.ticket.Fixtures.ZJW;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.ticket.Action;
import io.shaozi.core.ticket.Actor;
import io.shaozi.core.ticket.EscalationScanner;
import io.shaozi.core.ticket.EventType;
import io.shaozi.core.ticket.Fixtures;
import io.shaozi.core.lock.LocalLocks;
import io.shaozi.core.schedule.Schedule;
import io.shaozi.core.schedule.WorkingCalendar;
import io.shaozi.core.testing.Await;
import io.shaozi.core.ticket.OpenRequest;
import io.shaozi.core.ticket.Outcome;
import io.shaozi.nlp.Rating;
import io.shaozi.core.ticket.ReporterNotifier;
import io.shaozi.core.ticket.Reporter;
import io.shaozi.core.ticket.ReturnReason;
import io.shaozi.core.ticket.StaffAlerts;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketEvent;
import io.shaozi.core.ticket.TicketMetrics;
import io.shaozi.core.ticket.TicketQuery;
import io.shaozi.core.ticket.TicketService;
import io.shaozi.core.ticket.TicketStatus;
import io.shaozi.nlp.Urgency;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Ticket store and service against a real database; subclasses pick H2 or PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TicketStoreContract {
    abstract TestDatabases.Engine engine();

    TestDatabases.Handle handle;
    MutableClock clock;
    TicketService service;

    @BeforeAll
    void openDb() {
        handle = TestDatabases.open(engine());
    }

    @AfterAll
    void closeDb() {
        if (handle != null) {
            handle.close();
        }
    }

    @BeforeEach
    void fresh() {
        TestDatabases.clear(handle.db());
        clock = MutableClock.atBeijing("2026-11-30T10:00"); // Monday
        service = newService();
    }

    /** A new service over the same database: what an application restart gives. */
    TicketService newService() {
        return new TicketService(new TicketJdbc(handle.db(), clock), Fixtures.MACHINE, clock, ReporterNotifier.NONE,
                new StaffAlerts(() -> Fixtures.ORG));
    }

    Ticket done(Outcome o) {
        assertThat(o).isInstanceOf(Outcome.Done.class);
        return ((Outcome.Done) o).ticket();
    }

    Outcome act(String number, Action a, Actor actor) {
        return service.act(number, a, actor, OptionalInt.empty());
    }

    List<String> outboxRecipients() {
        List<String> out = new ArrayList<>();
        try (Connection c = handle.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT recipient FROM outbox ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    void assertStoredMatchesReplay(String number) {
        Ticket replayed = Ticket.replay(service.events(number));
        var row = service.search(new TicketQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(number), 1, 5)).items();
        assertThat(row).hasSize(1);
        assertThat(row.get(0)).isEqualTo(io.shaozi.core.ticket.TicketSummary.of(replayed));
    }

    @Test
    void happyPathEveryStepLeavesAnEvent() {
        Ticket t = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        assertThat(t.number()).isEqualTo("202611300001").matches("\\d{10,}");
        assertThat(t.status()).isEqualTo(TicketStatus.DISPATCHED);
        assertThat(t.department()).contains("jd-cgb");
        assertThat(t.community()).contains("110101001001");
        assertThat(t.signDue()).contains(MutableClock.beijing("2026-11-30T12:00"));
        assertThat(t.resolveDue()).contains(MutableClock.beijing("2026-12-03T17:30")); // 物业照明: 3 working days
        assertThat(outboxRecipients()).contains("@jd-cgb");

        t = done(service.act(t.number(), new Action.Accept(""), CGB, OptionalInt.of(t.version())));
        assertThat(t.status()).isEqualTo(TicketStatus.ACCEPTED);
        t = done(act(t.number(), new Action.Progress("已电话联系居民，明日维修", true, List.of()), CGB));
        assertThat(t.contactedAt()).isPresent();
        t = done(act(t.number(), new Action.Resolve("已更换灯泡", List.of("media:photo-1")), CGB));
        assertThat(t.status()).isEqualTo(TicketStatus.RESOLVED);
        t = done(service.rate(t.number(), Rating.UNSATISFIED, "还是不亮", RESIDENT_ACTOR));
        assertThat(t.status()).isEqualTo(TicketStatus.REOPENED);
        assertThat(t.reopens()).isEqualTo(1);
        t = done(act(t.number(), new Action.Accept("重办签收"), CGB));
        t = done(act(t.number(), new Action.Resolve("更换线路", List.of()), CGB));
        t = done(service.rate(t.number(), Rating.SATISFIED, "", RESIDENT_ACTOR));
        assertThat(t.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(t.rating()).contains(Rating.SATISFIED);

        List<TicketEvent> events = service.events(t.number());
        assertThat(events).extracting(TicketEvent::type).containsExactly(EventType.OPENED, EventType.DISPATCHED,
                EventType.ACCEPTED, EventType.PROGRESS, EventType.RESOLVED, EventType.RATED, EventType.ACCEPTED,
                EventType.RESOLVED, EventType.RATED);
        assertThat(events.get(4).attachments()).containsExactly("media:photo-1");
        assertThat(service.find(t.number())).contains(t);
        assertStoredMatchesReplay(t.number());
        assertThat(service.listForReporter(RESIDENT, 10)).extracting(s -> s.number()).containsExactly(t.number());
    }

    @Test
    void concurrentAcceptOnlyOneWins() {
        Ticket t = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        Outcome a = service.act(t.number(), new Action.Accept(""), CGB, OptionalInt.of(t.version()));
        Outcome b = service.act(t.number(), new Action.Accept(""), CGB2, OptionalInt.of(t.version()));
        assertThat(a).isInstanceOf(Outcome.Done.class);
        assertThat(b).isInstanceOf(Outcome.Conflict.class);
        Outcome c = service.act(t.number(), new Action.Accept(""), CGB2, OptionalInt.empty());
        assertThat(c).isInstanceOf(Outcome.Refused.class);
        assertThat(((Outcome.Refused) c).reason()).contains("已签收");
    }

    @Test
    void parallelAcceptsRaceSafely() throws Exception {
        Ticket t = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Outcome>> fs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Actor who = i % 2 == 0 ? CGB : CGB2;
                fs.add(pool.submit(() -> service.act(t.number(), new Action.Accept(""), who, OptionalInt.of(2))));
            }
            int done = 0;
            for (Future<Outcome> f : fs) {
                if (f.get() instanceof Outcome.Done) {
                    done++;
                }
            }
            assertThat(done).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(service.events(t.number())).filteredOn(e -> e.type() == EventType.ACCEPTED).hasSize(1);
    }

    @Test
    void returnsAreCodedCappedArbitratedAndWrongfulTimeIsCharged() {
        Ticket t = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        assertThat(act(t.number(), new Action.Return(ReturnReason.OTHER, ""), CGB)).isInstanceOf(Outcome.Refused.class);
        clock.advance(Duration.ofHours(1));
        t = done(act(t.number(), new Action.Return(ReturnReason.NOT_OUR_DUTY, "路灯属区城管委"), CGB));
        assertThat(t.status()).isEqualTo(TicketStatus.RETURNED);
        assertThat(outboxRecipients()).contains("@jd-lingdao");
        clock.advance(Duration.ofHours(1));
        // the street finds the return wrongful: back to 城管办, clock keeps running from the first dispatch
        t = done(act(t.number(), new Action.Dispatch(Optional.empty(), Optional.empty(), "属街道职责", true), CADRE));
        assertThat(t.department()).contains("jd-cgb");
        assertThat(t.wrongfulMinutes()).isEqualTo(120);
        assertThat(t.returns().get(0).wrongful()).isTrue();
        assertThat(t.signDue()).contains(MutableClock.beijing("2026-11-30T12:00"));
        t = done(act(t.number(), new Action.Return(ReturnReason.NOT_OUR_AREA, ""), CGB));
        assertThat(t.status()).isEqualTo(TicketStatus.ARBITRATION);
        assertThat(act(t.number(), Action.Dispatch.to("jd-zfd"), CADRE)).isInstanceOf(Outcome.Refused.class);
        t = done(act(t.number(), new Action.Dispatch(Optional.of("jd-zfd"), Optional.empty(), "审定：由执法队办理", false), CADRE));
        assertThat(t.status()).isEqualTo(TicketStatus.DISPATCHED);
        Outcome again = act(t.number(), new Action.Return(ReturnReason.NOT_OUR_DUTY, ""), ZFD);
        assertThat(again).isInstanceOf(Outcome.Refused.class);
        assertThat(act(t.number(), new Action.Accept(""), CGB)).isInstanceOf(Outcome.Forbidden.class);
        assertStoredMatchesReplay(t.number());

        var facts = service.repository().facts(clock.instant().minus(Duration.ofDays(1)), clock.instant().plusSeconds(1));
        assertThat(facts.returns()).hasSize(2);
        var rows = new TicketMetrics(Fixtures.SLA.weights(), Fixtures.ORG::name).compute(facts,
                TicketMetrics.Dimension.DEPARTMENT, clock.instant());
        var cgb = rows.stream().filter(r -> r.key().equals("jd-cgb")).findFirst().orElseThrow();
        assertThat(cgb.returns()).isEqualTo(2);
        assertThat(cgb.wrongfulReturns()).isEqualTo(1);
        assertThat(cgb.lostMinutes()).isEqualTo(120);
    }

    /** Tickets the {@code ticket_count} cells hold for {@code category} (all shards), optionally one status/department. */
    long cells(String category, String status, String department) {
        try (Connection c = handle.db().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(SUM(n), 0) FROM ticket_count WHERE category = ? AND (? = '' OR status = ?)"
                        + " AND (? = '' OR department = ?)")) {
            ps.setString(1, category);
            ps.setString(2, status);
            ps.setString(3, status);
            ps.setString(4, department);
            ps.setString(5, department);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    static TicketQuery byCategory(String category) {
        return new TicketQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(category),
                Optional.empty(), Optional.empty(), 1, 20);
    }

    /** The {@code ticket} row's category, subcategory and version. */
    List<String> row(String number) {
        try (Connection c = handle.db().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT category, subcategory, version FROM ticket WHERE number = ?")) {
            ps.setString(1, number);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return java.util.Arrays.asList(rs.getString(1), rs.getString(2), Integer.toString(rs.getInt(3)));
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Test
    void correctingTheCategory_movesTheRowItsCountCellListsAndMetrics() {
        Ticket a = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        Ticket b = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        assertThat(cells("城乡建设", "", "")).isEqualTo(2);
        assertThat(cells("交通运输", "", "")).isZero();
        assertThat(row(a.number())).containsExactly("城乡建设", "物业照明", "2");

        // 类别更正: the row and its cell move, status and department stay
        Ticket corrected = done(service.act(a.number(), new Action.Recategorize("交通运输", "市政道路"), CADRE,
                OptionalInt.of(a.version())));
        assertThat(corrected.version()).isEqualTo(a.version() + 1);
        assertThat(row(a.number())).containsExactly("交通运输", null, "3");
        assertThat(cells("城乡建设", "", "")).isEqualTo(1);
        assertThat(cells("交通运输", "DISPATCHED", "jd-cgb")).isEqualTo(1);
        assertStoredMatchesReplay(a.number());
        assertThat(service.events(a.number())).last().extracting(TicketEvent::type).isEqualTo(EventType.RECATEGORIZED);
        // the version the caller saw is honoured: a stale one changes nothing
        assertThat(service.act(a.number(), new Action.Recategorize("环境保护", ""), CADRE, OptionalInt.of(a.version())))
                .isInstanceOf(Outcome.Conflict.class);
        assertThat(row(a.number())).containsExactly("交通运输", null, "3");

        TicketQuery byNew = byCategory("交通运输");
        assertThat(service.search(byNew).total()).isEqualTo(1);
        assertThat(service.search(byNew).items()).extracting(io.shaozi.core.ticket.TicketSummary::number)
                .containsExactly(a.number());
        assertThat(service.search(byCategory("城乡建设")).items())
                .extracting(io.shaozi.core.ticket.TicketSummary::number).containsExactly(b.number());

        // 改派 with a new category: both events in one change (one version check), routed by the new category
        Ticket moved = done(service.act(b.number(), new Action.Dispatch(Optional.empty(), Optional.empty(), "归交通委",
                false, Optional.of("交通运输")), LEADER, OptionalInt.of(b.version())));
        assertThat(moved.version()).isEqualTo(b.version() + 2);
        assertThat(moved.department()).contains("qu-jtw");
        assertThat(service.events(b.number())).extracting(TicketEvent::type).endsWith(EventType.RECATEGORIZED,
                EventType.DISPATCHED);
        assertThat(row(b.number())).containsExactly("交通运输", null, "4");
        assertThat(cells("城乡建设", "", "")).isZero();
        assertThat(cells("交通运输", "", "")).isEqualTo(2);
        assertThat(cells("交通运输", "DISPATCHED", "qu-jtw")).isEqualTo(1);
        assertThat(cells("交通运输", "DISPATCHED", "jd-cgb")).isEqualTo(1);
        assertStoredMatchesReplay(b.number());
        assertThat(service.search(byNew).total()).isEqualTo(2);

        // a closed ticket's category can still be corrected: the statistics follow
        Ticket c = done(act(a.number(), new Action.Accept(""), CGB));
        c = done(act(c.number(), new Action.Resolve("已修复", List.of()), CGB));
        c = done(act(c.number(), new Action.Rate(Rating.SATISFIED, ""), RESIDENT_ACTOR));
        assertThat(c.status()).isEqualTo(TicketStatus.CLOSED);
        done(act(c.number(), new Action.Recategorize("环境保护", ""), CADRE));
        assertThat(cells("环境保护", "CLOSED", "jd-cgb")).isEqualTo(1);
        assertThat(cells("交通运输", "CLOSED", "")).isZero();
        assertStoredMatchesReplay(c.number());

        var rows = new TicketMetrics(Fixtures.SLA.weights(), Fixtures.ORG::name).compute(
                service.repository().facts(clock.instant().minus(Duration.ofDays(1)), clock.instant().plusSeconds(1)),
                TicketMetrics.Dimension.CATEGORY, clock.instant());
        assertThat(rows.stream().filter(r -> r.total() > 0).map(r -> r.key() + "=" + r.total()).sorted().toList())
                .containsExactly("交通运输=1", "环境保护=1");
    }

    @Test
    void whistleSummonsDepartmentsAndMissingReportCountsAgainstThem() {
        Ticket t = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        t = done(act(t.number(), new Action.Whistle(List.of("jd-zfd", "qu-zjw"), Optional.empty(), "楼体外墙隐患"), CADRE));
        assertThat(t.status()).isEqualTo(TicketStatus.WHISTLED);
        assertThat(t.summons()).hasSize(2);
        assertThat(outboxRecipients()).contains("@jd-zfd", "@qu-zjw");
        // NORMAL: 报到 by close of the next working day
        assertThat(t.summons().get(0).dueAt()).isEqualTo(MutableClock.beijing("2026-12-01T17:30"));
        assertThat(act(t.number(), new Action.Report("qu-zjw", Optional.empty(), Optional.empty(), ""), ZFD))
                .isInstanceOf(Outcome.Forbidden.class);
        clock.advance(Duration.ofHours(2));
        t = done(act(t.number(), new Action.Report("jd-zfd", Optional.of("多福巷12号"), Optional.of("media:p1"), "到场"), ZFD));
        assertThat(t.summonsOf("jd-zfd").orElseThrow().punctual()).isTrue();
        clock.setBeijing("2026-12-01T17:31");
        EscalationScanner scanner = new EscalationScanner(newService(), new LocalLocks(clock));
        scanner.scanOnce();
        t = service.find(t.number()).orElseThrow();
        assertThat(t.summonsOf("qu-zjw").orElseThrow().missed()).isTrue();
        assertThat(t.overdue()).isTrue();
        t = done(act(t.number(), new Action.Report("qu-zjw", Optional.empty(), Optional.empty(), "迟到"), ZJW));
        assertThat(t.summonsOf("qu-zjw").orElseThrow().punctual()).isFalse();
        t = done(act(t.number(), new Action.Accept(""), CGB));
        assertThat(t.status()).isEqualTo(TicketStatus.WHISTLED);
        t = done(act(t.number(), new Action.Resolve("联合处置完毕", List.of()), CGB));
        assertThat(t.status()).isEqualTo(TicketStatus.RESOLVED);
        var rows = new TicketMetrics(Fixtures.SLA.weights(), Fixtures.ORG::name).compute(
                service.repository().facts(clock.instant().minus(Duration.ofDays(5)), clock.instant()),
                TicketMetrics.Dimension.DEPARTMENT, clock.instant());
        var zjw = rows.stream().filter(r -> r.key().equals("qu-zjw")).findFirst().orElseThrow();
        assertThat(zjw.summoned()).isEqualTo(1);
        assertThat(zjw.punctuality()).isZero();
        var zfd = rows.stream().filter(r -> r.key().equals("jd-zfd")).findFirst().orElseThrow();
        assertThat(zfd.punctuality()).isEqualTo(1.0);
        assertStoredMatchesReplay(t.number());
    }

    private io.shaozi.core.dialog.NearDuplicates nearDuplicates(int maxEntries) {
        return new io.shaozi.core.dialog.NearDuplicates(service, clock, new io.shaozi.core.dialog.NearDuplicates.Settings(
                java.time.Duration.ofDays(7), java.time.Duration.ZERO, java.time.Duration.ofSeconds(10), maxEntries));
    }

    private static final String LIGHT = "多福巷12号楼前路灯不亮一周了 东城区多福巷12号";

    @Test
    void nearDuplicates_findTicketsOpenedByAnotherInstanceAndAfterARestart() {
        var first = nearDuplicates(1_000);
        assertThat(first.similar(LIGHT, Optional.of("东城区多福巷12号"), 0.55)).isEmpty();
        Ticket t = service.open(Fixtures.streetLight(), RESIDENT_ACTOR); // opened elsewhere: not told to `first`
        assertThat(first.similar(LIGHT, Optional.of("东城区多福巷12号"), 0.55)).extracting(m -> m.id())
                .containsExactly(t.number());
        var restarted = nearDuplicates(1_000);
        assertThat(restarted.similar("多福巷12号楼路灯不亮 东城区多福巷12号", Optional.of("东城区多福巷12号"), 0.55))
                .extracting(m -> m.id()).containsExactly(t.number());
        assertThat(restarted.similar(LIGHT, Optional.of("朝阳区幸福里3号"), 0.55)).as("another place").isEmpty();
    }

    @Test
    void nearDuplicates_forgetTicketsNoLongerOpenOrOutsideTheWindow() {
        Ticket withdrawn = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        var near = nearDuplicates(1_000);
        assertThat(near.similar(LIGHT, Optional.empty(), 0.55)).hasSize(1);
        assertThat(service.withdraw(withdrawn.number(), "已自行解决", RESIDENT_ACTOR)).isInstanceOf(Outcome.Done.class);
        clock.advance(java.time.Duration.ofSeconds(5)); // the withdrawal is read with the tickets opened since
        assertThat(near.similar(LIGHT, Optional.empty(), 0.55)).as("withdrawn").isEmpty();
        assertThat(near.size()).isZero();
        Ticket old = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        assertThat(near.similar(LIGHT, Optional.empty(), 0.55)).extracting(m -> m.id()).containsExactly(old.number());
        clock.advance(java.time.Duration.ofDays(2));
        Ticket lateClosed = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        assertThat(near.similar(LIGHT, Optional.empty(), 0.55)).hasSize(2);
        clock.advance(java.time.Duration.ofHours(3));
        assertThat(service.withdraw(lateClosed.number(), "重复", RESIDENT_ACTOR)).isInstanceOf(Outcome.Done.class);
        assertThat(near.similar(LIGHT, Optional.empty(), 0.55)).as("withdrawn hours after opening")
                .extracting(m -> m.id()).containsExactly(old.number());
        assertThat(near.size()).isEqualTo(1);
        clock.advance(java.time.Duration.ofDays(6));
        assertThat(near.similar(LIGHT, Optional.empty(), 0.55)).as("older than the window").isEmpty();
        assertThat(near.size()).isZero();
        assertThat(nearDuplicates(1_000).similar(LIGHT, Optional.empty(), 0.55)).isEmpty();
    }

    @Test
    void nearDuplicates_holdAtMostTheirLimit_newestKept() {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(java.time.Duration.ofMinutes(1));
            numbers.add(service.open(Fixtures.streetLight(), RESIDENT_ACTOR).number());
        }
        var near = nearDuplicates(3);
        assertThat(near.similar(LIGHT, Optional.empty(), 0.55)).extracting(m -> m.id())
                .containsExactlyInAnyOrderElementsOf(numbers.subList(2, 5));
        assertThat(near.size()).isEqualTo(3);
    }

    /**
     * The store returns requests in any order (PostgreSQL's IN lookup gave newest-first once in CI): the held set still
     * keeps the newest. The repository here is the real one with only the order of {@code requests} reversed.
     */
    @Test
    void nearDuplicates_keepNewest_whateverOrderRequestsComeBackIn() {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(java.time.Duration.ofMinutes(1));
            numbers.add(service.open(Fixtures.streetLight(), RESIDENT_ACTOR).number());
        }
        io.shaozi.core.ticket.TicketRepository real = new TicketJdbc(handle.db(), clock);
        io.shaozi.core.ticket.TicketRepository reversed = (io.shaozi.core.ticket.TicketRepository)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {io.shaozi.core.ticket.TicketRepository.class}, (proxy, method, args) -> {
                            Object got;
                            try {
                                got = method.invoke(real, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                            if (method.getName().equals("requests")) {
                                List<?> l = new ArrayList<>((List<?>) got);
                                java.util.Collections.reverse(l);
                                return l;
                            }
                            return got;
                        });
        TicketService over = new TicketService(reversed, Fixtures.MACHINE, clock, ReporterNotifier.NONE,
                new StaffAlerts(() -> Fixtures.ORG));
        var near = new io.shaozi.core.dialog.NearDuplicates(over, clock, new io.shaozi.core.dialog.NearDuplicates.Settings(
                java.time.Duration.ofDays(7), java.time.Duration.ZERO, java.time.Duration.ofSeconds(10), 3));
        assertThat(near.similar(LIGHT, Optional.empty(), 0.55)).extracting(m -> m.id())
                .containsExactlyInAnyOrderElementsOf(numbers.subList(2, 5));
    }

    /**
     * Many workers opening tickets in the same count cells while others act on open tickets (the chaos run's load:
     * every opening and every change bumps the same few ticket_count rows): everything finishes, every opening is
     * stored once and the counts add up.
     */
    @Test
    void concurrentOpeningsAndActions_allFinish_andCountsAddUp() throws Exception {
        int threads = 12;
        int perThread = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.ConcurrentLinkedQueue<String> opened = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            work.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    Reporter r = new Reporter("wechat", "gh", "u-" + id + "-" + i, "", "");
                    Ticket tk = service.open(new OpenRequest(r, "多福巷" + id + "号楼前路灯不亮了" + i, "城乡建设",
                            Optional.of("物业照明"), Urgency.NORMAL, "东城区多福巷" + id + "号", Optional.empty(), List.of(),
                            Optional.of("k-" + id + "-" + i)), Actor.resident(r));
                    opened.add(tk.number());
                    String other = opened.stream().skip(Math.max(0, opened.size() - 1 - (i % 5))).findFirst()
                            .orElse(tk.number());
                    service.act(other, new Action.Accept(""), CGB, OptionalInt.empty()); // may be refused: fine
                }
                return null;
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES))
                .as("no transaction waits forever").isTrue();
        for (java.util.concurrent.Future<?> f : work) {
            f.get();
        }
        assertThat(opened).hasSize(threads * perThread).doesNotHaveDuplicates();
        assertThat(service.search(new TicketQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 1, 5)).total()).isEqualTo(threads * perThread);
    }

    @Test
    void mergedReportersFollowTheMaster() {
        Ticket master = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        Reporter other = new Reporter("wecom", "gov", "u-77", "张先生", "13700001111");
        Ticket dup = service.open(new OpenRequest(other, "多福巷路灯坏了", "城乡建设", Optional.of("物业照明"), Urgency.NORMAL,
                "多福巷", Optional.empty(), List.of(), Optional.empty()), Actor.resident(other));
        assertThat(act(dup.number(), new Action.Merge(dup.number(), ""), CADRE)).isInstanceOf(Outcome.Refused.class);
        dup = done(act(dup.number(), new Action.Merge(master.number(), "同一路灯"), CADRE));
        assertThat(dup.status()).isEqualTo(TicketStatus.MERGED);
        assertThat(dup.master()).contains(master.number());
        master = service.find(master.number()).orElseThrow();
        assertThat(master.followers()).extracting(Reporter::key).containsExactly(other.key());
        assertThat(master.merged()).containsExactly(dup.number());
        assertThat(service.listForReporter(other, 10)).extracting(s -> s.number())
                .containsExactlyInAnyOrder(master.number(), dup.number());
        // followers may rate the master
        master = done(act(master.number(), new Action.Accept(""), CGB));
        master = done(act(master.number(), new Action.Resolve("已修复", List.of()), CGB));
        master = done(service.rate(master.number(), Rating.BASICALLY_SATISFIED, "", Actor.resident(other)));
        assertThat(master.status()).isEqualTo(TicketStatus.CLOSED);
    }

    @Test
    void extensionNeedsApprovalAndWithdrawByResident() {
        Ticket t = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        t = done(act(t.number(), new Action.Accept(""), CGB));
        assertThat(act(t.number(), new Action.Extend(3, "需协调物业", Optional.of(true)), CADRE)).isInstanceOf(Outcome.Refused.class);
        t = done(act(t.number(), new Action.Extend(3, "需协调物业", Optional.empty()), CGB));
        assertThat(t.extensionRequested()).contains(3);
        assertThat(act(t.number(), new Action.Extend(3, "", Optional.of(true)), CGB)).isInstanceOf(Outcome.Forbidden.class);
        t = done(act(t.number(), new Action.Extend(0, "同意", Optional.of(true)), LEADER()));
        assertThat(t.resolveDue()).contains(MutableClock.beijing("2026-12-08T17:30"));
        assertThat(t.extendedDays()).isEqualTo(3);
        Reporter stranger = new Reporter("wechat", "sz", "oOther", "", "");
        assertThat(service.withdraw(t.number(), "不需要了", Actor.resident(stranger))).isInstanceOf(Outcome.Forbidden.class);
        t = done(service.withdraw(t.number(), "已自行解决", RESIDENT_ACTOR));
        assertThat(t.status()).isEqualTo(TicketStatus.WITHDRAWN);
        assertThat(service.urge(t.number(), "", RESIDENT_ACTOR)).isInstanceOf(Outcome.Refused.class);
    }

    private static Actor LEADER() {
        return Fixtures.LEADER;
    }

    @Test
    void breachFoundAfterRestartIdempotentAndEscalated() {
        Ticket t = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        int outboxBefore = outboxRecipients().size();
        // "restart": a new service, repository and scanner over the same database; nothing held in memory
        clock.setBeijing("2026-11-30T12:01");
        TicketService restarted = newService();
        EscalationScanner scanner = new EscalationScanner(restarted, new LeaseLocksJdbc(handle.db(), clock, "node-a"));
        EscalationScanner.Pass p = scanner.scanOnce();
        assertThat(p.ran()).isTrue();
        assertThat(p.changed()).isEqualTo(1);
        Ticket after = restarted.find(t.number()).orElseThrow();
        assertThat(after.overdue()).isTrue();
        assertThat(after.escalation()).isEqualTo(1);
        List<String> alerts = outboxRecipients().subList(outboxBefore, outboxRecipients().size());
        assertThat(alerts).contains("@jd-lingdao", "@jd-cgb");
        // idempotent: a second pass (or a second instance) changes nothing
        assertThat(scanner.scanOnce().changed()).isZero();
        EscalationScanner other = new EscalationScanner(newService(), new LeaseLocksJdbc(handle.db(), clock, "node-b"));
        assertThat(other.scanOnce().changed()).isZero();
        int outboxAfter = outboxRecipients().size();
        // next day 10:00: contact deadline (24 h) passes
        clock.setBeijing("2026-12-01T10:00");
        scanner.scanOnce();
        // still overdue one working day after the breach: district escalation
        clock.setBeijing("2026-12-01T17:31");
        scanner.scanOnce();
        Ticket escalated = service.find(t.number()).orElseThrow();
        assertThat(escalated.escalation()).isEqualTo(2);
        assertThat(outboxRecipients().subList(outboxAfter, outboxRecipients().size())).contains("@qu-jiesujiban");
        assertThat(service.events(t.number())).extracting(TicketEvent::type)
                .containsSubsequence(EventType.OVERDUE, EventType.OVERDUE, EventType.ESCALATED);
        assertStoredMatchesReplay(t.number());
    }

    @Test
    void scannerOnTheScheduler_escalatesAnOverdueTicketOnce() throws Exception {
        Ticket t = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        int outboxBefore = outboxRecipients().size();
        AtomicInteger passes = new AtomicInteger();
        // two instances, each with its scanner registered as the recurring job, as Wiring does
        try (JobsJdbc a = scannerJobs("node-a", passes); JobsJdbc b = scannerJobs("node-b", passes)) {
            a.start();
            b.start();
            Await.until("the first pass is stored", () -> JobsJdbcTest.waitsForLater(handle.db(), EscalationScanner.JOB,
                    clock));
            clock.setBeijing("2026-11-30T12:01"); // the sign deadline (12:00) has passed
            Await.until("a pass ran", () -> passes.get() == 1
                    && JobsJdbcTest.waitsForLater(handle.db(), EscalationScanner.JOB, clock));
            for (int i = 0; i < 3; i++) { // more passes, on either instance: nothing more happens
                int before = passes.get();
                clock.advance(Duration.ofMinutes(1));
                Await.until("another pass", () -> passes.get() > before
                        && JobsJdbcTest.waitsForLater(handle.db(), EscalationScanner.JOB, clock));
            }
        }
        assertThat(passes.get()).isEqualTo(4);
        Ticket after = service.find(t.number()).orElseThrow();
        assertThat(after.overdue()).isTrue();
        assertThat(after.escalation()).isEqualTo(1);
        assertThat(service.events(t.number())).extracting(TicketEvent::type).filteredOn(EventType.OVERDUE::equals)
                .hasSize(1);
        List<String> alerts = outboxRecipients().subList(outboxBefore, outboxRecipients().size());
        assertThat(alerts).containsOnlyOnce("@jd-lingdao", "@jd-cgb");
        assertStoredMatchesReplay(t.number());
    }

    private JobsJdbc scannerJobs(String node, AtomicInteger passes) {
        JobsJdbc jobs = new JobsJdbc(handle.db(), clock, WorkingCalendar.mondayToFriday(), JobsJdbcTest.FAST, node);
        EscalationScanner scanner = new EscalationScanner(newService(), new LeaseLocksJdbc(handle.db(), clock, node));
        jobs.recurring(EscalationScanner.JOB, Schedule.every(Duration.ofMinutes(1)), due -> {
            if (scanner.scanOnce().ran()) {
                passes.incrementAndGet();
            }
        });
        return jobs;
    }

    @Test
    void leasesAreExclusiveExpireAndRelease() {
        LeaseLocksJdbc a = new LeaseLocksJdbc(handle.db(), clock, "node-a");
        LeaseLocksJdbc b = new LeaseLocksJdbc(handle.db(), clock, "node-b");
        var held = a.tryAcquire("job", Duration.ofMinutes(5));
        assertThat(held).isPresent();
        assertThat(b.tryAcquire("job", Duration.ofMinutes(5))).isEmpty();
        assertThat(a.tryAcquire("job", Duration.ofMinutes(5))).as("not re-entrant").isEmpty();
        assertThat(b.tryAcquire("other", Duration.ofMinutes(5))).isPresent();
        clock.advance(Duration.ofMinutes(6)); // the holder died: the lease expires
        var taken = b.tryAcquire("job", Duration.ofMinutes(5));
        assertThat(taken).isPresent();
        assertThat(held.get().renew(Duration.ofMinutes(5))).as("lost lease cannot be renewed").isFalse();
        held.get().close(); // closing a lost lease does not release the new holder's
        assertThat(a.tryAcquire("job", Duration.ofMinutes(5))).isEmpty();
        taken.get().close();
        assertThat(a.tryAcquire("job", Duration.ofMinutes(5))).isPresent();
        // a scanner whose lease is held elsewhere does not run
        assertThat(new EscalationScanner(newService(), b).scanOnce().ran()).isTrue();
        var blocker = b.tryAcquire("ticket-escalation-scanner", Duration.ofMinutes(5));
        assertThat(blocker).isPresent();
        assertThat(new EscalationScanner(newService(), a).scanOnce().ran()).isFalse();
        LocalLocks local = new LocalLocks(clock);
        var l1 = local.tryAcquire("x", Duration.ofSeconds(30));
        assertThat(local.tryAcquire("x", Duration.ofSeconds(30))).isEmpty();
        l1.orElseThrow().close();
        assertThat(local.tryAcquire("x", Duration.ofSeconds(30))).isPresent();
    }

    @Test
    void actionsWithoutAVersionRetryOverConcurrentChanges() throws Exception {
        Ticket t = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        done(act(t.number(), new Action.Accept(""), CGB));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Outcome>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(pool.submit(() -> service.urge(t.number(), "请尽快处理", RESIDENT_ACTOR)));
            }
            for (Future<Outcome> f : fs) {
                assertThat(f.get()).isInstanceOf(Outcome.Done.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(service.find(t.number()).orElseThrow().urges()).isEqualTo(8);
    }

    @Test
    void unratedTicketsCloseAfterTheWindow() {
        Ticket t = service.open(Fixtures.streetLight(), RESIDENT_ACTOR);
        done(act(t.number(), new Action.Accept(""), CGB));
        done(act(t.number(), new Action.Resolve("已修复", List.of()), CGB));
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        new EscalationScanner(newService(), new LocalLocks(clock)).scanOnce();
        Ticket closed = service.find(t.number()).orElseThrow();
        assertThat(closed.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(closed.rating()).contains(Rating.UNRATED);
    }

    @Test
    void numbersAreUniqueUnderConcurrencyAndOpenIsIdempotentPerMessage() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> numbers = new HashSet<>();
        try {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                TicketService s = i % 2 == 0 ? service : newService();
                fs.add(pool.submit(() -> s.open(Fixtures.streetLight(), RESIDENT_ACTOR).number()));
            }
            for (Future<String> f : fs) {
                numbers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(numbers).hasSize(40).allMatch(n -> n.matches("20261130\\d{4}"));
        OpenRequest keyed = new OpenRequest(RESIDENT, "噪音", "环境保护", Optional.of("噪声扰民"), Urgency.URGENT, "韶九胡同",
                Optional.empty(), List.of(), Optional.of("wechat:sz:msg-1"));
        Ticket a = service.open(keyed, RESIDENT_ACTOR);
        Ticket b = service.open(keyed, RESIDENT_ACTOR);
        assertThat(b.number()).isEqualTo(a.number());
        assertThat(a.department()).contains("jd-zfd");
        assertThat(a.community()).contains("110101001002");
    }

    @Test
    void unroutableWaitsForManualDispatchAndListFilters() {
        Reporter r = RESIDENT;
        Ticket t = service.open(new OpenRequest(r, "咨询", "城乡建设", Optional.empty(), Urgency.NORMAL, "外地", Optional.empty(),
                List.of(), Optional.empty()), RESIDENT_ACTOR);
        assertThat(t.status()).isEqualTo(TicketStatus.DISPATCHED); // 城乡建设 → 城管办 even without a community
        assertThat(t.community()).isEmpty();
        Ticket edu = service.open(new OpenRequest(r, "学校门口拥堵", "交通运输", Optional.empty(), Urgency.EMERGENCY,
                "正义路", Optional.empty(), List.of(), Optional.empty()), RESIDENT_ACTOR);
        assertThat(edu.department()).contains("qu-jtw");
        assertThat(edu.signDue()).contains(clock.instant().plus(Duration.ofMinutes(30)));
        var page = service.search(TicketQuery.all().withDepartment("qu-jtw"));
        assertThat(page.total()).isEqualTo(1);
        assertThat(page.items().get(0).number()).isEqualTo(edu.number());
        var byText = service.search(new TicketQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("拥堵"), 1, 10));
        assertThat(byText.total()).isEqualTo(1);
        var none = service.search(new TicketQuery(Optional.of(TicketStatus.CLOSED), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(true), Optional.of("100%_"), 1, 10));
        assertThat(none.total()).isZero();
        assertThat(ADMIN.role().seesPhone()).isTrue();
    }

    List<String> textSearch(String q) {
        var page = service.search(new TicketQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(q), 1, 50));
        assertThat(page.exact()).isTrue();
        assertThat(page.total()).isEqualTo(page.items().size());
        return page.items().stream().map(io.shaozi.core.ticket.TicketSummary::number).sorted().toList();
    }

    void sql(String statement) {
        try (Connection c = handle.db().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Test
    void textSearchUsesTheGramIndexAndStaysExact() {
        Reporter r = RESIDENT;
        Ticket lamp = service.open(new OpenRequest(r, "小区路灯不亮, 晚上很黑", "城乡建设", Optional.empty(), Urgency.NORMAL,
                "东城区多福巷 12号", Optional.empty(), List.of(), Optional.empty()), RESIDENT_ACTOR);
        Ticket noise = service.open(new OpenRequest(r, "夜间施工噪音 100%_扰民\\", "环境保护", Optional.empty(), Urgency.NORMAL,
                "正义路 WiFi 大厦", Optional.empty(), List.of(), Optional.empty()), RESIDENT_ACTOR);
        Ticket road = service.open(new OpenRequest(r, "路面破损", "交通运输", Optional.empty(), Urgency.NORMAL,
                "东城区正义路", Optional.empty(), List.of(), Optional.empty()), RESIDENT_ACTOR);
        List<String> all = java.util.stream.Stream.of(lamp, noise, road).map(Ticket::number).sorted().toList();
        for (int pass = 0; pass < 3; pass++) { // 0: indexed on open; 1: before the backfill (LIKE); 2: after it
            if (pass == 1) {
                sql("DELETE FROM ticket_gram"); // as if the tickets had been opened before V13
                sql("UPDATE ticket_gram_state SET last_number = '', done = FALSE");
                service = newService();
                assertThat(new TicketJdbc(handle.db(), clock).textIndexPending()).isTrue();
            } else if (pass == 2) {
                TicketJdbc repo = new TicketJdbc(handle.db(), clock);
                assertThat(repo.indexTextBatch(1)).isEqualTo(1); // resumable, one ticket at a time
                assertThat(repo.textIndexPending()).isTrue();
                // the rest of the bigrams, sparse grams, digit windows, digit triples, anchored grams
                assertThat(repo.indexText()).isEqualTo(2 + 3 + 3 + 3 + 3);
                assertThat(repo.textIndexPending()).isFalse();
                assertThat(repo.indexText()).isZero();
                service = newService();
            }
            assertThat(textSearch("路灯")).containsExactly(lamp.number());
            assertThat(textSearch("灯不亮")).containsExactly(lamp.number());
            assertThat(textSearch("不亮, 晚上")).containsExactly(lamp.number()); // spans punctuation and a space
            assertThat(textSearch("多福巷 12")).containsExactly(lamp.number()); // address, across the space
            assertThat(textSearch("正义路")).containsExactly(noise.number(), road.number());
            assertThat(textSearch("wifi")).isEmpty(); // LIKE is exact (case-sensitive)
            assertThat(textSearch("WiFi 大厦")).containsExactly(noise.number());
            assertThat(textSearch("东城区")).containsExactly(lamp.number(), road.number());
            assertThat(textSearch("路")).containsExactly(all.toArray(String[]::new)); // one character: LIKE only
            assertThat(textSearch("燃气泄漏")).isEmpty();
            assertThat(textSearch("路灯破损")).isEmpty(); // every gram present, the text is not
            assertThat(textSearch("亮晚")).isEmpty(); // the grams span "亮, 晚" but the text does not
            assertThat(textSearch("100%_")).containsExactly(noise.number());
            assertThat(textSearch("100%")).containsExactly(noise.number());
            assertThat(textSearch("10_%")).isEmpty();
            assertThat(textSearch("%_")).containsExactly(noise.number()); // no letters or digits: LIKE only
            assertThat(textSearch("_扰民\\")).containsExactly(noise.number());
            assertThat(textSearch("\\")).containsExactly(noise.number());
            assertThat(textSearch("%%")).isEmpty();
            assertThat(textSearch("音 10")).containsExactly(noise.number());
            var filtered = service.search(new TicketQuery(Optional.empty(), Optional.of("qu-jtw"), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of("正义路"), 1, 10));
            assertThat(filtered.items()).extracting(io.shaozi.core.ticket.TicketSummary::number).containsExactly(road.number());
        }
    }

    @Test
    void search_findsRareTextMadeOfCommonGrams() {
        // house numbers and request numbers: every bigram of "胡同7号" or "内容123456" is in every ticket
        List<Ticket> opened = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            opened.add(service.open(OpenRequest.of(RESIDENT, "诉求内容" + (1_203_456 + 1_111 * i) + "，同7，7号，123，234，345，456",
                    "城乡建设", Urgency.NORMAL, "东城区某胡同" + (i % 12) + "号"), RESIDENT_ACTOR));
        }
        Ticket needle = service.open(OpenRequest.of(RESIDENT, "诉求内容123456", "城乡建设", Urgency.NORMAL, "东城区某胡同1号"),
                RESIDENT_ACTOR);
        opened.add(needle);
        assertThat(TextGrams.grams("胡同7号", "内容123456")).allSatisfy(g -> assertThat(postings(g)).isGreaterThanOrEqualTo(8));
        // a candidate limit of 8: every bigram counts as common, only the sparse grams keep the candidates few
        for (TicketJdbc repo : List.of(new TicketJdbc(handle.db().dataSource(), clock, 8), new TicketJdbc(handle.db(), clock))) {
            for (String q : List.of("胡同7号", "胡同11号", "内容123456", "胡同13号", "内容1234", "容12", "17号", "3456", "某胡同1号",
                    "20345", "内容1214567", "04567", "5678", "内容120", "内容121", "345", "456", "120", "内容12", "999", "7号，123",
                    "号，123", "3456，同", "456，同7", "容1203", "内容1204", "456同")) {
                var page = repo.search(new TicketQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.of(q), 1, 50));
                List<String> expected = opened.stream().filter(t -> t.text().contains(q) || t.place().contains(q))
                        .map(Ticket::number).sorted(java.util.Comparator.reverseOrder()).toList();
                assertThat(page.items()).as(q).extracting(io.shaozi.core.ticket.TicketSummary::number)
                        .containsExactlyElementsOf(expected);
                assertThat(page.total()).as(q).isEqualTo(expected.size());
            }
            for (String q : List.of("内容121", "345", "120")) { // pages of 3: a scan that stops early, then the candidates
                List<String> expected = opened.stream().filter(t -> t.text().contains(q) || t.place().contains(q))
                        .map(Ticket::number).sorted(java.util.Comparator.reverseOrder()).toList();
                for (int p = 1; (p - 1) * 3 <= expected.size(); p++) {
                    var page = repo.search(new TicketQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                            Optional.empty(), Optional.empty(), Optional.of(q), p, 3));
                    assertThat(page.items()).as(q + " page " + p).extracting(io.shaozi.core.ticket.TicketSummary::number)
                            .containsExactlyElementsOf(expected.subList((p - 1) * 3, Math.min(p * 3, expected.size())));
                }
            }
            var onlyNeedle = repo.search(new TicketQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of("内容123456"), 1, 50));
            assertThat(onlyNeedle.items()).extracting(io.shaozi.core.ticket.TicketSummary::number)
                    .containsExactly(needle.number(), opened.get(28).number()); // 内容1234564
            var filtered = repo.search(new TicketQuery(Optional.of(TicketStatus.CLOSED), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of("胡同7号"), 1, 50));
            assertThat(filtered.total()).isZero();
        }
    }

    long postings(String gram) {
        try (Connection c = handle.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ticket_gram WHERE gram = ?")) {
            ps.setString(1, gram);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** One opening through {@link TicketJdbc#open} on its own thread, as {@link TicketService#open} writes it. */
    private static final class Opening {
        final List<String> ranOn = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        final Thread thread;

        Opening(TicketJdbc repo, MutableClock clock, String text, Optional<String> key,
                java.util.concurrent.CountDownLatch gate) {
            OpenRequest req = new OpenRequest(RESIDENT, text, "城乡建设", Optional.of("物业照明"), Urgency.NORMAL,
                    "东城区多福巷12号", Optional.empty(), List.of(), Optional.empty());
            thread = new Thread(() -> {
                try {
                    outcome.set(repo.open(java.time.LocalDate.of(2026, 11, 30), (tx, number) -> {
                        ranOn.add(Thread.currentThread().getName());
                        try {
                            gate.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        var a = Fixtures.MACHINE.open(number, req, RESIDENT_ACTOR, clock.instant());
                        tx.insert(a.ticket(), a.events());
                        key.ifPresent(k -> tx.rememberKey(k, number));
                        return a.ticket().number();
                    }));
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            }, "opening-" + text);
            thread.start();
        }

        String number() {
            assertThat(outcome.get()).isInstanceOf(String.class);
            return (String) outcome.get();
        }
    }

    /**
     * Starts openings A and B, whose work waits for {@code gate}: they hold both writers' places (on H2, whose ticket
     * transactions run one at a time, the second waits for the first's lock).
     */
    private List<Opening> busyWriters(TicketJdbc repo, java.util.concurrent.CountDownLatch gate) throws Exception {
        List<Opening> busy = List.of(new Opening(repo, clock, "A 路灯不亮", Optional.empty(), gate),
                new Opening(repo, clock, "B 路灯不亮", Optional.empty(), gate));
        Await.until("both writers busy", () -> busy.stream().anyMatch(o -> o.ranOn.size() == 1)
                && busy.stream().allMatch(o -> o.ranOn.size() == 1 || (engine() == TestDatabases.Engine.H2
                        && o.thread.getState() == Thread.State.WAITING)));
        return busy;
    }

    private static void awaitQueued(List<Opening> queued) throws Exception {
        Await.until("openings queued behind the busy writers", () -> queued.stream().allMatch(
                o -> o.thread.getState() == Thread.State.TIMED_WAITING || o.thread.getState() == Thread.State.WAITING));
    }

    @Test
    void openings_queuedBehindBusyWriters_shareOneTransaction() throws Exception {
        TicketJdbc repo = new TicketJdbc(handle.db(), clock);
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        List<Opening> busy = busyWriters(repo, gate);
        List<Opening> queued = List.of(new Opening(repo, clock, "C 路灯不亮", Optional.of("key-c"), gate),
                new Opening(repo, clock, "D 路灯不亮", Optional.of("key-d"), gate),
                new Opening(repo, clock, "E 路灯不亮", Optional.of("key-e"), gate));
        awaitQueued(queued);
        gate.countDown();
        for (Opening o : busy) {
            o.thread.join(10_000);
        }
        for (Opening o : queued) {
            o.thread.join(10_000);
        }
        // the three queued openings ran once each, all on one leader's thread: one group, one transaction
        assertThat(queued).allSatisfy(o -> assertThat(o.ranOn).hasSize(1));
        assertThat(queued.stream().map(o -> o.ranOn.get(0)).distinct()).hasSize(1);
        Set<String> numbers = new HashSet<>();
        for (Opening o : concat(busy, queued)) {
            numbers.add(o.number());
            assertThat(repo.find(o.number())).isPresent();
            assertStoredMatchesReplay(o.number());
        }
        assertThat(numbers).hasSize(5);
        assertThat(repo.numberForKey(List.of("key-d"))).contains(queued.get(1).number());
        assertThat(service.search(new TicketQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("E 路灯"), 1, 10)).items()).extracting(t -> t.number())
                .containsExactly(queued.get(2).number()); // the group's grams are written too
    }

    @Test
    void groupedOpenings_aFailingOpening_failsOnlyItsOwnCaller() throws Exception {
        TicketJdbc repo = new TicketJdbc(handle.db(), clock);
        java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(0);
        Opening first = new Opening(repo, clock, "先前的诉求", Optional.of("key-taken"), open);
        first.thread.join(10_000);
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        List<Opening> busy = busyWriters(repo, gate);
        List<Opening> queued = List.of(new Opening(repo, clock, "C 路灯不亮", Optional.of("key-c"), gate),
                new Opening(repo, clock, "D 路灯不亮", Optional.of("key-taken"), gate), // its key is stored: it fails
                new Opening(repo, clock, "E 路灯不亮", Optional.of("key-e"), gate));
        awaitQueued(queued);
        gate.countDown();
        for (Opening o : concat(busy, queued)) {
            o.thread.join(10_000);
        }
        // the group ran on one leader's thread, failed on D's key, and each opening ran again alone
        assertThat(queued.stream().map(o -> o.ranOn.get(0)).distinct()).hasSize(1);
        assertThat(queued).allSatisfy(o -> assertThat(o.ranOn).hasSize(2));
        assertThat(queued.get(1).outcome.get()).isInstanceOf(StoreException.class);
        assertThat(repo.numberForKey(List.of("key-taken"))).contains(first.number());
        for (Opening o : List.of(queued.get(0), queued.get(2), busy.get(0), busy.get(1))) {
            assertThat(repo.find(o.number())).isPresent();
            assertStoredMatchesReplay(o.number());
        }
        assertThat(repo.numberForKey(List.of("key-c"))).contains(queued.get(0).number());
        assertThat(repo.numberForKey(List.of("key-e"))).contains(queued.get(2).number());
        long tickets = service.search(new TicketQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 1, 50)).total();
        assertThat(tickets).isEqualTo(5); // the first, A, B, C and E: nothing of D's
    }

    private static List<Opening> concat(List<Opening> a, List<Opening> b) {
        List<Opening> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
