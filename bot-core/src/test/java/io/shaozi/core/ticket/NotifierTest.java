package io.shaozi.core.ticket;

import static io.shaozi.core.ticket.TestClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.push.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifierTest {
    private final List<OutboxMessage> sent = new ArrayList<>();
    private final Outbox outbox = sent::add;

    @Test
    void residentsAndFollowersHearAboutVisibleChangesOnly() {
        Instant now = beijing("2026-11-30T10:00");
        TicketMachine m = Fixtures.MACHINE;
        TicketNotifier residents = new TextReporterNotifier(Fixtures.DIRECTORY).asTicketNotifier();
        Decision.Applied opened = m.open("202611300001", Fixtures.streetLight(), Fixtures.RESIDENT_ACTOR, now);
        residents.changed(opened.ticket(), opened.events(), outbox);
        assertThat(sent).hasSize(2); // 受理 + 派单
        assertThat(sent.get(0).channel()).isEqualTo(Channel.WECHAT);
        assertThat(sent.get(0).recipient()).isEqualTo("oUser123");
        assertThat(((Outbound.Text) sent.get(0).payload()).text()).contains("工单号202611300001");
        assertThat(((Outbound.Text) sent.get(1).payload()).text()).contains("街道城市管理办公室");

        Reporter other = new Reporter("wecom", "gov", "u9", "", "");
        Reporter web = new Reporter("web", "admin", "gb-001", "", "");
        Ticket dup = m.open("202611300002", OpenRequest.of(other, "路灯", "城乡建设", Urgency.NORMAL, "多福巷"),
                Actor.resident(other), now).ticket();
        Ticket dup2 = m.open("202611300003", OpenRequest.of(web, "路灯", "城乡建设", Urgency.NORMAL, "多福巷"),
                Actor.resident(web), now).ticket();
        Ticket master = opened.ticket();
        master = ((Decision.Applied) m.decideMerge(dup, master, new Action.Merge(master.number(), ""), Fixtures.CADRE, now))
                .master().orElseThrow().ticket();
        master = ((Decision.Applied) m.decideMerge(dup2, master, new Action.Merge(master.number(), ""), Fixtures.CADRE, now))
                .master().orElseThrow().ticket();
        sent.clear();
        Decision.Applied accepted = (Decision.Applied) m.decide(master, new Action.Accept(""), Fixtures.CGB, now);
        residents.changed(accepted.ticket(), accepted.events(), outbox);
        // the reporter and the WeCom follower; the web intake has no channel to reach
        assertThat(sent).extracting(OutboxMessage::recipient).containsExactly("oUser123", "u9");
        assertThat(sent).allSatisfy(x -> assertThat(x.dedupeKey().orElseThrow()).startsWith("tkr:202611300001:"));
        sent.clear();
        Decision.Applied urged = (Decision.Applied) m.decide(accepted.ticket(), new Action.Urge(""), Fixtures.RESIDENT_ACTOR, now);
        residents.changed(urged.ticket(), urged.events(), outbox);
        assertThat(sent).as("催办 is internal").isEmpty();
    }

    @Test
    void staffAlertsGoToTheDepartmentAndEscalateUpwards() {
        Instant now = beijing("2026-11-30T10:00");
        StaffAlerts staff = new StaffAlerts(() -> Fixtures.ORG);
        Decision.Applied opened = Fixtures.MACHINE.open("202611300001", Fixtures.streetLight(), Fixtures.RESIDENT_ACTOR, now);
        staff.changed(opened.ticket(), opened.events(), outbox);
        assertThat(sent).extracting(OutboxMessage::recipient).containsExactly("@jd-cgb");
        assertThat(((Outbound.Text) sent.get(0).payload()).text()).contains("请于11月30日12:00前签收");
        sent.clear();
        Decision.Applied late = Fixtures.MACHINE.tick(opened.ticket(), beijing("2026-11-30T12:00"));
        staff.changed(late.ticket(), late.events(), outbox);
        assertThat(sent).extracting(OutboxMessage::recipient).containsExactly("@jd-lingdao", "@jd-cgb");
        sent.clear();
        Decision.Applied district = Fixtures.MACHINE.tick(late.ticket(), beijing("2026-12-01T17:30"));
        staff.changed(district.ticket(), district.events(), outbox);
        assertThat(sent).extracting(OutboxMessage::recipient).contains("@qu-jiesujiban");
    }
}
