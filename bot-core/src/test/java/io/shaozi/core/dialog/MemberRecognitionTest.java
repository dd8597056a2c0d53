package io.shaozi.core.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.ChannelRegistry;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.Role;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Party member's notify address is how their chat messages are recognised as theirs; deactivated people are not. */
class MemberRecognitionTest {
    private static final ChannelRegistry CHANNELS = ChannelRegistry.builtIn();

    @Test
    void member_isRecognisedByTheirNotifyAddress_butIsNotStaff() {
        Org org = Fixtures.ORG;
        assertThat(DialogRouter.person(org, CHANNELS, Channel.WECOM, "gov", "liming"))
                .get().satisfies(p -> {
                    assertThat(p.id()).isEqualTo("dy-001");
                    assertThat(p.role()).isEqualTo(Role.MEMBER);
                });
        assertThat(DialogRouter.staff(org, CHANNELS, Channel.WECOM, "gov", "liming")).isEmpty();
        assertThat(DialogRouter.staff(org, CHANNELS, Channel.WECOM, "gov", "wangjianguo")).get()
                .extracting(Org.Person::id).isEqualTo("gb-001");
        assertThat(DialogRouter.person(org, CHANNELS, Channel.WECOM, "gov", "someone-else")).isEmpty();
    }

    @Test
    void deactivatedPeople_areNotRecognised() {
        Instant at = MutableClock.beijing("2026-12-01T09:00");
        Org org = Fixtures.ORG.withPerson(Fixtures.ORG.person("dy-001").orElseThrow().deactivated(at))
                .withPerson(Fixtures.ORG.person("gb-001").orElseThrow().deactivated(at));
        assertThat(DialogRouter.person(org, CHANNELS, Channel.WECOM, "gov", "liming")).isEmpty();
        assertThat(DialogRouter.staff(org, CHANNELS, Channel.WECOM, "gov", "wangjianguo")).isEmpty();
    }

    @Test
    void member_getsTheResidentDialog() {
        List<Inbound> toResidents = new ArrayList<>();
        Bot residents = in -> {
            toResidents.add(in);
            return List.of();
        };
        DialogRouter router = new DialogRouter(residents, null, () -> Fixtures.ORG, MutableClock.atBeijing("2026-12-01T09:00"),
                false, true, CHANNELS);
        Inbound fromMember = new Inbound.Text(new Origin(Channel.WECOM, "gov", "liming", "m1", Instant.EPOCH), "帮助");
        List<Outbound> replies = router.reply(fromMember);
        assertThat(replies).isEmpty();
        assertThat(toResidents).containsExactly(fromMember);
    }
}
