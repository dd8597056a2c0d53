package io.shaozi.core.ticket;

import io.shaozi.nlp.Rating;
import io.shaozi.nlp.Urgency;
import io.shaozi.core.testing.MutableClock;
import static io.shaozi.core.ticket.Fixtures.CADRE;
import static io.shaozi.core.ticket.Fixtures.CGB;
import static io.shaozi.core.ticket.Fixtures.MACHINE;
import static io.shaozi.core.ticket.Fixtures.RESIDENT_ACTOR;
import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TicketMachineTest {
    private Ticket apply(Ticket t, Action a, Actor who, Instant at) {
        Decision d = MACHINE.decide(t, a, who, at);
        assertThat(d).as(d.toString()).isInstanceOf(Decision.Applied.class);
        return ((Decision.Applied) d).ticket();
    }

    private Decision.Refused refused(Ticket t, Action a, Actor who, Instant at) {
        Decision d = MACHINE.decide(t, a, who, at);
        assertThat(d).isInstanceOf(Decision.Refused.class);
        return (Decision.Refused) d;
    }

    @Test
    void illegalTransitionsAreRefusedWithTheReason() {
        Instant now = beijing("2026-11-30T10:00");
        Ticket t = MACHINE.open("202611300001", Fixtures.streetLight(), RESIDENT_ACTOR, now).ticket();
        Decision.Refused r = refused(t, new Action.Rate(Rating.SATISFIED, ""), RESIDENT_ACTOR, now);
        assertThat(r.reason()).isEqualTo("工单202611300001当前状态为「已派单」，不能评价");
        assertThat(r.forbidden()).isFalse();
        Decision.Refused f = refused(t, new Action.Accept(""), CADRE, now);
        assertThat(f.forbidden()).isTrue();
        assertThat(f.reason()).contains("街道城市管理办公室");
        assertThat(refused(t, new Action.Progress("x", false, List.of()), CGB, now).reason()).isEqualTo(
                "工单202611300001当前状态为「已派单」，不能反馈办理进展");
        assertThat(refused(t, Action.Dispatch.to("jd-cgb"), CADRE, now).reason()).contains("无需重复派单");
        assertThat(refused(t, Action.Dispatch.to("nope"), CADRE, now).reason()).contains("不存在");
    }

    @Test
    void emergencyClockIsThirtyMinutesFromDispatchNotFromSigning() {
        Instant now = beijing("2026-11-28T22:00"); // a Saturday night: emergencies run on the wall clock
        OpenRequest req = new OpenRequest(Fixtures.RESIDENT, "燃气泄漏", "城乡建设", Optional.of("燃气"), Urgency.EMERGENCY,
                "南池子大街5号", Optional.empty(), List.of(), Optional.empty());
        Ticket t = MACHINE.open("202611280001", req, RESIDENT_ACTOR, now).ticket();
        assertThat(t.department()).contains("qu-cgw");
        assertThat(t.signDue()).contains(now.plus(Duration.ofMinutes(30)));
        assertThat(t.resolveDue()).contains(now.plus(Duration.ofHours(24)));
        Decision.Applied tick = MACHINE.tick(t, now.plus(Duration.ofMinutes(31)));
        assertThat(tick.events()).extracting(TicketEvent::type).containsExactly(EventType.OVERDUE, EventType.OVERDUE);
        assertThat(tick.ticket().breached()).containsExactlyInAnyOrder(DeadlineKind.SIGN, DeadlineKind.CONTACT);
        assertThat(tick.ticket().responded()).contains(false);
    }

    @Test
    void waitingForTheResidentPausesTheClocks() {
        Instant mon = beijing("2026-11-30T10:00");
        Ticket t = MACHINE.open("202611300001", Fixtures.streetLight(), RESIDENT_ACTOR, mon).ticket();
        t = apply(t, new Action.Accept(""), CGB, mon.plus(Duration.ofMinutes(30)));
        Instant resolveDue = t.resolveDue().orElseThrow();
        assertThat(resolveDue).isEqualTo(beijing("2026-12-03T17:30"));
        t = apply(t, new Action.Wait("请提供灯杆编号"), CGB, beijing("2026-11-30T11:00"));
        assertThat(t.pausedAt()).isPresent();
        assertThat(t.nextCheckAt()).isEmpty();
        assertThat(MACHINE.tick(t, beijing("2026-12-10T11:00")).events()).as("no breach while paused").isEmpty();
        // the resident answers two working days later (Wed 11:00): 2 × 8.5 working hours are added
        t = apply(t, new Action.AddDetail("编号DF-12", List.of()), RESIDENT_ACTOR, beijing("2026-12-02T11:00"));
        assertThat(t.status()).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThat(t.pausedAt()).isEmpty();
        assertThat(t.resolveDue()).contains(beijing("2026-12-07T17:30"));
        // the 24 h contact clock is wall-clock: shifted by the 48 h paused
        assertThat(t.contactDue()).contains(beijing("2026-12-03T10:00"));
    }

    @Test
    void mergeFollowersAndSummonsAreRecorded() {
        Instant now = beijing("2026-11-30T10:00");
        Ticket master = MACHINE.open("202611300001", Fixtures.streetLight(), RESIDENT_ACTOR, now).ticket();
        Reporter other = new Reporter("wecom", "gov", "u9", "", "");
        Ticket dup = MACHINE.open("202611300002", OpenRequest.of(other, "路灯坏", "城乡建设", Urgency.NORMAL, "多福巷"),
                Actor.resident(other), now).ticket();
        Decision d = MACHINE.decideMerge(dup, master, new Action.Merge(master.number(), ""), CGB, now);
        assertThat(d).isInstanceOf(Decision.Refused.class);
        Decision.Applied ok = (Decision.Applied) MACHINE.decideMerge(dup, master, new Action.Merge(master.number(), ""), CADRE, now);
        assertThat(ok.ticket().status()).isEqualTo(TicketStatus.MERGED);
        Ticket m = ok.master().orElseThrow().ticket();
        assertThat(m.audience()).extracting(Reporter::key).containsExactly(Fixtures.RESIDENT.key(), other.key());
        assertThat(m.status()).isEqualTo(TicketStatus.DISPATCHED);
    }

    @Test
    void phoneMasking() {
        assertThat(Reporter.maskPhone("13912345678")).isEqualTo("139****5678");
        assertThat(Reporter.maskPhone("010-65123456")).isEqualTo("010*****3456");
        assertThat(Reporter.maskPhone("12345")).isEqualTo("*****");
        assertThat(Reporter.maskPhone("")).isEmpty();
    }
}
