package io.shaozi.core.dialog;

import io.shaozi.core.testing.MutableClock;
import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.ticket.Action;
import io.shaozi.core.ticket.Actor;
import io.shaozi.core.ticket.Decision;
import io.shaozi.core.ticket.Fixtures;
import io.shaozi.core.ticket.OpenRequest;
import io.shaozi.core.push.Outbox;
import io.shaozi.core.ticket.Reporter;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketMachine;
import io.shaozi.core.ticket.TicketNotifier;
import io.shaozi.nlp.Urgency;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResidentNotifierTest {
    private final List<OutboxMessage> sent = new ArrayList<>();
    private final Outbox outbox = sent::add;

    private static String text(OutboxMessage m) {
        return ((Outbound.Text) m.payload()).text();
    }

    @Test
    void residentsAndFollowersHearOfOthersChanges_notOfTheirOwn() {
        Instant now = beijing("2026-11-30T10:00");
        TicketMachine m = Fixtures.MACHINE;
        TicketNotifier residents = new ResidentNotifier(Fixtures.DIRECTORY::name, Clock.fixed(now, ZoneId.of("UTC")),
                io.shaozi.adapters.channel.ChannelRegistry.builtIn())
                .asTicketNotifier();
        Decision.Applied opened = m.open("202611300001", Fixtures.streetLight(), Fixtures.RESIDENT_ACTOR, now);
        residents.changed(opened.ticket(), opened.events(), outbox);
        assertThat(sent).as("the reply that carries the number already told the resident").isEmpty();

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
        // the WeChat reporter and the WeCom follower (as a WeCom recipient spec); the web intake has no channel
        assertThat(sent).extracting(OutboxMessage::channel).containsExactly(Channel.WECHAT, Channel.WECOM);
        assertThat(sent).extracting(OutboxMessage::recipient).containsExactly("oUser123", "user:u9");
        assertThat(text(sent.get(0))).contains("202611300001").contains("街道城市管理办公室").contains("签收");
        assertThat(sent).allSatisfy(x -> assertThat(x.dedupeKey().orElseThrow()).startsWith("notify:202611300001:"));

        sent.clear();
        Decision.Applied urged = (Decision.Applied) m.decide(accepted.ticket(), new Action.Urge(""),
                Fixtures.RESIDENT_ACTOR, now);
        residents.changed(urged.ticket(), urged.events(), outbox);
        assertThat(sent).as("催办 is internal").isEmpty();

        Decision.Applied resolved = (Decision.Applied) m.decide(urged.ticket(),
                new Action.Resolve("已更换灯泡", List.of()), Fixtures.CGB, now);
        residents.changed(resolved.ticket(), resolved.events(), outbox);
        assertThat(text(sent.get(0))).contains("已办结：已更换灯泡").contains("1 满意").doesNotContain("办结：办结");
    }
}
