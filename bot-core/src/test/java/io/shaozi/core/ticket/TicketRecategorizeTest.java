package io.shaozi.core.ticket;

import static io.shaozi.core.testing.MutableClock.beijing;
import static io.shaozi.core.ticket.Fixtures.ADMIN;
import static io.shaozi.core.ticket.Fixtures.CADRE;
import static io.shaozi.core.ticket.Fixtures.CGB;
import static io.shaozi.core.ticket.Fixtures.COMMUNITY;
import static io.shaozi.core.ticket.Fixtures.LEADER;
import static io.shaozi.core.ticket.Fixtures.MACHINE;
import static io.shaozi.core.ticket.Fixtures.RESIDENT_ACTOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.identity.Role;
import io.shaozi.nlp.Rating;
import io.shaozi.nlp.Urgency;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** 类别更正 (RECATEGORIZED): the correct action, 改派 with a new category, replay. */
class TicketRecategorizeTest {
    private static final Instant NOW = beijing("2026-11-30T10:00");

    private static Ticket opened() {
        return MACHINE.open("202611300001", Fixtures.streetLight(), RESIDENT_ACTOR, NOW).ticket();
    }

    private static Decision.Applied applied(Ticket t, Action a, Actor who) {
        Decision d = MACHINE.decide(t, a, who, NOW.plus(Duration.ofMinutes(10)));
        assertThat(d).as(d.toString()).isInstanceOf(Decision.Applied.class);
        return (Decision.Applied) d;
    }

    private static Decision.Refused refused(Ticket t, Action a, Actor who) {
        Decision d = MACHINE.decide(t, a, who, NOW.plus(Duration.ofMinutes(10)));
        assertThat(d).as(d.toString()).isInstanceOf(Decision.Refused.class);
        return (Decision.Refused) d;
    }

    @Test
    void correct_changesCategoryAndClearsSubcategory_keepingStatusDepartmentAndDeadlines() {
        Ticket t = opened();
        assertThat(t.category()).isEqualTo("城乡建设");
        assertThat(t.subcategory()).contains("物业照明");
        Decision.Applied a = applied(t, new Action.Recategorize("交通运输", "市政道路归交通部门"), CADRE);
        assertThat(a.events()).hasSize(1);
        TicketEvent e = a.events().get(0);
        assertThat(e.type()).isEqualTo(EventType.RECATEGORIZED);
        assertThat(e.type().label()).isEqualTo("类别更正");
        assertThat(e.from()).contains(TicketStatus.DISPATCHED);
        assertThat(e.to()).isEqualTo(TicketStatus.DISPATCHED);
        assertThat(e.note()).isEqualTo("类别更正：城乡建设→交通运输：市政道路归交通部门");
        assertThat(e.data()).isEqualTo(Map.of("category", "交通运输", "previousCategory", "城乡建设",
                "previousSubcategory", "物业照明"));
        Ticket u = a.ticket();
        assertThat(u.category()).isEqualTo("交通运输");
        assertThat(u.subcategory()).isEmpty();
        assertThat(u.version()).isEqualTo(t.version() + 1);
        assertThat(u.status()).isEqualTo(t.status());
        assertThat(u.department()).isEqualTo(t.department());
        assertThat(u.signDue()).isEqualTo(t.signDue());
        assertThat(u.resolveDue()).isEqualTo(t.resolveDue());
        // a subcategory given with the correction is kept; the same category with another subcategory is a change
        Ticket v = applied(u, new Action.Recategorize("城乡建设", Optional.of("道路"), ""), LEADER).ticket();
        assertThat(v.category()).isEqualTo("城乡建设");
        assertThat(v.subcategory()).contains("道路");
        Ticket w = applied(v, new Action.Recategorize("城乡建设", Optional.of("路灯"), ""), ADMIN).ticket();
        assertThat(w.subcategory()).contains("路灯");
    }

    @Test
    void correct_streetRolesOnly() {
        Ticket t = opened();
        for (Actor street : List.of(CADRE, LEADER, ADMIN, Actor.system())) {
            assertThat(applied(t, new Action.Recategorize("环境保护", ""), street).ticket().category())
                    .as(street.role().name()).isEqualTo("环境保护");
        }
        Actor grid = new Actor("wg-1", "网格员", Role.GRID_WORKER, Optional.empty(), Optional.of("110101001001"));
        for (Actor other : List.of(CGB, COMMUNITY, grid, RESIDENT_ACTOR)) {
            Decision.Refused r = refused(t, new Action.Recategorize("环境保护", ""), other);
            assertThat(r.forbidden()).as(other.role().name()).isTrue();
            assertThat(r.reason()).isEqualTo("只有街道干部或领导可以更正类别");
        }
    }

