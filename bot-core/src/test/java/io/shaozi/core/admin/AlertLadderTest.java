package io.shaozi.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.dialog.ResidentNotifier;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Action;
import io.shaozi.core.ticket.Actor;
import io.shaozi.core.ticket.AlertLadder;
import io.shaozi.core.ticket.AlertPolicy;
import io.shaozi.core.ticket.EventType;
import io.shaozi.core.ticket.Fixtures;
import io.shaozi.core.ticket.OpenRequest;
import io.shaozi.core.ticket.Outcome;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketEvent;
import io.shaozi.nlp.Urgency;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The alert ladder with the shipped organisation (config/org.yaml: demo cadres with chat alert addresses and a duty
 * roster for 区城管委), on a real H2 database, driven by a fake clock.
 */
class AlertLadderTest {
    /** A row of the outbox: channel, recipient, dedupe key, payload. */
    record Row(String channel, String recipient, String key, String payload) {
    }

    private static TicketModule module(TestDatabases.Handle h, MutableClock clock, AlertPolicy policy) {
        return TicketModule.create(h.db(), clock, TicketModule.Files.in(Path.of("..", "config")),
                dir -> new ResidentNotifier(dir::name, clock, io.shaozi.adapters.channel.ChannelRegistry.builtIn()),
                Optional.empty(), "op", "node-" + System.nanoTime(), policy);
    }

