package io.shaozi.core.ticket;

import static io.shaozi.core.ticket.TicketStatus.ACCEPTED;
import static io.shaozi.core.ticket.TicketStatus.ARBITRATION;
import static io.shaozi.core.ticket.TicketStatus.CLOSED;
import static io.shaozi.core.ticket.TicketStatus.DISPATCHED;
import static io.shaozi.core.ticket.TicketStatus.IN_PROGRESS;
import static io.shaozi.core.ticket.TicketStatus.MERGED;
import static io.shaozi.core.ticket.TicketStatus.RECEIVED;
import static io.shaozi.core.ticket.TicketStatus.REOPENED;
import static io.shaozi.core.ticket.TicketStatus.RESOLVED;
import static io.shaozi.core.ticket.TicketStatus.RETURNED;
import static io.shaozi.core.ticket.TicketStatus.WAITING_RESIDENT;
import static io.shaozi.core.ticket.TicketStatus.WHISTLED;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one owner of ticket transitions. Pure: given a ticket, an action, the actor and the time, it returns the
 * events to append (with deadlines already computed) or a refusal with the reason in Chinese. It never reads a
 * clock or a store; {@link TicketService} supplies both.
 *
 * <p>Allowed source states per action are in {@link #FROM}; see TICKETS.md for the diagram.
 */
public final class TicketMachine {

    /** Source states in which each action is allowed (further checks apply: role, department, data). */
    public static final Map<String, Set<TicketStatus>> FROM = Map.ofEntries(
            Map.entry("dispatch", EnumSet.of(RECEIVED, RETURNED, ARBITRATION, DISPATCHED, ACCEPTED, REOPENED)),
            Map.entry("accept", EnumSet.of(DISPATCHED, REOPENED, WHISTLED)),
            Map.entry("progress", EnumSet.of(ACCEPTED, IN_PROGRESS, WAITING_RESIDENT, WHISTLED)),
            Map.entry("wait", EnumSet.of(ACCEPTED, IN_PROGRESS)),
            Map.entry("detail", EnumSet.of(RECEIVED, DISPATCHED, ACCEPTED, IN_PROGRESS, WAITING_RESIDENT, WHISTLED,
                    RETURNED, ARBITRATION, REOPENED)),
            Map.entry("resolve", EnumSet.of(ACCEPTED, IN_PROGRESS, WHISTLED)),
            Map.entry("return", EnumSet.of(DISPATCHED, ACCEPTED)),
            Map.entry("whistle", EnumSet.of(RECEIVED, DISPATCHED, ACCEPTED, IN_PROGRESS, RETURNED, ARBITRATION, REOPENED,
                    WHISTLED)),
            Map.entry("report", EnumSet.of(RECEIVED, DISPATCHED, ACCEPTED, IN_PROGRESS, WAITING_RESIDENT, WHISTLED,
                    RETURNED, ARBITRATION, REOPENED, RESOLVED)),
            Map.entry("merge", EnumSet.of(RECEIVED, DISPATCHED, ACCEPTED, IN_PROGRESS, WAITING_RESIDENT, WHISTLED,
                    RETURNED, ARBITRATION, REOPENED)),
            Map.entry("reopen", EnumSet.of(RESOLVED, CLOSED)),
            Map.entry("extend", EnumSet.of(ACCEPTED, IN_PROGRESS, WAITING_RESIDENT, WHISTLED)),
            Map.entry("withdraw", EnumSet.of(RECEIVED, DISPATCHED, ACCEPTED, IN_PROGRESS, WAITING_RESIDENT, WHISTLED,
                    RETURNED, ARBITRATION, REOPENED)),
            Map.entry("rate", EnumSet.of(RESOLVED)),
            Map.entry("urge", EnumSet.of(RECEIVED, DISPATCHED, ACCEPTED, IN_PROGRESS, WAITING_RESIDENT, WHISTLED,
                    RETURNED, ARBITRATION, REOPENED)),
            // a download job can fail after the ticket was closed, merged or withdrawn: the timeline still says so
            Map.entry("mediaFailed", EnumSet.allOf(TicketStatus.class)),
            Map.entry("alert", EnumSet.of(RECEIVED, DISPATCHED, ACCEPTED, IN_PROGRESS, WAITING_RESIDENT, WHISTLED,
                    RETURNED, ARBITRATION, REOPENED)),
            Map.entry("ack", EnumSet.of(RECEIVED, DISPATCHED, ACCEPTED, IN_PROGRESS, WAITING_RESIDENT, WHISTLED,
                    RETURNED, ARBITRATION, REOPENED)),
            // a closed or withdrawn ticket's category still counts in the statistics; a merged one follows its master
            Map.entry("correct", EnumSet.complementOf(EnumSet.of(MERGED))),
            Map.entry("locate", EnumSet.of(RECEIVED, DISPATCHED, ACCEPTED, IN_PROGRESS, WAITING_RESIDENT, WHISTLED,
                    RETURNED, ARBITRATION, REOPENED)));

    /** Longest extension one request may ask for, in working days. */
    static final int MAX_EXTENSION_DAYS = 30;

    private final SlaPolicy sla;
    private final Directory directory;
    private final TicketRules rules;

    public TicketMachine(SlaPolicy sla, Directory directory) {
        this.sla = Objects.requireNonNull(sla, "sla");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.rules = new TicketRules(sla, directory);
    }

    public SlaPolicy sla() {
        return sla;
    }

    public Directory directory() {
        return directory;
    }

    // ------------------------------------------------------------------ open

    /** 受理, then 派单 by category and place when a department is found (else it waits for manual dispatch). */
    public Decision.Applied open(String number, OpenRequest req, Actor actor, Instant now) {
        if (req.category().isBlank()) {
            throw new IllegalArgumentException("category must not be blank");
        }
        Map<String, String> d = new HashMap<>();
        d.put(Keys.CATEGORY, req.category());
        req.subcategory().filter(s -> !s.isBlank()).ifPresent(s -> d.put(Keys.SUBCATEGORY, s));
        d.put(Keys.URGENCY, req.urgency().name());
        if (!req.modelVersion().isBlank()) {
            d.put(Keys.MODEL_VERSION, req.modelVersion());
        }
        if (!req.requestType().isBlank()) {
            d.put(Keys.REQUEST_TYPE, req.requestType());
        }
        d.put(Keys.TEXT, req.text());
        d.put(Keys.PLACE, req.place());
        Optional<String> community = req.community().filter(directory::communityExists)
                .or(() -> directory.communityOf(req.place()));
        community.ifPresent(c -> d.put(Keys.COMMUNITY, c));
        Keys.reporter(d, "r.", req.reporter());
        TicketEvent opened = new TicketEvent(number, 1, EventType.OPENED, actor, now, Optional.empty(), RECEIVED,
                "受理诉求：" + req.category() + req.subcategory().map(s -> "/" + s).orElse(""), req.attachments(), d);
        Ticket t = Ticket.replay(List.of(opened));
        Emitter em = new Emitter(t, now);
        em.events.add(opened);
        // 表扬 goes to the department praised when the resident named one; otherwise to the category's owner
        Optional<Directory.Route> route = req.praised().filter(directory::departmentExists)
                .map(dept -> new Directory.Route(dept, community))
                .or(() -> directory.route(req.category(), req.subcategory(), req.place(), community));
        if (route.isPresent()) {
            rules.dispatchTo(em, Actor.system(), route.get().department(), route.get().community().or(() -> community),
                    "按职责清单自动派单", false, now);
        }
        return em.applied();
    }

    // ------------------------------------------------------------------ decide

    /** Decides {@code action} on {@code t}. Merges need the master: use {@link #decideMerge}. */
    public Decision decide(Ticket t, Action action, Actor actor, Instant now) {
        String name = action.name();
        if (action instanceof Action.Merge) {
            throw new IllegalArgumentException("merge needs the master ticket: use decideMerge");
        }
        if (!FROM.get(name).contains(t.status())) {
            return illegal(t, name);
        }
        Emitter em = new Emitter(t, now);
        Optional<String> refusal;
        if (action instanceof Action.Dispatch a) {
            refusal = rules.dispatch(em, a, actor, now);
        } else if (action instanceof Action.Accept a) {
            refusal = rules.accept(em, a, actor);
        } else if (action instanceof Action.Progress a) {
            refusal = rules.progress(em, a, actor, now);
        } else if (action instanceof Action.Wait a) {
            refusal = rules.waitFor(em, a, actor);
        } else if (action instanceof Action.AddDetail a) {
            refusal = rules.detail(em, a, actor, now);
        } else if (action instanceof Action.Resolve a) {
            refusal = rules.resolve(em, a, actor, now);
        } else if (action instanceof Action.Return a) {
            refusal = rules.giveBack(em, a, actor);
        } else if (action instanceof Action.Whistle a) {
            refusal = rules.whistle(em, a, actor, now);
        } else if (action instanceof Action.Report a) {
            refusal = rules.report(em, a, actor);
        } else if (action instanceof Action.Reopen a) {
            refusal = rules.reopen(em, a, actor, now);
        } else if (action instanceof Action.Extend a) {
            refusal = rules.extend(em, a, actor);
        } else if (action instanceof Action.Withdraw a) {
            refusal = rules.withdraw(em, a, actor);
        } else if (action instanceof Action.Rate a) {
            refusal = rules.rate(em, a, actor, now);
        } else if (action instanceof Action.Urge a) {
            refusal = rules.urge(em, a, actor);
        } else if (action instanceof Action.Alert a) {
            refusal = rules.alert(em, a, actor);
        } else if (action instanceof Action.MediaFailed a) {
            refusal = rules.mediaFailed(em, a, actor);
        } else if (action instanceof Action.AckAlert a) {
            refusal = rules.ack(em, a, actor);
        } else if (action instanceof Action.Locate a) {
            refusal = rules.locate(em, a, actor, now);
        } else if (action instanceof Action.Recategorize a) {
            refusal = rules.recategorize(em, a, actor);
        } else {
            throw new IllegalArgumentException("unknown action " + action);
        }
        if (refusal.isPresent()) {
            String r = refusal.get();
            boolean forbidden = r.startsWith(TicketRules.FORBIDDEN);
            return new Decision.Refused(forbidden ? r.substring(TicketRules.FORBIDDEN.length()) : r, forbidden);
        }
        return em.applied();
    }

    /** 合并: {@code dup} becomes MERGED and its reporters follow {@code master}. */
    public Decision decideMerge(Ticket dup, Ticket master, Action.Merge action, Actor actor, Instant now) {
        if (!FROM.get("merge").contains(dup.status())) {
            return illegal(dup, "merge");
        }
        if (!actor.role().street()) {
            return new Decision.Refused("只有街道干部或领导可以合并工单", true);
        }
        if (dup.number().equals(master.number())) {
            return new Decision.Refused("不能把工单合并到自身", false);
        }
        if (master.status().terminal()) {
            return new Decision.Refused("主单" + master.number() + "状态为「" + master.status().label() + "」，不能作为合并目标", false);
        }
        Emitter dm = new Emitter(dup, now);
        Map<String, String> d = new HashMap<>();
        d.put(Keys.MASTER, master.number());
        dm.emit(EventType.MERGED, actor, MERGED, "重复诉求，合并至主单" + master.number() + TicketRules.note(action.note()), List.of(), d);
        Emitter mm = new Emitter(master, now);
        Map<String, String> md = new HashMap<>();
        md.put(Keys.DUPLICATE, dup.number());
        Keys.followers(md, dup.audience());
        mm.emit(EventType.MERGED_IN, actor, master.status(), "并入重复诉求" + dup.number() + TicketRules.note(action.note()), List.of(), md);
        Decision.Applied m = mm.applied();
        return new Decision.Applied(dm.t, dm.events, Optional.of(m));
    }

    // ------------------------------------------------------------------ scanner

    /**
     * What time alone does to a ticket at {@code now}: missed deadlines (超期, escalated to the street leader), the
     * district escalation, missed 报到, and closing unrated tickets. Idempotent: a second call at the same instant
     * returns no events.
     */
    public Decision.Applied tick(Ticket t, Instant now) {
        Emitter em = new Emitter(t, now);
        Actor sys = Actor.system();
        if (t.status().terminal()) {
            return em.applied();
        }
        if (t.status() == RESOLVED && t.ratingDue().isPresent() && !t.ratingDue().get().isAfter(now)) {
            em.emit(EventType.CLOSED_UNRATED, sys, CLOSED, "回访期内未评价，按未评价结案", List.of(), Map.of());
            return em.applied();
        }
        for (DeadlineKind k : em.t.pendingDeadlines()) {
            Instant due = em.t.deadline(k).orElseThrow();
            if (!due.isAfter(now)) {
                Map<String, String> d = new HashMap<>();
                d.put(Keys.KIND, k.name());
                Instant escalate = em.t.escalation() >= 1 && em.t.escalateAt().isPresent() ? em.t.escalateAt().get()
                        : sla.escalateDistrictAfter().dueFrom(due, sla.workingTime());
                if (em.t.escalation() < 2) {
                    d.put(Keys.ESCALATE_AT, escalate.toString());
                }
                em.emit(EventType.OVERDUE, sys, t.status(), k.label() + "超时（时限" + rules.fmt(due) + "），已提请街道督办",
                        List.of(), d);
            }
        }
        if (em.t.escalationPending() && !em.t.escalateAt().get().isAfter(now)) {
            Map<String, String> d = new HashMap<>();
            d.put(Keys.LEVEL, "2");
            em.emit(EventType.ESCALATED, sys, t.status(), "督办后仍未办理，升级至区级督办", List.of(), d);
        }
        for (Summons s : em.t.summons()) {
            if (!s.reported() && !s.missed() && !s.dueAt().isAfter(now)) {
                Map<String, String> d = new HashMap<>();
                d.put(Keys.DEPARTMENT, s.department());
                em.emit(EventType.REPORT_MISSED, sys, em.t.status(),
                        directory.name(s.department()) + "未在时限内报到（时限" + rules.fmt(s.dueAt()) + "）", List.of(), d);
            }
        }
        return em.applied();
    }

    private static Decision.Refused illegal(Ticket t, String action) {
        return new Decision.Refused("工单" + t.number() + "当前状态为「" + t.status().label() + "」，不能" + verb(action), false);
    }

    static String verb(String action) {
        return switch (action) {
            case "dispatch" -> "派单";
            case "accept" -> "签收";
            case "progress" -> "反馈办理进展";
            case "wait" -> "转为待补充";
            case "detail" -> "补充诉求";
            case "resolve" -> "办结";
            case "return" -> "退单";
            case "whistle" -> "吹哨";
            case "report" -> "报到";
            case "merge" -> "合并";
            case "reopen" -> "重办";
            case "extend" -> "延期";
            case "withdraw" -> "撤销";
            case "rate" -> "评价";
            case "urge" -> "催办";
            case "alert" -> "告警";
            case "ack" -> "确认告警";
            case "locate" -> "补充位置";
            case "correct" -> "更正类别";
            default -> action;
        };
    }

}
