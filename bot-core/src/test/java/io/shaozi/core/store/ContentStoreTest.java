package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.content.ContentActor;
import io.shaozi.core.content.ContentCommand;
import io.shaozi.core.content.ContentDecision;
import io.shaozi.core.content.ContentEvent;
import io.shaozi.core.content.ContentItem;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.content.ContentMachine;
import io.shaozi.core.content.ContentService;
import io.shaozi.core.content.ContentState;
import io.shaozi.core.content.Draft;
import io.shaozi.core.content.SensitiveWords;
import io.shaozi.core.identity.Role;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Content items and their audit trail on real H2 and PostgreSQL: the stored item equals the replay of its events. */
class ContentStoreTest {
    static final ContentActor WORKER = new ContentActor("sq-001", "孙红梅", Role.COMMUNITY_WORKER);
    static final ContentActor CADRE = new ContentActor("gb-001", "王建国", Role.STREET_CADRE);
    static final ContentActor LEADER = new ContentActor("ld-001", "赵志刚", Role.LEADER);

    static Draft draft(ContentKind kind, String body) {
        return new Draft(kind, "冬季供暖通知", body, Optional.of("https://gov.example/n/1"),
                Optional.of("https://gov.example/c.png"), "东华门街道", Optional.of(
                        java.time.Instant.parse("2027-01-31T16:00:00Z")));
    }

    static long id(ContentDecision d) {
        assertThat(d).as(d.toString()).isInstanceOf(ContentDecision.Accepted.class);
        return ((ContentDecision.Accepted) d).item().id();
    }

    /** The queued outbox rows as "channel account recipient payload". */
    static List<String> outboxRows(Database db) {
        try (java.sql.Connection c = db.dataSource().getConnection();
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT * FROM outbox")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString("channel") + " " + rs.getString("account") + " " + rs.getString("recipient") + " "
                        + rs.getString("payload"));
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new StoreException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void workflow_isStoredWithItsAuditTrail_andReplays(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00");
            ContentService svc = new ContentService(new ContentJdbc(h.db()),
                    new ContentMachine(new SensitiveWords(List.of("赌博"))), () -> Fixtures.ORG, clock);
            long id = id(svc.create(draft(ContentKind.LEARNING, "学习**二十大**精神"), WORKER));
            clock.advance(Duration.ofMinutes(5));
            assertThat(id(svc.act(id, new ContentCommand.Submit(), WORKER))).isEqualTo(id);
            clock.advance(Duration.ofMinutes(5));
            id(svc.act(id, new ContentCommand.Reject("请补充学习要点"), CADRE));
            id(svc.act(id, new ContentCommand.Edit(draft(ContentKind.LEARNING, "学习要点：\n- 一\n- 二")), WORKER));
            id(svc.act(id, new ContentCommand.Submit(), WORKER));
            id(svc.act(id, new ContentCommand.Approve("同意"), LEADER));

            ContentItem item = svc.find(id).orElseThrow();
            List<ContentEvent> events = svc.events(id);
            assertThat(item.state()).isEqualTo(ContentState.APPROVED);
            assertThat(item.approver()).contains("ld-001");
            assertThat(events).extracting(e -> e.action().code())
                    .containsExactly("create", "submit", "reject", "edit", "submit", "approve");
            assertThat(events.get(2).note()).isEqualTo("请补充学习要点");
            assertThat(events.get(2).actorName()).isEqualTo("王建国");
            assertThat(ContentItem.replay(events)).isEqualTo(item);
            assertThat(svc.approvedForCampaign(id, clock.instant())).isInstanceOf(ContentService.ForCampaign.Ready.class);
            assertThat(svc.list(Optional.of(ContentState.APPROVED), Optional.of(ContentKind.LEARNING), 10))
                    .extracting(ContentItem::id).containsExactly(id);
            assertThat(svc.list(Optional.of(ContentState.DRAFT), Optional.empty(), 10)).isEmpty();
            assertThat(outboxRows(h.db())).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void emergencySend_recordsReason_andQueuesNoticeToStreetLeaders(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00");
            ContentService svc = new ContentService(new ContentJdbc(h.db()), new ContentMachine(SensitiveWords.NONE),
                    () -> Fixtures.ORG, clock);
            long id = id(svc.create(draft(ContentKind.EMERGENCY, "燃气管道抢修，请勿靠近"), CADRE));
            id(svc.act(id, new ContentCommand.SendEmergency("燃气泄漏，需立即告知"), CADRE));
            ContentItem item = svc.find(id).orElseThrow();
            assertThat(item.state()).isEqualTo(ContentState.SENT_EMERGENCY);
            assertThat(svc.events(id).get(1).note()).isEqualTo("燃气泄漏，需立即告知");
            assertThat(outboxRows(h.db())).singleElement().satisfies(row -> assertThat(row)
                    .startsWith("wecom gov @jd-lingdao ").contains("冬季供暖通知").contains("燃气泄漏，需立即告知"));
            assertThat(ContentItem.replay(svc.events(id))).isEqualTo(item);
            // a concurrent writer holding the old version loses
            assertThat(new ContentJdbc(h.db()).save(item, new ContentEvent(id, 2,
                    io.shaozi.core.content.ContentAction.EDIT, "x", "x", Role.ADMIN, clock.instant(),
                    ContentState.DRAFT, ContentState.DRAFT, "", Optional.empty()))).isFalse();
            assertThat(svc.events(id)).hasSize(2);
        }
    }
}