    private static List<Row> outbox(TestDatabases.Handle h, String keyPrefix) throws Exception {
        List<Row> out = new ArrayList<>();
        try (Connection c = h.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT channel, recipient, dedupe_key, payload FROM outbox"
                     + " WHERE dedupe_key LIKE ? ORDER BY id")) {
            ps.setString(1, keyPrefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    private static List<TicketEvent> alerts(TicketModule m, String number) {
        return m.service().events(number).stream().filter(e -> e.type() == EventType.ALERTED).toList();
    }

    /** 煤气味: 城乡建设/燃气安全, routed to 区城管委 (qu-cgw). */
    private static Ticket gas(TicketModule m) {
        return m.service().open(new OpenRequest(Fixtures.RESIDENT, "楼道里有很浓的煤气味", "城乡建设", Optional.of("燃气安全"),
                Urgency.EMERGENCY, "多福巷12号楼", Optional.empty(), List.of(), Optional.empty()), Fixtures.RESIDENT_ACTOR);
    }

    private static Ticket light(TicketModule m, Urgency u) {
        return m.service().open(new OpenRequest(Fixtures.RESIDENT, "小区路灯不亮，晚上很黑", "城乡建设", Optional.of("物业照明"),
                u, "多福巷5号院", Optional.empty(), List.of(), Optional.empty()), Fixtures.RESIDENT_ACTOR);
    }

    @Test
    void emergency_reachesDepartmentAndEachStaffMemberOnDuty() throws Exception {
        try (TestDatabases.Handle h = TestDatabases.h2()) {
            MutableClock clock = MutableClock.atBeijing("2026-12-07T10:00"); // a Monday: cgw-001's day shift
            TicketModule m = module(h, clock, AlertPolicy.defaults());
            Ticket day = gas(m);
            assertThat(day.department()).contains("qu-cgw");
            List<String> told = new ArrayList<>();
            outbox(h, "tk:" + day.number()).forEach(r -> told.add(r.recipient()));
            outbox(h, "al:" + day.number()).forEach(r -> told.add(r.recipient()));
            assertThat(told).contains("@qu-cgw", "web-staff-cgw-001").doesNotContain("web-staff-cgw-002");

            clock.setBeijing("2026-12-07T23:00"); // the night shift
            Ticket night = gas(m);
            assertThat(outbox(h, "al:" + night.number())).extracting(Row::recipient).containsExactly("web-staff-cgw-002");

            // 街道城管办 has no roster: every staff member with an alert address (赵敏, on the chat page)
            Ticket cgb = light(m, Urgency.EMERGENCY);
            assertThat(cgb.department()).contains("jd-cgb");
            assertThat(outbox(h, "al:" + cgb.number())).extracting(Row::recipient).containsExactly("web-staff-cg-003");
            // a normal ticket alerts the department only
            Ticket normal = light(m, Urgency.NORMAL);
            assertThat(outbox(h, "al:" + normal.number())).isEmpty();

            // the first step is on the timeline once the ladder has looked
            assertThat(m.alerts().scanOnce().stepped()).isEqualTo(3);
            assertThat(alerts(m, day.number())).singleElement().satisfies(e -> {
                assertThat(e.note()).contains("第1级告警（通知）").contains("东城区城市管理委员会").contains("钱进");
                assertThat(e.data()).containsEntry("sent", "inline");
            });
        }
    }

    @Test
    void alert_escalatesAfterTimeout_andStopsOnAcknowledgement() throws Exception {
        try (TestDatabases.Handle h = TestDatabases.h2()) {
            MutableClock clock = MutableClock.atBeijing("2026-12-07T10:00");
            TicketModule m = module(h, clock, AlertPolicy.defaults());
            Ticket t = gas(m);
            m.alerts().scanOnce();
            assertThat(alerts(m, t.number())).hasSize(1);
            clock.advance(Duration.ofMinutes(4).plusSeconds(59));
            assertThat(m.alerts().scanOnce().stepped()).isZero();
            clock.advance(Duration.ofSeconds(1)); // 5 minutes unacknowledged: 加急
            assertThat(m.alerts().scanOnce().stepped()).isEqualTo(1);
            assertThat(alerts(m, t.number())).hasSize(2).last().satisfies(e ->
                    assertThat(e.note()).contains("第2级告警（加急）"));
            List<Row> urgent = outbox(h, "alu:" + t.number() + ":2:1:");
            assertThat(urgent).extracting(Row::recipient).contains("@qu-cgw", "web-staff-cgw-001");
            assertThat(urgent.get(0).payload()).contains("加急");

            // 钱进 answers 收到 (as the chat dialog does): the ladder stops
            Actor qian = Actor.staff("cgw-001", "钱进", io.shaozi.core.identity.Role.DEPARTMENT_STAFF, "qu-cgw");
            assertThat(m.alerts().ack(t.number(), qian, "chat")).isInstanceOf(Outcome.Done.class);
            clock.advance(Duration.ofHours(2));
            assertThat(m.alerts().scanOnce().stepped()).isZero();
            assertThat(alerts(m, t.number())).hasSize(2);
            assertThat(m.service().events(t.number())).extracting(TicketEvent::type)
                    .containsSubsequence(EventType.ALERTED, EventType.ALERTED, EventType.ALERT_ACKED);
            // a second ack has nothing to acknowledge
            assertThat(m.alerts().ack(t.number(), qian, "chat")).isInstanceOf(Outcome.Refused.class);
        }
    }

    @Test
    void accepting_stopsTheLadder_andTheLadderClimbsToTheSupervisor() throws Exception {
        try (TestDatabases.Handle h = TestDatabases.h2()) {
            MutableClock clock = MutableClock.atBeijing("2026-12-07T10:00");
            TicketModule m = module(h, clock, AlertPolicy.defaults());
            Ticket taken = gas(m);
            Ticket ignored = gas(m);
            m.alerts().scanOnce();
            Actor qian = Actor.staff("cgw-001", "钱进", io.shaozi.core.identity.Role.DEPARTMENT_STAFF, "qu-cgw");
            assertThat(m.service().act(taken.number(), new Action.Accept(""), qian, OptionalInt.empty()))
                    .isInstanceOf(Outcome.Done.class);
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofMinutes(5));
                m.alerts().scanOnce();
            }
            assertThat(alerts(m, taken.number())).hasSize(1);
            // notice → urgent → sms (nobody consented: recorded, nothing sent) → supervisor
            assertThat(alerts(m, ignored.number())).extracting(e -> e.data().get("kind"))
                    .containsExactly("notice", "urgent", "sms", "supervisor");
            assertThat(alerts(m, ignored.number()).get(2).note()).contains("未同意接收短信");
            assertThat(outbox(h, "al:" + ignored.number() + ":2:3:")).extracting(Row::recipient)
                    .contains("@jd-lingdao", "zhaozhigang", "web-staff-ld-002", "@qu-jiesujiban");
        }
    }

