package io.shaozi.core.ticket;

import io.shaozi.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random action sequences never reach an illegal state, and the log always replays to the state. */
class TicketMachinePropertyTest {
    private static final TicketMachine M = Fixtures.MACHINE;

    @Provide
    Arbitrary<List<RandomWalk.Step>> walks() {
        return RandomWalk.steps(40);
    }

    @Property(tries = 1000)
    void randomWalksKeepInvariantsAndReplay(@ForAll("walks") List<RandomWalk.Step> steps) {
        Instant now = MutableClock.beijing("2026-12-28T09:30");
        Ticket master = M.open("202612280001", Fixtures.streetLight(), Fixtures.RESIDENT_ACTOR, now).ticket();
        Decision.Applied opened = M.open("202612280002", Fixtures.streetLight(), Fixtures.RESIDENT_ACTOR, now);
        Ticket t = opened.ticket();
        List<TicketEvent> log = new ArrayList<>(opened.events());
        for (RandomWalk.Step s : steps) {
            now = now.plus(RandomWalk.wait(s));
            Optional<Action> a = RandomWalk.action(s, master.number());
            Decision d;
            if (a.isEmpty()) {
                d = M.tick(t, now);
            } else if (a.get() instanceof Action.Merge m) {
                d = m.master().equals(master.number())
                        ? M.decideMerge(t, master, m, RandomWalk.smartActor(s, t), now)
                        : new Decision.Refused("no master", false);
            } else {
                d = M.decide(t, a.get(), RandomWalk.smartActor(s, t), now);
            }
            if (d instanceof Decision.Applied ap) {
                for (TicketEvent e : ap.events()) {
                    assertThat(e.from()).contains(t.status());
                    assertThat(e.seq()).isEqualTo(t.version() + 1);
                    if (a.isPresent()) {
                        assertThat(TicketMachine.FROM.get(a.get().name())).contains(e.from().orElseThrow());
                    }
                    t = t.apply(e);
                    log.add(e);
                }
                assertThat(ap.ticket()).isEqualTo(t);
                if (ap.master().isPresent()) {
                    master = ap.master().get().ticket();
                }
                // a tick right after is idempotent
                if (a.isEmpty()) {
                    assertThat(M.tick(t, now).events()).isEmpty();
                }
            } else {
                Decision.Refused r = (Decision.Refused) d;
                assertThat(r.reason()).isNotBlank();
            }
            Invariants.check(t, M.sla());
        }
        net.jqwik.api.statistics.Statistics.label("final status").collect(t.status());
        for (TicketEvent e : log) {
            net.jqwik.api.statistics.Statistics.label("event types").collect(e.type());
        }
        assertThat(Ticket.replay(log)).isEqualTo(t);
        assertThat(t.version()).isEqualTo(log.size());
    }
}
