package io.shaozi.core.ticket;

import static io.shaozi.core.ticket.TicketStatus.ACCEPTED;
import static io.shaozi.core.ticket.TicketStatus.ARBITRATION;
import static io.shaozi.core.ticket.TicketStatus.CLOSED;
import static io.shaozi.core.ticket.TicketStatus.DISPATCHED;
import static io.shaozi.core.ticket.TicketStatus.IN_PROGRESS;
import static io.shaozi.core.ticket.TicketStatus.REOPENED;
import static io.shaozi.core.ticket.TicketStatus.RESOLVED;
import static io.shaozi.core.ticket.TicketStatus.RETURNED;
import static io.shaozi.core.ticket.TicketStatus.WAITING_RESIDENT;
import static io.shaozi.core.ticket.TicketStatus.WHISTLED;
import static io.shaozi.core.ticket.TicketStatus.WITHDRAWN;

import io.shaozi.core.identity.Role;
import io.shaozi.nlp.Rating;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of each action on a ticket (who may, from which data, with which deadlines), for {@link TicketMachine}:
 * each appends its events to the {@link Emitter} or returns the refusal (in Chinese; {@link #FORBIDDEN} first when
 * the actor may not do it at all).
 */
final class TicketRules {
    private final SlaPolicy sla;
    private final Directory directory;

    TicketRules(SlaPolicy sla, Directory directory) {
        this.sla = sla;
        this.directory = directory;
    }


    static final String FORBIDDEN = "\u0000";

    private static Optional<String> forbidden(String reason) {
        return Optional.of(FORBIDDEN + reason);
    }

    private static Optional<String> refuse(String reason) {
        return Optional.of(reason);
    }

    /** Department staff of the ticket's department, or admin/system. */
    private static boolean handles(Ticket t, Actor a) {
        return a.role() == Role.ADMIN || a.role() == Role.SYSTEM
                || a.role() == Role.DEPARTMENT_STAFF && t.department().isPresent() && a.inDepartment(t.department().get());
    }

    /** Refusal unless the actor handles the ticket and the ticket was signed for. */
    private Optional<String> signedHandler(Ticket t, Actor actor) {
        if (!handles(t, actor)) {
            return notHandler(t);
        }
        return t.acceptedAt().isEmpty() ? refuse("请先签收工单") : Optional.empty();
    }

    private Optional<String> notHandler(Ticket t) {
        return forbidden("只有承办单位" + t.department().map(directory::name).orElse("") + "的工作人员可以办理此操作");
    }

    Optional<String> dispatch(Emitter em, Action.Dispatch a, Actor actor, Instant now) {
        Ticket t = em.t;
        if (!actor.role().street()) {
            return forbidden("只有街道干部或领导可以派单");
        }
        if (t.status() == ARBITRATION && (actor.role() == Role.SYSTEM || a.note().isBlank())) {
            return refuse("工单已多次退单，须由街道填写审定意见后派单");
        }
        Optional<String> category = a.category().map(String::strip).filter(c -> !c.isEmpty());
        if (a.category().isPresent() && category.isEmpty()) {
            return refuse("请选择更正后的类别");
        }
        if (category.isPresent() && !category.get().equals(t.category())) {
            // 改派 with a corrected category: the correction first, so routing and deadlines use the new category
            Optional<String> bad = unknownCategory(category.get());
            if (bad.isPresent()) {
                return bad;
            }
            recategorizeTo(em, actor, category.get(), Optional.empty(), "");
            t = em.t;
        }
        boolean wrongful = a.wrongfulReturn();
        if (wrongful && (t.returnedBy().isEmpty() || (t.status() != RETURNED && t.status() != ARBITRATION))) {
            return refuse("工单没有待审定的退单，不能认定退单不当");
        }
        Optional<String> dept = a.department().filter(s -> !s.isBlank());
        Optional<String> community = a.community().filter(s -> !s.isBlank());
        if (dept.isEmpty() && wrongful) {
            dept = t.returnedBy();
        }
        if (dept.isEmpty()) {
            Optional<Directory.Route> r = directory.route(t.category(), t.subcategory(), t.place(), t.community());
            if (r.isEmpty()) {
                return refuse("未找到负责「" + t.category() + "」的部门，请指定派单部门");
            }
            dept = Optional.of(r.get().department());
            community = community.or(() -> r.get().community());
        }
        if (!directory.departmentExists(dept.get())) {
            return refuse("部门" + dept.get() + "不存在");
        }
        if (community.isPresent() && !directory.communityExists(community.get())) {
            return refuse("社区" + community.get() + "不存在");
        }
        if (wrongful && !dept.equals(t.returnedBy())) {
            return refuse("认定退单不当时，应派回原退单单位" + directory.name(t.returnedBy().get()));
        }
        if (t.status() == DISPATCHED && dept.equals(t.department())) {
            return refuse("工单已派给" + directory.name(dept.get()) + "，无需重复派单"
                    + (em.events.isEmpty() ? "" : "；只更正类别请用“更正类别”"));
        }
        dispatchTo(em, actor, dept.get(), community, a.note(), wrongful, now);
        return Optional.empty();
    }

    void dispatchTo(Emitter em, Actor actor, String dept, Optional<String> community, String note, boolean wrongful,
                            Instant now) {
        Ticket t = em.t;
        Map<String, String> d = new HashMap<>();
        d.put(Keys.DEPARTMENT, dept);
        community.ifPresent(c -> d.put(Keys.COMMUNITY, c));
        Instant start = now;
        String text = (t.status() == ARBITRATION ? "街道审定后派单至" : t.department().isPresent() || t.bounces() > 0 ? "改派至" : "派单至")
                + directory.name(dept);
        if (wrongful) {
            // the clock keeps running from the dispatch that was wrongly returned: that time is charged
            Instant lostFrom = t.dispatchedAt().orElse(now);
            long lost = sla.workingTime().workingMinutesBetween(lostFrom, now);
            d.put(Keys.WRONGFUL_MINUTES, Long.toString(lost));
            d.put(Keys.WRONGFUL_DEPARTMENT, dept);
            start = lostFrom;
            text += "（认定退单不当，耽误的" + lost + "分钟工作时间计入该单位）";
        }
        putDeadlines(d, t, start);
        em.emit(EventType.DISPATCHED, actor, DISPATCHED, text + note(note), List.of(), d);
    }

    private void putDeadlines(Map<String, String> d, Ticket t, Instant start) {
        SlaTerms terms = sla.terms(t.category(), t.subcategory(), t.urgency());
        WorkingTime wt = sla.workingTime();
        Instant sign = terms.sign().dueFrom(start, wt);
        Instant contact = terms.contact().dueFrom(start, wt);
        Instant resolve = terms.resolve().dueFrom(start, wt);
        d.put(Keys.SIGN_DUE, sign.toString());
        d.put(Keys.CONTACT_DUE, contact.toString());
        d.put(Keys.RESOLVE_DUE, resolve.toString());
        d.put(Keys.PROVISIONAL, Boolean.toString(wt.isProvisional(start, resolve)));
    }

    Optional<String> accept(Emitter em, Action.Accept a, Actor actor) {
        Ticket t = em.t;
        if (!handles(t, actor)) {
            return notHandler(t);
        }
        if (t.acceptedAt().isPresent()) {
            return refuse("工单已签收，不能重复签收");
        }
        TicketStatus to = t.status() == WHISTLED ? WHISTLED : ACCEPTED;
        em.emit(EventType.ACCEPTED, actor, to, directory.name(t.department().orElse("")) + "已签收" + note(a.note()),
                List.of(), Map.of());
        return Optional.empty();
    }

    Optional<String> progress(Emitter em, Action.Progress a, Actor actor, Instant now) {
        Ticket t = em.t;
        Optional<String> notSigned = signedHandler(t, actor);
        if (notSigned.isPresent()) {
            return notSigned;
        }
        if (a.note().isBlank()) {
            return refuse("请填写办理进展");
        }
        Map<String, String> d = new HashMap<>();
        if (a.contacted()) {
            d.put(Keys.CONTACT, "true");
        }
        resumeDeadlines(d, t, now);
        em.emit(EventType.PROGRESS, actor, IN_PROGRESS, a.note(), a.attachments(), d);
        return Optional.empty();
    }

    private void resumeDeadlines(Map<String, String> d, Ticket t, Instant now) {
        if (t.pausedAt().isEmpty()) {
            return;
        }
        SlaTerms terms = sla.terms(t.category(), t.subcategory(), t.urgency());
        WorkingTime wt = sla.workingTime();
        Instant from = t.pausedAt().get();
        t.signDue().ifPresent(i -> d.put(Keys.SIGN_DUE, terms.sign().shift(i, from, now, wt).toString()));
        t.contactDue().ifPresent(i -> d.put(Keys.CONTACT_DUE, terms.contact().shift(i, from, now, wt).toString()));
        t.resolveDue().ifPresent(i -> d.put(Keys.RESOLVE_DUE, terms.resolve().shift(i, from, now, wt).toString()));
    }

    Optional<String> waitFor(Emitter em, Action.Wait a, Actor actor) {
        Ticket t = em.t;
        Optional<String> notSigned = signedHandler(t, actor);
        if (notSigned.isPresent()) {
            return notSigned;
        }
        if (a.note().isBlank()) {
            return refuse("请说明需要居民补充的内容");
        }
        Map<String, String> d = new HashMap<>();
        boolean pause = sla.pauses(WAITING_RESIDENT);
        d.put(Keys.PAUSED, Boolean.toString(pause));
        em.emit(EventType.WAITING, actor, WAITING_RESIDENT, "待居民补充：" + a.note() + (pause ? "（办理时限暂停计时）" : ""),
                List.of(), d);
        return Optional.empty();
    }

    Optional<String> detail(Emitter em, Action.AddDetail a, Actor actor, Instant now) {
        Ticket t = em.t;
        Role r = actor.role();
        boolean ok = r == Role.RESIDENT ? t.reportedBy(actor.id())
                : r == Role.COMMUNITY_WORKER || r == Role.GRID_WORKER || r.street() || handles(t, actor);
        if (!ok) {
            return forbidden("只有诉求人、社区（网格）工作人员或街道可以补充诉求");
        }
        if (a.note().isBlank() && a.attachments().isEmpty()) {
            return refuse("请填写补充内容或附上图片");
        }
        Map<String, String> d = new HashMap<>();
        TicketStatus to = t.status();
        if (t.status() == WAITING_RESIDENT) {
            to = IN_PROGRESS;
            resumeDeadlines(d, t, now);
        }
        em.emit(EventType.DETAIL_ADDED, actor, to, "补充：" + a.note(), a.attachments(), d);
        return Optional.empty();
    }

    Optional<String> resolve(Emitter em, Action.Resolve a, Actor actor, Instant now) {
        Ticket t = em.t;
        Optional<String> notSigned = signedHandler(t, actor);
        if (notSigned.isPresent()) {
            return notSigned;
        }
        if (a.note().isBlank()) {
            return refuse("请填写办理结果");
        }
        Map<String, String> d = new HashMap<>();
        d.put(Keys.RATING_DUE, sla.ratingWindow().dueFrom(now, sla.workingTime()).toString());
        em.emit(EventType.RESOLVED, actor, RESOLVED, "办结：" + a.note(), a.attachments(), d);
        return Optional.empty();
    }

    Optional<String> giveBack(Emitter em, Action.Return a, Actor actor) {
        Ticket t = em.t;
        if (!handles(t, actor)) {
            return notHandler(t);
        }
        if (a.reason() == ReturnReason.OTHER && a.note().isBlank()) {
            return refuse("退单原因为「其他」时须说明理由");
        }
        if (t.bounces() >= sla.bounceCap()) {
            return refuse("该工单已退单" + t.bounces() + "次并经街道审定，不能再退单");
        }
        int bounces = t.bounces() + 1;
        TicketStatus to = bounces >= sla.bounceCap() ? ARBITRATION : RETURNED;
        Map<String, String> d = new HashMap<>();
        d.put(Keys.REASON, a.reason().code());
        d.put(Keys.BOUNCES, Integer.toString(bounces));
        d.put(Keys.DEPARTMENT, t.department().orElse(""));
        String text = directory.name(t.department().orElse("")) + "退单（" + a.reason().code() + " " + a.reason().label() + "）"
                + note(a.note()) + (to == ARBITRATION ? "；已退单" + bounces + "次，提请街道审定" : "");
        em.emit(EventType.RETURNED, actor, to, text, List.of(), d);
        return Optional.empty();
    }

    Optional<String> whistle(Emitter em, Action.Whistle a, Actor actor, Instant now) {
        Ticket t = em.t;
        if (!actor.role().street()) {
            return forbidden("只有街道干部或领导可以吹哨");
        }
        Set<String> depts = new LinkedHashSet<>();
        for (String dep : a.departments()) {
            if (dep.isBlank()) {
                continue;
            }
            if (!directory.departmentExists(dep)) {
                return refuse("部门" + dep + "不存在");
            }
            Optional<Summons> open = t.summonsOf(dep).filter(s -> !s.reported() && !s.missed());
            if (open.isPresent()) {
                return refuse(directory.name(dep) + "已被召集，尚未报到");
            }
            depts.add(dep);
        }
        if (depts.isEmpty()) {
            return refuse("请至少召集一个部门");
        }
        Optional<String> lead = a.lead().filter(s -> !s.isBlank()).or(t::department).or(() -> depts.stream().findFirst());
        if (!directory.departmentExists(lead.get())) {
            return refuse("部门" + lead.get() + "不存在");
        }
        for (String dep : a.reportWithin().keySet()) {
            if (!depts.contains(dep)) {
                return refuse("报到时限所指的" + directory.name(dep) + "不在召集名单中");
            }
        }
        Map<String, String> d = new LinkedHashMap<>();
        Instant due = sla.report(t.urgency()).dueFrom(now, sla.workingTime());
        Instant latest = due;
        for (String dep : depts) {
            Instant own = a.reportWithin().containsKey(dep) ? a.reportWithin().get(dep).dueFrom(now, sla.workingTime()) : due;
            d.put(Keys.SUMMON_PREFIX + dep, own.toString());
            latest = own.isAfter(latest) ? own : latest;
        }
        boolean newLead = t.department().isEmpty() || !t.department().get().equals(lead.get())
                || !t.status().withDepartment();
        if (newLead) {
            d.put(Keys.DEPARTMENT, lead.get());
            putDeadlines(d, t, now);
        }
        List<String> names = depts.stream().map(directory::name).toList();
        String when = a.reportWithin().isEmpty() ? "于" + fmt(due) + "前报到" : "分别在规定时限内（最迟" + fmt(latest) + "）报到";
        em.emit(EventType.WHISTLED, actor, WHISTLED, "街道吹哨，召集" + String.join("、", names) + when + "；主责单位"
                + directory.name(lead.get()) + note(a.note()), List.of(), d);
        return Optional.empty();
    }

    Optional<String> report(Emitter em, Action.Report a, Actor actor) {
        Ticket t = em.t;
        boolean ok = actor.role() == Role.ADMIN || actor.role() == Role.SYSTEM || actor.role().street()
                || actor.role() == Role.DEPARTMENT_STAFF && actor.inDepartment(a.department());
        if (!ok) {
            return forbidden("只能为本部门报到");
        }
        Optional<Summons> s = t.summonsOf(a.department());
        if (s.isEmpty()) {
            return refuse(directory.name(a.department()) + "未被召集，无需报到");
        }
        if (s.get().reported()) {
            return refuse(directory.name(a.department()) + "已报到");
        }
        Map<String, String> d = new HashMap<>();
        d.put(Keys.DEPARTMENT, a.department());
        a.location().filter(x -> !x.isBlank()).ifPresent(x -> d.put(Keys.LOCATION, x));
        a.photo().filter(x -> !x.isBlank()).ifPresent(x -> d.put(Keys.PHOTO, x));
        boolean late = em.now.isAfter(s.get().dueAt());
        em.emit(EventType.REPORTED, actor, t.status(), directory.name(a.department()) + (late ? "迟到报到" : "按时报到")
                + "（" + actor.name() + "）" + note(a.note()), a.photo().filter(x -> !x.isBlank()).map(List::of).orElse(List.of()), d);
        return Optional.empty();
    }

    Optional<String> reopen(Emitter em, Action.Reopen a, Actor actor, Instant now) {
        Ticket t = em.t;
        if (!actor.role().street()) {
            return forbidden("只有街道干部或领导可以要求重办");
        }
        if (a.reason().isBlank()) {
            return refuse("请填写重办理由");
        }
        if (t.department().isEmpty()) {
            return refuse("工单没有承办单位，不能重办");
        }
        Map<String, String> d = new HashMap<>();
        d.put(Keys.REASON, a.reason());
        putDeadlines(d, t, now);
        em.emit(EventType.REOPENED, actor, REOPENED, "重办：" + a.reason(), List.of(), d);
        return Optional.empty();
    }

    Optional<String> extend(Emitter em, Action.Extend a, Actor actor) {
        Ticket t = em.t;
        if (a.decision().isEmpty()) {
            if (!handles(t, actor)) {
                return notHandler(t);
            }
            if (t.extensionRequested().isPresent()) {
                return refuse("已有延期申请等待审批");
            }
            if (a.workingDays() < 1 || a.workingDays() > TicketMachine.MAX_EXTENSION_DAYS) {
                return refuse("延期天数应为1至" + TicketMachine.MAX_EXTENSION_DAYS + "个工作日");
            }
            if (a.reason().isBlank()) {
                return refuse("请填写延期理由");
            }
            if (t.resolveDue().isEmpty()) {
                return refuse("工单没有办结时限，无需延期");
            }
            Map<String, String> d = new HashMap<>();
            d.put(Keys.DAYS, Integer.toString(a.workingDays()));
            em.emit(EventType.EXTENSION_REQUESTED, actor, t.status(), "申请延期" + a.workingDays() + "个工作日：" + a.reason(),
                    List.of(), d);
            return Optional.empty();
        }
        if (!actor.role().street()) {
            return forbidden("只有街道干部或领导可以审批延期");
        }
        if (t.extensionRequested().isEmpty()) {
            return refuse("没有待审批的延期申请");
        }
        int days = t.extensionRequested().get();
        Map<String, String> d = new HashMap<>();
        d.put(Keys.DAYS, Integer.toString(days));
        if (a.decision().get()) {
            Instant due = sla.workingTime().endOfWorkingDays(t.resolveDue().orElseThrow(), days);
            d.put(Keys.RESOLVE_DUE, due.toString());
            em.emit(EventType.EXTENSION_APPROVED, actor, t.status(), "同意延期" + days + "个工作日，办结时限调整为" + fmt(due)
                    + note(a.reason()), List.of(), d);
        } else {
            em.emit(EventType.EXTENSION_REJECTED, actor, t.status(), "不同意延期" + note(a.reason()), List.of(), d);
        }
        return Optional.empty();
    }

    Optional<String> withdraw(Emitter em, Action.Withdraw a, Actor actor) {
        Ticket t = em.t;
        boolean ok = actor.role() == Role.RESIDENT ? t.reporter().key().equals(actor.id()) : actor.role().street();
        if (!ok) {
            return forbidden("只有诉求人本人或街道可以撤销工单");
        }
        em.emit(EventType.WITHDRAWN, actor, WITHDRAWN, "撤销" + note(a.reason()), List.of(),
                a.reason().isBlank() ? Map.of() : Map.of(Keys.REASON, a.reason()));
        return Optional.empty();
    }

    Optional<String> rate(Emitter em, Action.Rate a, Actor actor, Instant now) {
        Ticket t = em.t;
        boolean ok = actor.role() == Role.RESIDENT ? t.reportedBy(actor.id())
                : actor.role() == Role.COMMUNITY_WORKER || actor.role().street();
        if (!ok) {
            return forbidden("只有诉求人（或回访人员）可以评价");
        }
        if (a.rating() == Rating.UNRATED) {
            return refuse("请选择满意、基本满意或不满意");
        }
        Map<String, String> d = new HashMap<>();
        d.put(Keys.RATING, a.rating().name());
        if (a.rating() == Rating.UNSATISFIED) {
            if (a.comment().isBlank()) {
                return refuse("请说明不满意的原因，以便重办");
            }
            if (t.department().isEmpty()) {
                return refuse("工单没有承办单位，不能重办");
            }
            d.put(Keys.REASON, a.comment());
            putDeadlines(d, t, now);
            em.emit(EventType.RATED, actor, REOPENED, "评价：不满意（" + a.comment() + "），转重办", List.of(), d);
        } else {
            em.emit(EventType.RATED, actor, CLOSED, "评价：" + a.rating().label() + note(a.comment()), List.of(), d);
        }
        return Optional.empty();
    }

    Optional<String> urge(Emitter em, Action.Urge a, Actor actor) {
        Ticket t = em.t;
        Role r = actor.role();
        boolean ok = r == Role.RESIDENT ? t.reportedBy(actor.id())
                : r == Role.COMMUNITY_WORKER || r == Role.GRID_WORKER || r.street();
        if (!ok) {
            return forbidden("无权催办");
        }
        em.emit(EventType.URGED, actor, t.status(), "催办" + note(a.note()), List.of(), Map.of());
        return Optional.empty();
    }

    Optional<String> alert(Emitter em, Action.Alert a, Actor actor) {
        if (actor.role() != Role.SYSTEM) {
            return forbidden("告警只由系统发出");
        }
        em.emit(EventType.ALERTED, actor, em.t.status(), a.note(), List.of(), a.data());
        return Optional.empty();
    }

    Optional<String> mediaFailed(Emitter em, Action.MediaFailed a, Actor actor) {
        if (actor.role() != Role.SYSTEM) {
            return forbidden("附件下载失败只由系统记录");
        }
        String what = a.ref().startsWith("voice:") ? "语音" : "照片";
        String note = what + "下载失败：" + a.reason() + (a.retrying() ? "，将自动重试" : "，已放弃");
        em.emit(EventType.MEDIA_FAILED, actor, em.t.status(), note, List.of(),
                Map.of(Keys.MEDIA, a.ref(), Keys.RETRYING, Boolean.toString(a.retrying())));
        return Optional.empty();
    }

    Optional<String> ack(Emitter em, Action.AckAlert a, Actor actor) {
        Ticket t = em.t;
        Role r = actor.role();
        boolean ok = r.street() || r == Role.COMMUNITY_WORKER || r == Role.GRID_WORKER || handles(t, actor)
                || r == Role.DEPARTMENT_STAFF && actor.department().isPresent()
                && t.summonsOf(actor.department().get()).isPresent();
        if (!ok) {
            return forbidden("无权确认此工单的告警");
        }
        Map<String, String> d = new HashMap<>();
        d.put("via", a.via());
        String via = switch (a.via()) {
            case "chat" -> "（聊天回复“收到”）";
            case "console" -> "（在工作台查看）";
            default -> "";
        };
        em.emit(EventType.ALERT_ACKED, actor, t.status(), actor.name() + "已确认告警" + via, List.of(), d);
        return Optional.empty();
    }

    Optional<String> locate(Emitter em, Action.Locate a, Actor actor, Instant now) {
        Ticket t = em.t;
        Role r = actor.role();
        boolean ok = r == Role.RESIDENT ? t.reportedBy(actor.id())
                : r == Role.COMMUNITY_WORKER || r == Role.GRID_WORKER || r.street() || handles(t, actor);
        if (!ok) {
            return forbidden("只有诉求人、社区（网格）工作人员或街道可以补充位置");
        }
        String place = a.place().strip();
        if (place.isEmpty()) {
            return refuse("请填写位置");
        }
        Map<String, String> d = new HashMap<>();
        d.put(Keys.PLACE, place);
        Optional<String> community = directory.communityOf(place);
        community.ifPresent(c -> d.put(Keys.COMMUNITY, c));
        TicketStatus to = t.status();
        if (t.status() == WAITING_RESIDENT) {
            to = IN_PROGRESS;
            resumeDeadlines(d, t, now);
        }
        em.emit(EventType.DETAIL_ADDED, actor, to, "补充位置：" + place
                + community.map(c -> "（" + directory.name(c) + "）").orElse(""), List.of(), d);
        // route again by the new place while nobody has signed for it yet (属地: the community's street office)
        Ticket u = em.t;
        if (u.acceptedAt().isEmpty() && (u.status() == TicketStatus.RECEIVED || u.status() == DISPATCHED)) {
            Optional<Directory.Route> route = directory.route(u.category(), u.subcategory(), u.place(), u.community());
            if (route.isPresent() && !route.get().department().equals(u.department().orElse(""))) {
                dispatchTo(em, Actor.system(), route.get().department(), route.get().community().or(u::community),
                        "按补充的位置派单", false, now);
            }
        }
        return Optional.empty();
    }

    Optional<String> recategorize(Emitter em, Action.Recategorize a, Actor actor) {
        Ticket t = em.t;
        if (!actor.role().street()) {
            return forbidden("只有街道干部或领导可以更正类别");
        }
        String category = a.category().strip();
        if (category.isEmpty()) {
            return refuse("请选择更正后的类别");
        }
        Optional<String> bad = unknownCategory(category);
        if (bad.isPresent()) {
            return bad;
        }
        Optional<String> sub = a.subcategory().map(String::strip).filter(s -> !s.isEmpty());
        if (category.equals(t.category()) && (sub.isEmpty() || sub.equals(t.subcategory()))) {
            return refuse("工单类别已是「" + category + "」，无需更正");
        }
        recategorizeTo(em, actor, category, sub, a.note());
        return Optional.empty();
    }

    private static Optional<String> unknownCategory(String category) {
        return io.shaozi.nlp.CategoryModel.CATEGORIES.contains(category) ? Optional.empty()
                : refuse("类别「" + category + "」不存在，应为" + String.join("、", io.shaozi.nlp.CategoryModel.CATEGORIES)
                + "之一");
    }

    /** RECATEGORIZED: the new category (and subcategory, else none) and the previous ones; status unchanged. */
    private static void recategorizeTo(Emitter em, Actor actor, String category, Optional<String> sub, String note) {
        Ticket t = em.t;
        Map<String, String> d = new HashMap<>();
        d.put(Keys.CATEGORY, category);
        sub.ifPresent(s -> d.put(Keys.SUBCATEGORY, s));
        d.put(Keys.PREVIOUS_CATEGORY, t.category());
        t.subcategory().ifPresent(s -> d.put(Keys.PREVIOUS_SUBCATEGORY, s));
        em.emit(EventType.RECATEGORIZED, actor, t.status(), "类别更正：" + t.category() + "→" + category
                + sub.map(s -> "（" + s + "）").orElse("") + note(note), List.of(), d);
    }

    // ------------------------------------------------------------------ helpers

    static String note(String note) {
        return note == null || note.isBlank() ? "" : "：" + note.strip();
    }

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("M月d日HH:mm");

    String fmt(Instant i) {
        return TIME.format(i.atZone(sla.workingTime().zone()));
    }
}