    @Test
    void pass_readsOnlyTicketsThatChangedOrWhoseStepIsDue_andStillStepsEachOnTime() throws Exception {
        try (TestDatabases.Handle h = TestDatabases.h2()) {
            MutableClock clock = MutableClock.atBeijing("2026-12-07T10:00");
            TicketModule m = module(h, clock, AlertPolicy.defaults()); // emergency: a step every 5 minutes
            Ticket a = gas(m);
            Ticket b = gas(m);
            Ticket normal = light(m, Urgency.NORMAL); // no ladder: never looked at
            AlertLadder.Pass first = m.alerts().scanOnce();
            assertThat(first).extracting(AlertLadder.Pass::checked, AlertLadder.Pass::stepped, AlertLadder.Pass::read)
                    .containsExactly(2, 2, 2);
            // the first steps were written (new versions): read once more, found idle until their next step is due
            assertThat(m.alerts().scanOnce()).extracting(AlertLadder.Pass::stepped, AlertLadder.Pass::read)
                    .containsExactly(0, 2);
            clock.advance(Duration.ofMinutes(4));
            assertThat(m.alerts().scanOnce()).extracting(AlertLadder.Pass::stepped, AlertLadder.Pass::read)
                    .containsExactly(0, 0);
            // a change to one ticket (acknowledged in chat) makes the next pass read that one, and stops its ladder
            assertThat(AlertLadder.ack(m.service(), b.number(), Actor.staff("cgw-001", "钱进",
                    io.shaozi.core.identity.Role.DEPARTMENT_STAFF, "qu-cgw"), "chat"))
                    .isInstanceOf(Outcome.Done.class);
            assertThat(m.alerts().scanOnce()).extracting(AlertLadder.Pass::stepped, AlertLadder.Pass::read)
                    .containsExactly(0, 1);
            clock.advance(Duration.ofMinutes(1)); // a's second step is due now
            assertThat(m.alerts().scanOnce()).extracting(AlertLadder.Pass::stepped, AlertLadder.Pass::read)
                    .containsExactly(1, 1);
            assertThat(alerts(m, a.number())).extracting(e -> e.data().get("kind")).containsExactly("notice", "urgent");
            assertThat(alerts(m, b.number())).extracting(e -> e.data().get("kind")).containsExactly("notice");
            assertThat(alerts(m, normal.number())).isEmpty();
            // a second ladder (another instance, or after a restart) reads everything once and takes the same steps
            TicketModule other = module(h, clock, AlertPolicy.defaults());
            clock.advance(Duration.ofMinutes(5));
            assertThat(other.alerts().scanOnce()).extracting(AlertLadder.Pass::stepped, AlertLadder.Pass::read)
                    .containsExactly(1, 2);
            assertThat(alerts(m, a.number())).hasSize(3);
        }
    }

    @Test
    void unacknowledged_theStepsAfterTheFirstRepeatAtMostRepeatsTimes_thenTheLadderStops() throws Exception {
        try (TestDatabases.Handle h = TestDatabases.h2()) {
            MutableClock clock = MutableClock.atBeijing("2026-12-07T10:00");
            TicketModule m = module(h, clock, AlertPolicy.defaults()); // emergency: 4 steps, 2 repeats, 5 minutes
            Ticket t = gas(m);
            m.alerts().scanOnce();
            for (int i = 0; i < 20; i++) { // 100 minutes: far past the last repeat
                clock.advance(Duration.ofMinutes(5));
                m.alerts().scanOnce();
            }
            assertThat(alerts(m, t.number())).extracting(e -> e.data().get("kind")).containsExactly(
                    "notice", "urgent", "sms", "supervisor",
                    "urgent", "sms", "supervisor",
                    "urgent", "sms", "supervisor");
            clock.advance(Duration.ofHours(6));
            assertThat(m.alerts().scanOnce().stepped()).isZero();
            assertThat(alerts(m, t.number())).hasSize(10);
        }
    }

    @Test
    void sms_needsConsent_andIsCappedPerNumberPerDay() throws Exception {
        try (TestDatabases.Handle h = TestDatabases.h2()) {
            MutableClock clock = MutableClock.atBeijing("2026-12-07T10:00");
            Map<Urgency, AlertPolicy.Ladder> l = new EnumMap<>(Urgency.class);
            l.put(Urgency.EMERGENCY, new AlertPolicy.Ladder(Duration.ofMinutes(5),
                    List.of(AlertPolicy.Step.NOTICE, AlertPolicy.Step.SMS), 0, true));
            // 张伟 consented, 刘洋 and 赵敏 did not; one SMS a number a day
            AlertPolicy policy = new AlertPolicy(true, LocalTime.of(22, 0), LocalTime.of(7, 0), l, 1,
                    Set.of("13800100011"));
            TicketModule m = module(h, clock, policy);
            Ticket first = light(m, Urgency.EMERGENCY);
            Ticket second = light(m, Urgency.EMERGENCY);
            m.alerts().scanOnce();
            clock.advance(Duration.ofMinutes(5));
            m.alerts().scanOnce();
            List<Row> sms = outbox(h, "al:");
            sms.removeIf(r -> !r.channel().equals("sms"));
            assertThat(sms).extracting(Row::recipient).containsExactly("13800100011");
            assertThat(sms.get(0).key()).startsWith("al:" + first.number());
            assertThat(alerts(m, first.number()).get(1).note()).contains("已通知张伟").contains("刘洋（未同意接收短信）");
            assertThat(alerts(m, second.number()).get(1).note()).contains("张伟（今日短信已达上限）");
            // the next Beijing day the number may be texted again
            clock.setBeijing("2026-12-08T10:00");
            Ticket third = light(m, Urgency.EMERGENCY);
            m.alerts().scanOnce();
            clock.advance(Duration.ofMinutes(5));
            m.alerts().scanOnce();
            assertThat(outbox(h, "al:" + third.number())).extracting(Row::recipient).contains("13800100011");
        }
    }

