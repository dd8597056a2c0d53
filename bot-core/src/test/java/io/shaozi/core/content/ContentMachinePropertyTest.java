package io.shaozi.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.identity.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random walks through the approval workflow: the approver is never the submitter, nothing leaves a final state, and
 * the item always equals the replay of its events.
 */
class ContentMachinePropertyTest {
    static final ContentMachine M = new ContentMachine(new SensitiveWords(List.of("违禁词")));
    static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    static final List<ContentActor> ACTORS = List.of(
            new ContentActor("ld-001", "王领导", Role.LEADER),
            new ContentActor("gb-001", "李干部", Role.STREET_CADRE),
            new ContentActor("admin", "管理员", Role.ADMIN),
            new ContentActor("sq-001", "张社工", Role.COMMUNITY_WORKER),
            new ContentActor("wg-001", "赵网格", Role.GRID_WORKER),
            new ContentActor("r-1", "居民", Role.RESIDENT));

    record Step(int action, int actor, boolean sensitive, boolean blankReason, int minutes) {
    }

    static Draft draft(ContentKind kind, boolean sensitive) {
        return new Draft(kind, "社区停水通知", sensitive ? "明天停水，含违禁词" : "明天 **9:00–12:00** 停水。",
                Optional.of("https://example.org/a"), Optional.empty(), "街道办", Optional.of(T0.plus(Duration.ofDays(30))));
    }

    @Provide
    Arbitrary<List<Step>> walks() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 5),
                        Arbitraries.of(true, false, false, false), Arbitraries.of(true, false, false, false),
                        Arbitraries.integers().between(0, 600))
                .as(Step::new).list().ofMaxSize(30);
    }

    @Property(tries = 1000)
    void randomWalks_keepInvariantsAndReplay(@ForAll("walks") List<Step> steps, @ForAll ContentKind kind,
                                             @ForAll("actorIndex") int author) {
        Instant now = T0;
        ContentDecision first = M.decide(Optional.empty(), new ContentCommand.Create(7, draft(kind, false)),
                ACTORS.get(author), now);
        if (ACTORS.get(author).role() == Role.RESIDENT) {
            assertThat(first).isInstanceOf(ContentDecision.Refused.class);
            return;
        }
        ContentDecision.Accepted created = (ContentDecision.Accepted) first;
        ContentItem item = created.item();
        List<ContentEvent> log = new ArrayList<>(List.of(created.event()));
        for (Step s : steps) {
            now = now.plus(Duration.ofMinutes(s.minutes()));
            ContentActor actor = ACTORS.get(s.actor());
            String reason = s.blankReason() ? " " : "理由";
            ContentCommand cmd = switch (s.action()) {
                case 0 -> new ContentCommand.Edit(draft(kind, s.sensitive()));
                case 1 -> new ContentCommand.Submit();
                case 2 -> new ContentCommand.Approve("同意");
                case 3 -> new ContentCommand.Reject(reason);
                case 4 -> new ContentCommand.SendEmergency(reason);
                default -> new ContentCommand.Submit();
            };
            ContentState before = item.state();
            ContentDecision d = M.decide(Optional.of(item), cmd, actor, now);
            if (before.isFinal()) {
                assertThat(d).isInstanceOf(ContentDecision.Refused.class);
            }
            if (d instanceof ContentDecision.Accepted a) {
                ContentEvent e = a.event();
                assertThat(e.from()).isEqualTo(before);
                assertThat(e.seq()).isEqualTo(item.version() + 1);
                assertThat(e.actor()).isEqualTo(actor.id());
                if (e.action() == ContentAction.APPROVE) {
                    assertThat(e.actor()).isNotEqualTo(item.submitter().orElseThrow());
                    assertThat(actor.approver()).isTrue();
                }
                if (e.action() == ContentAction.EDIT) {
                    assertThat(before).isEqualTo(ContentState.DRAFT);
                }
                if (e.to() != ContentState.DRAFT) {
                    assertThat(M.words().find(a.item().draft().title(), a.item().draft().body())).isEmpty();
                }
                if (e.action() == ContentAction.SEND_EMERGENCY) {
                    assertThat(kind).isEqualTo(ContentKind.EMERGENCY);
                }
                item = a.item();
                log.add(e);
            } else {
                ContentDecision.Refused r = (ContentDecision.Refused) d;
                assertThat(r.message()).isNotBlank();
                assertThat(r.message().codePoints().anyMatch(c -> Character.UnicodeScript.of(c)
                        == Character.UnicodeScript.HAN)).as(r.message()).isTrue();
            }
            assertThat(ContentItem.replay(log)).isEqualTo(item);
        }
        if (item.state() == ContentState.APPROVED) {
            assertThat(item.approver()).isPresent().isNotEqualTo(item.submitter());
        }
    }

    @Provide
    Arbitrary<Integer> actorIndex() {
        return Arbitraries.integers().between(0, ACTORS.size() - 1);
    }
}