    @Test
    void correct_refusesUnchangedUnknownAndBlankCategories() {
        Ticket t = opened();
        Decision.Refused same = refused(t, new Action.Recategorize("城乡建设", ""), CADRE);
        assertThat(same.forbidden()).isFalse();
        assertThat(same.reason()).isEqualTo("工单类别已是「城乡建设」，无需更正");
        assertThat(refused(t, new Action.Recategorize("城乡建设", Optional.of("物业照明"), ""), CADRE).reason())
                .contains("无需更正");
        assertThat(refused(t, new Action.Recategorize("宇宙探索", ""), CADRE).reason())
                .isEqualTo("类别「宇宙探索」不存在，应为城乡建设、环境保护、交通运输、教育文体、劳动和社会保障、商贸旅游、卫生计生之一");
        assertThat(refused(t, new Action.Recategorize("  ", ""), CADRE).reason()).isEqualTo("请选择更正后的类别");
    }

    @Test
    void correct_allowedInEveryStateButMerged() {
        assertThat(TicketMachine.FROM.get("correct")).isEqualTo(EnumSet.complementOf(EnumSet.of(TicketStatus.MERGED)));
        Ticket t = opened();
        Ticket accepted = applied(t, new Action.Accept(""), CGB).ticket();
        Ticket resolved = applied(accepted, new Action.Resolve("已修复", List.of()), CGB).ticket();
        Ticket closed = applied(resolved, new Action.Rate(Rating.SATISFIED, ""), RESIDENT_ACTOR).ticket();
        Ticket withdrawn = applied(t, new Action.Withdraw("不需要了"), CADRE).ticket();
        Ticket returned = applied(t, new Action.Return(ReturnReason.parse("R01"), "不归我们"), CGB).ticket();
        for (Ticket x : List.of(t, accepted, resolved, closed, withdrawn, returned)) {
            Ticket y = applied(x, new Action.Recategorize("卫生计生", ""), CADRE).ticket();
            assertThat(y.category()).as(x.status().name()).isEqualTo("卫生计生");
            assertThat(y.status()).isEqualTo(x.status());
            assertThat(y.closedAt()).isEqualTo(x.closedAt());
        }
        Reporter other = new Reporter("wecom", "gov", "u9", "", "");
        Ticket dup = MACHINE.open("202611300002", OpenRequest.of(other, "路灯坏", "城乡建设", Urgency.NORMAL, "多福巷"),
                Actor.resident(other), NOW).ticket();
        Ticket merged = ((Decision.Applied) MACHINE.decideMerge(dup, t, new Action.Merge(t.number(), ""), CADRE, NOW))
                .ticket();
        assertThat(merged.status()).isEqualTo(TicketStatus.MERGED);
        Decision.Refused r = refused(merged, new Action.Recategorize("卫生计生", ""), CADRE);
        assertThat(r.reason()).isEqualTo("工单202611300002当前状态为「已合并」，不能更正类别");
    }

    @Test
    void dispatchWithANewCategory_recategorizesThenRoutesByIt_inOneDecision() {
        Ticket t = opened();
        assertThat(t.department()).contains("jd-cgb");
        Decision.Applied a = applied(t, new Action.Dispatch(Optional.empty(), Optional.empty(), "市政道路归交通部门", false,
                Optional.of("交通运输")), CADRE);
        assertThat(a.events()).extracting(TicketEvent::type)
                .containsExactly(EventType.RECATEGORIZED, EventType.DISPATCHED);
        assertThat(a.events().get(0).note()).isEqualTo("类别更正：城乡建设→交通运输");
        assertThat(a.events().get(1).note()).startsWith("改派至").endsWith("：市政道路归交通部门");
        Ticket u = a.ticket();
        assertThat(u.version()).isEqualTo(t.version() + 2);
        assertThat(u.category()).isEqualTo("交通运输");
        assertThat(u.subcategory()).isEmpty();
        assertThat(u.department()).contains("qu-jtw"); // the new category's owner
        assertThat(u.status()).isEqualTo(TicketStatus.DISPATCHED);
        // the new cycle's deadlines are the new category's terms
        SlaTerms terms = Fixtures.SLA.terms("交通运输", Optional.empty(), Urgency.NORMAL);
        assertThat(u.signDue()).contains(terms.sign().dueFrom(NOW.plus(Duration.ofMinutes(10)), Fixtures.WORKING_TIME));
        // a named department wins over the category's owner
        Ticket v = applied(t, new Action.Dispatch(Optional.of("jd-zfd"), Optional.empty(), "", false,
                Optional.of("环境保护")), LEADER).ticket();
        assertThat(v.category()).isEqualTo("环境保护");
        assertThat(v.department()).contains("jd-zfd");
        // the same category: a plain dispatch
        Decision.Applied same = applied(t, new Action.Dispatch(Optional.of("jd-zfd"), Optional.empty(), "", false,
                Optional.of("城乡建设")), CADRE);
        assertThat(same.events()).extracting(TicketEvent::type).containsExactly(EventType.DISPATCHED);
        assertThat(same.ticket().subcategory()).contains("物业照明");
    }