    @Test
    void quietHours_holdNonCriticalAlerts_butNotEmergencies() throws Exception {
        try (TestDatabases.Handle h = TestDatabases.h2()) {
            MutableClock clock = MutableClock.atBeijing("2026-12-07T21:45");
            TicketModule m = module(h, clock, AlertPolicy.defaults());
            Ticket urgent = light(m, Urgency.URGENT);
            Ticket emergency = gas(m);
            m.alerts().scanOnce();
            clock.setBeijing("2026-12-07T22:30"); // 45 minutes unacknowledged, inside the quiet hours
            AlertLadder.Pass pass = m.alerts().scanOnce();
            assertThat(pass.held()).isEqualTo(1);
            assertThat(alerts(m, urgent.number())).hasSize(1);
            assertThat(alerts(m, emergency.number())).hasSize(2);
            clock.setBeijing("2026-12-08T06:59");
            m.alerts().scanOnce();
            assertThat(alerts(m, urgent.number())).hasSize(1);
            clock.setBeijing("2026-12-08T07:00");
            m.alerts().scanOnce();
            assertThat(alerts(m, urgent.number())).hasSize(2).last()
                    .satisfies(e -> assertThat(e.data()).containsEntry("kind", "urgent"));
        }
    }

    @Test
    void restartMidLadder_resumes_andASecondInstanceNeverSendsTwice() throws Exception {
        try (TestDatabases.Handle h = TestDatabases.h2()) {
            MutableClock clock = MutableClock.atBeijing("2026-12-07T10:00");
            TicketModule first = module(h, clock, AlertPolicy.defaults());
            Ticket t = gas(first);
            first.alerts().scanOnce();
            clock.advance(Duration.ofMinutes(5));
            first.alerts().scanOnce();
            assertThat(alerts(first, t.number())).hasSize(2);
            int rows = outbox(h, "al:" + t.number()).size() + outbox(h, "alu:" + t.number()).size();
            // the process restarts: a new module over the same database, nothing kept in memory
            TicketModule second = module(h, clock, AlertPolicy.defaults());
            TicketModule third = module(h, clock, AlertPolicy.defaults());
            assertThat(second.alerts().scanOnce().stepped()).isZero(); // not due yet
            clock.advance(Duration.ofMinutes(5));
            // two instances pass at the same moment: one step between them
            List<Thread> threads = new ArrayList<>();
            for (TicketModule mod : List.of(second, third)) {
                Thread th = new Thread(() -> mod.alerts().scanOnce());
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            second.alerts().scanOnce();
            third.alerts().scanOnce();
            assertThat(alerts(second, t.number())).extracting(e -> e.data().get("kind"))
                    .containsExactly("notice", "urgent", "sms");
            assertThat(outbox(h, "al:" + t.number()).size() + outbox(h, "alu:" + t.number()).size()).isEqualTo(rows);
            clock.advance(Duration.ofMinutes(5));
            third.alerts().scanOnce();
            second.alerts().scanOnce();
            assertThat(alerts(second, t.number())).hasSize(4);
        }
    }

    @Test
    void emergencyPlace_updatesPlaceCommunityAndRouting() throws Exception {
        try (TestDatabases.Handle h = TestDatabases.h2()) {
            MutableClock clock = MutableClock.atBeijing("2026-12-07T10:00");
            TicketModule m = module(h, clock, AlertPolicy.defaults());
            // reported before the place was known: 物业照明 without a place
            Ticket t = m.service().open(new OpenRequest(Fixtures.RESIDENT, "楼里电线冒火花", "城乡建设",
                    Optional.of("物业照明"), Urgency.EMERGENCY, "", Optional.empty(), List.of(), Optional.empty()),
                    Fixtures.RESIDENT_ACTOR);
            Outcome o = m.service().act(t.number(), new Action.Locate("韶九胡同3号"), Fixtures.RESIDENT_ACTOR,
                    OptionalInt.empty());
            assertThat(o).isInstanceOf(Outcome.Done.class);
            Ticket after = ((Outcome.Done) o).ticket();
            assertThat(after.place()).isEqualTo("韶九胡同3号");
            assertThat(after.community()).contains("110101001002");
            assertThat(after.department()).isPresent();
            // a replay of the events gives the same ticket (place and community travel in the event)
            assertThat(m.service().find(t.number()).orElseThrow().place()).isEqualTo("韶九胡同3号");
        }
    }
}
