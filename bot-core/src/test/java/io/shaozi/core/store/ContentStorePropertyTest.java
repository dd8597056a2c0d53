package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.content.ContentActor;
import io.shaozi.core.content.ContentCommand;
import io.shaozi.core.content.ContentDecision;
import io.shaozi.core.content.ContentItem;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.content.ContentMachine;
import io.shaozi.core.content.ContentService;
import io.shaozi.core.content.SensitiveWords;
import io.shaozi.core.identity.Role;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Random walks through the service on H2: the stored item always equals the replay of its stored events. */
class ContentStorePropertyTest {
    private static TestDatabases.Handle h;
    static final List<ContentActor> ACTORS = List.of(ContentStoreTest.WORKER, ContentStoreTest.CADRE,
            ContentStoreTest.LEADER, new ContentActor("cg-001", "张伟", Role.DEPARTMENT_STAFF));

    @BeforeContainer
    static void open() {
        h = TestDatabases.h2();
    }

    @AfterContainer
    static void close() {
        h.close();
    }

    @Provide
    Arbitrary<List<int[]>> walks() {
        return Arbitraries.integers().between(0, 5).array(int[].class).ofSize(3).list().ofMaxSize(15);
    }

    @Property(tries = 60)
    void storedItem_equalsReplayOfStoredEvents(@ForAll("walks") List<int[]> steps, @ForAll ContentKind kind) {
        MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00");
        ContentService svc = new ContentService(new ContentJdbc(h.db()), new ContentMachine(
                new SensitiveWords(List.of("赌博"))), () -> Fixtures.ORG, clock);
        ContentDecision first = svc.create(ContentStoreTest.draft(kind, "正文"), ACTORS.get(0));
        long id = ((ContentDecision.Accepted) first).item().id();
        for (int[] s : steps) {
            clock.advance(Duration.ofMinutes(s[2]));
            ContentCommand cmd = switch (s[0]) {
                case 0 -> new ContentCommand.Edit(ContentStoreTest.draft(kind, s[2] == 0 ? "赌博" : "正文" + s[2]));
                case 1 -> new ContentCommand.Submit();
                case 2 -> new ContentCommand.Approve("同意");
                case 3 -> new ContentCommand.Reject("理由");
                case 4 -> new ContentCommand.SendEmergency("理由");
                default -> new ContentCommand.Submit();
            };
            ContentDecision d = svc.act(id, cmd, ACTORS.get(s[1] % ACTORS.size()));
            ContentItem stored = svc.find(id).orElseThrow();
            if (d instanceof ContentDecision.Accepted a) {
                assertThat(stored).isEqualTo(a.item());
            }
            assertThat(ContentItem.replay(svc.events(id))).isEqualTo(stored);
        }
        assertThat(svc.list(Optional.empty(), Optional.of(kind), 200)).extracting(ContentItem::id).contains(id);
    }
}