    @Test
    void dispatchWithANewCategory_refusedAsAWhole() {
        Ticket t = opened();
        Decision.Refused staff = refused(t, new Action.Dispatch(Optional.empty(), Optional.empty(), "", false,
                Optional.of("交通运输")), CGB);
        assertThat(staff.forbidden()).isTrue();
        assertThat(refused(t, new Action.Dispatch(Optional.empty(), Optional.empty(), "", false,
                Optional.of("宇宙探索")), CADRE).reason()).startsWith("类别「宇宙探索」不存在");
        // the new category's owner is the department it is already dispatched to: nothing is written
        Decision.Refused again = refused(t, new Action.Dispatch(Optional.of("jd-cgb"), Optional.empty(), "", false,
                Optional.of("环境保护")), CADRE);
        assertThat(again.reason()).isEqualTo("工单已派给街道城市管理办公室，无需重复派单；只更正类别请用“更正类别”");
        // a resolved ticket is not dispatched (the correct action is the way to fix its category)
        Ticket accepted = applied(t, new Action.Accept(""), CGB).ticket();
        Ticket resolved = applied(accepted, new Action.Resolve("已修复", List.of()), CGB).ticket();
        assertThat(refused(resolved, new Action.Dispatch(Optional.empty(), Optional.empty(), "", false,
                Optional.of("交通运输")), CADRE).reason()).contains("不能派单");
    }

    @Test
    void replay_foldsCorrections_andLogsWithoutThemReplayAsBefore() {
        Decision.Applied open = MACHINE.open("202611300001", Fixtures.streetLight(), RESIDENT_ACTOR, NOW);
        List<TicketEvent> log = new ArrayList<>(open.events());
        Ticket before = Ticket.replay(log);
        assertThat(before).isEqualTo(open.ticket());
        Decision.Applied a = applied(open.ticket(), new Action.Dispatch(Optional.empty(), Optional.empty(), "", false,
                Optional.of("交通运输")), CADRE);
        log.addAll(a.events());
        Decision.Applied b = applied(a.ticket(), new Action.Recategorize("环境保护", Optional.of("噪声"), ""), LEADER);
        log.addAll(b.events());
        Ticket replayed = Ticket.replay(log);
        assertThat(replayed).isEqualTo(b.ticket());
        assertThat(replayed.category()).isEqualTo("环境保护");
        assertThat(replayed.subcategory()).contains("噪声");
        assertThat(replayed.department()).contains("qu-jtw");
        // a RECATEGORIZED event as stored (data only: no subcategory) clears the subcategory on replay
        TicketEvent stored = new TicketEvent(replayed.number(), replayed.version() + 1, EventType.RECATEGORIZED, CADRE,
                NOW.plus(Duration.ofHours(1)), Optional.of(replayed.status()), replayed.status(), "类别更正：环境保护→卫生计生",
                List.of(), Map.of("category", "卫生计生", "previousCategory", "环境保护", "previousSubcategory", "噪声"));
        log.add(stored);
        Ticket last = Ticket.replay(log);
        assertThat(last.category()).isEqualTo("卫生计生");
        assertThat(last.subcategory()).isEmpty();
        assertThat(last.text()).isEqualTo(before.text());
        assertThat(last.createdAt()).isEqualTo(before.createdAt());
    }
}
