package io.shaozi.core.ticket;

import io.shaozi.core.testing.MutableClock;
import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.push.Outbox;
import io.shaozi.core.push.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifierTest {
    private final List<OutboxMessage> sent = new ArrayList<>();
    private final Outbox outbox = sent::add;

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

    @Test
    void staffAlerts_areCardsWhoseButtonOpensTheTicketInTheConsole() {
        Instant now = beijing("2026-11-30T10:00");
        StaffAlerts staff = new StaffAlerts(() -> Fixtures.ORG, "https://shaozi.example/console/");
        Decision.Applied opened = Fixtures.MACHINE.open("202611300007", Fixtures.streetLight(), Fixtures.RESIDENT_ACTOR, now);
        staff.changed(opened.ticket(), opened.events(), outbox);
        assertThat(sent).hasSize(1);
        Outbound.Card card = (Outbound.Card) sent.get(0).payload();
        assertThat(card.title()).contains("哨单202611300007");
        assertThat(card.text()).contains("多福巷12号楼前路灯不亮").contains("签收");
        assertThat(card.buttons()).singleElement().satisfies(b -> {
            assertThat(b.label()).isEqualTo("查看工单");
            assertThat(b.url()).isEqualTo("https://shaozi.example/console/#/tickets/202611300007");
        });
    }
}
