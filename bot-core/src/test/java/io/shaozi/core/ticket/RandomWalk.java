package io.shaozi.core.ticket;

import static io.shaozi.core.ticket.Fixtures.ADMIN;
import static io.shaozi.core.ticket.Fixtures.CADRE;
import static io.shaozi.core.ticket.Fixtures.CGB;
import static io.shaozi.core.ticket.Fixtures.COMMUNITY;
import static io.shaozi.core.ticket.Fixtures.LEADER;
import static io.shaozi.core.ticket.Fixtures.RESIDENT_ACTOR;
import static io.shaozi.core.ticket.Fixtures.ZFD;
import static io.shaozi.core.ticket.Fixtures.ZJW;

import io.shaozi.nlp.Rating;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random action sequences for property tests. */
public final class RandomWalk {
    /** One step: wait {@code minutes}, then {@code action} by {@code actor} (or a scanner tick). */
    public record Step(int action, int actor, int minutes, int param) {
    }

    static final List<Actor> ACTORS = List.of(RESIDENT_ACTOR, CADRE, LEADER, ADMIN, CGB, ZFD, ZJW, COMMUNITY);
    static final List<String> DEPTS = List.of("jd-cgb", "jd-zfd", "qu-zjw", "qu-jtw", "nope");
    static final int KINDS = 21;
    /** Categories a correction may name: the ticket's own (城乡建设), others, and one that does not exist. */
    static final List<String> CATEGORIES = List.of("城乡建设", "交通运输", "环境保护", "卫生计生", "商贸旅游", "不存在");

    private RandomWalk() {
    }

    public static Arbitrary<List<Step>> steps(int max) {
        int[] weights = {4, 6, 0, 5, 2, 2, 5, 3, 2, 3, 1, 2, 2, 2, 1, 5, 1, 4, 0, 1, 1};
        List<net.jqwik.api.Tuple.Tuple2<Integer, Integer>> freq = new java.util.ArrayList<>();
        for (int k = 0; k < KINDS; k++) {
            if (weights[k] > 0) {
                freq.add(net.jqwik.api.Tuple.of(weights[k], k));
            }
        }
        Arbitrary<Step> step = Combinators.combine(Arbitraries.frequency(freq),
                Arbitraries.integers().between(0, ACTORS.size() - 1),
                Arbitraries.integers().between(0, 3000).edgeCases(c -> c.add(0)),
                Arbitraries.integers().between(0, 5)).as(Step::new);
        return step.list().ofMinSize(Math.min(5, max)).ofMaxSize(max);
    }

    public static Actor actor(Step s) {
        // department actions are mostly done by the right department so that walks get far
        return ACTORS.get(s.actor());
    }

    public static Duration wait(Step s) {
        return Duration.ofMinutes(s.minutes());
    }

    /** The action for a step, or empty for a scanner tick. {@code master} is the merge target. */
    public static Optional<Action> action(Step s, String master) {
        int p = s.param();
        String dept = DEPTS.get(p % DEPTS.size());
        return Optional.ofNullable(switch (s.action()) {
            case 0 -> new Action.Dispatch(p == 0 ? Optional.empty() : Optional.of(dept), Optional.empty(),
                    p % 2 == 0 ? "" : "审定意见", p == 3);
            case 1, 2 -> new Action.Accept("");
            case 3 -> new Action.Progress(p == 0 ? "" : "进展", p % 2 == 1, List.of());
            case 4 -> new Action.Wait(p == 0 ? "" : "请补充照片");
            case 5 -> new Action.AddDetail(p == 0 ? "" : "补充", p == 1 ? List.of("media:x") : List.of());
            case 6 -> new Action.Resolve(p == 0 ? "" : "已办结", List.of());
            case 7 -> new Action.Return(ReturnReason.values()[p % ReturnReason.values().length], p == 5 ? "" : "原因");
            case 8 -> new Action.Whistle(p == 0 ? List.of() : List.of(dept, DEPTS.get((p + 1) % DEPTS.size())),
                    Optional.empty(), "");
            case 9 -> new Action.Report(dept, Optional.of("现场"), Optional.empty(), "");
            case 10 -> new Action.Merge(p == 0 ? "x" : master, "");
            case 11 -> new Action.Reopen(p == 0 ? "" : "群众反映未解决");
            case 12 -> new Action.Extend(p * 3, p == 0 ? "" : "协调", Optional.empty());
            case 13 -> new Action.Extend(0, "", Optional.of(p % 2 == 0));
            case 14 -> new Action.Withdraw("不需要了");
            case 15 -> new Action.Rate(Rating.values()[p % Rating.values().length], p == 2 ? "" : "意见");
            case 16 -> new Action.Urge("");
            case 19 -> new Action.Recategorize(CATEGORIES.get(p % CATEGORIES.size()),
                    p == 4 ? Optional.of("道路") : Optional.empty(), p == 1 ? "" : "更正");
            case 20 -> new Action.Dispatch(p % 2 == 0 ? Optional.empty() : Optional.of(dept), Optional.empty(), "改派",
                    false, Optional.of(CATEGORIES.get(p % CATEGORIES.size())));
            default -> null; // 17, 18: the scanner
        });
    }

    /**
     * Mostly the actor the action needs (so walks get far), sometimes a random one (so refusals are exercised).
     */
    public static Actor smartActor(Step s, Ticket t) {
        if (s.actor() == 0) {
            return ACTORS.get(s.param() % ACTORS.size());
        }
        return switch (s.action()) {
            case 1, 2, 3, 4, 6, 7, 12 -> t.department().isPresent()
                    ? Actor.staff("staff", "承办人", io.shaozi.core.identity.Role.DEPARTMENT_STAFF, t.department().get())
                    : Fixtures.CGB;
            case 9 -> Actor.staff("staff", "报到人", io.shaozi.core.identity.Role.DEPARTMENT_STAFF,
                    DEPTS.get(s.param() % DEPTS.size()));
            case 0, 8, 10, 11, 13, 19, 20 -> s.actor() % 2 == 0 ? Fixtures.CADRE : Fixtures.LEADER;
            default -> s.actor() % 3 == 0 ? Fixtures.COMMUNITY : Fixtures.RESIDENT_ACTOR;
        };
    }
}
