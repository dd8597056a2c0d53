package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.audience.Audience;
import io.shaozi.core.audience.AudienceResolver;
import io.shaozi.core.audience.AudienceSize;
import io.shaozi.core.audience.Recipient;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.identity.Role;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Audience resolution over the store (H2 and PostgreSQL) and the default org: union, once each, consent. */
class AudienceResolverTest {

    private static Audience residentsAndMembers() {
        return new Audience(true, Set.of(), true, Set.of(), Set.of(), Set.of(), List.of());
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void residentWhoIsAlsoAMember_isReachedOnce_acrossPages(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            ResidentJdbc store = new ResidentJdbc(db.dataSource());
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            int n = ResidentJdbc.PAGE + 3;
            for (int i = 0; i < n; i++) {
                store.seen("generic", "chat", "web-" + i, Optional.empty(), clock.instant());
            }
            store.seen("wecom", "gov", "liming", Optional.empty(), clock.instant()); // dy-001's address
            AudienceResolver resolver = new AudienceResolver(store, () -> Fixtures.ORG, true);
            List<Recipient> all = new ArrayList<>();
            resolver.forEach(residentsAndMembers(), ContentKind.NOTICE, all::add);
            assertThat(all).doesNotHaveDuplicates().contains(new Recipient("wecom", "gov", "liming"));
            AudienceSize size = resolver.size(residentsAndMembers(), ContentKind.NOTICE);
            assertThat(size.total()).isEqualTo(all.size()).isEqualTo(n + 2); // + dy-001 (once) + gb-001
            assertThat(size.byChannel()).containsEntry("generic", (long) n).containsEntry("wecom", 2L);
            assertThat(size.people()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void unsubscribedResidents_getEmergencies_onlyWhenConfigured(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            ResidentJdbc store = new ResidentJdbc(db.dataSource());
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            store.seen("generic", "chat", "web-in", Optional.of("110101001001"), clock.instant());
            store.seen("generic", "chat", "web-out", Optional.of("110101001001"), clock.instant());
            store.consent("generic", "chat", "web-out", false, clock.instant());
            Audience duofu = new Audience(false, Set.of("110101001001"), false, Set.of(), Set.of(), Set.of(), List.of());
            AudienceResolver emergencyToo = new AudienceResolver(store, () -> Fixtures.ORG, true);
            AudienceResolver never = new AudienceResolver(store, () -> Fixtures.ORG, false);
            assertThat(emergencyToo.size(duofu, ContentKind.NOTICE).total()).isEqualTo(1);
            assertThat(emergencyToo.size(duofu, ContentKind.EMERGENCY).total()).isEqualTo(2);
            assertThat(never.size(duofu, ContentKind.EMERGENCY).total()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void problems_nameEveryUnknownCode(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            AudienceResolver resolver = new AudienceResolver(new ResidentJdbc(db.dataSource()), () -> Fixtures.ORG, true);
            Audience bad = new Audience(false, Set.of("c-x"), false, Set.of("b-x"), Set.of("d-x"),
                    Set.of(Role.MEMBER), List.of("p-x"));
            assertThat(String.join("\n", resolver.problems(bad))).contains("'c-x'").contains("'b-x'")
                    .contains("'d-x'").contains("'member' is not a staff role").contains("'p-x'");
            assertThat(resolver.problems(new Audience(false, Set.of(), false, Set.of(), Set.of(), Set.of(), List.of())))
                    .anyMatch(p -> p.contains("empty"));
        }
    }
}
