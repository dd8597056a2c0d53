package io.shaozi.core.dialog;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.Role;
import io.shaozi.core.ticket.Action;
import io.shaozi.core.ticket.Actor;
import io.shaozi.core.ticket.Outcome;
import io.shaozi.core.ticket.ReturnReason;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketQuery;
import io.shaozi.core.ticket.TicketService;
import io.shaozi.core.ticket.TicketSummary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Street and department cadres acting on tickets from their work chat (DingTalk, WeCom, Feishu, or the chat
 * page for a mapped account): 接单, 进展, 办结, 退单, 吹哨, 报到, 我的待办, 超期. Every command goes through the
 * same state machine and role checks as the admin API.
 */
public final class CadreDialog implements Bot {
    static final String MENU = """
            干部指令：
            接单 工单号｜进展 工单号 说明｜办结 工单号 说明
            退单 工单号 原因代码(R01不属本单位职责 R02不属本辖区 R03信息不全 R04非政府职能 R05重复 R99其他) 说明
            吹哨 工单号 部门名…｜报到 工单号｜我的待办｜超期｜查询 工单号
            收到（确认告警，可加工单号）""";
    private static final Pattern COMMAND = Pattern.compile(
            "^\\s*(接单|签收|进展|办结|退单|吹哨|报到|查询|查看)\\s*(\\d{10,})\\s*(.*)$", Pattern.DOTALL);

    private static final Pattern ACK = Pattern.compile("^\\s*(?:收到|已收到|确认|收到了)[。！!.，,\\s]*(\\d{10,})?\\s*$");

    private final TicketService tickets;
    private final Supplier<Org> org;
    private final Org.Person person;
    private final Clock clock;

    CadreDialog(TicketService tickets, Supplier<Org> org, Org.Person person, Clock clock) {
        this.tickets = tickets;
        this.org = org;
        this.person = person;
        this.clock = clock;
    }

    private Actor actor() {
        return new Actor(person.id(), person.name(), person.role(), person.department(), person.community());
    }

    @Override
    public List<Outbound> reply(Inbound in) {
        String text = in instanceof Inbound.Text t ? t.text().trim()
                : in instanceof Inbound.Voice v ? v.recognition().orElse("").trim() : "";
        return List.of(new Outbound.Text(answer(text)));
    }

    String answer(String text) {
        if (text.isEmpty() || text.matches("^(帮助|菜单|help|\\?|？)$")) {
            return MENU;
        }
        if (text.matches("^(我的待办|待办)$")) {
            return todo();
        }
        if (text.matches("^(超期|超时|督办)$")) {
            return overdue();
        }
        Matcher ack = ACK.matcher(text);
        if (ack.matches()) {
            return ack(Optional.ofNullable(ack.group(1)));
        }
        Matcher m = COMMAND.matcher(text);
        if (!m.matches()) {
            return "没有看懂这条指令。\n" + MENU;
        }
        String verb = m.group(1);
        String number = m.group(2);
        String rest = m.group(3).trim();
        return switch (verb) {
            case "接单", "签收" -> done(number, act(number, new Action.Accept(rest)), t -> "已接单 " + number
                    + "，请在期限内联系居民" + t.contactDue().map(d -> "（" + Texts.when(d, clock.instant()) + "前）").orElse("")
                    + "。");
            case "进展" -> rest.isEmpty() ? "请写上进展说明，例如：进展 " + number + " 已联系居民，明天上门"
                    : done(number, act(number, new Action.Progress(rest, true, List.of())), t -> "已记录进展，居民会收到通知。");
            case "办结" -> rest.isEmpty() ? "请写上办理结果，例如：办结 " + number + " 已更换灯泡"
                    : done(number, act(number, new Action.Resolve(rest, List.of())),
                            t -> "已办结 " + number + "，系统将请居民评价。");
            case "退单" -> giveBack(number, rest);
            case "吹哨" -> whistle(number, rest);
            case "报到" -> done(number, act(number, new Action.Report(person.department().orElse(""), Optional.empty(),
                    Optional.empty(), rest)), t -> "已报到 " + number + "（" + person.department()
                    .map(d -> org.get().name(d)).orElse("") + "）。");
            default -> view(number);
        };
    }

    /** 收到: acknowledges the alert of one ticket, or every open alert that concerns this person. */
    private String ack(Optional<String> number) {
        if (number.isPresent()) {
            Outcome o = io.shaozi.core.ticket.AlertLadder.ack(tickets, number.get(), actor(), "chat");
            return o instanceof Outcome.Refused r ? r.reason() + "。"
                    : done(number.get(), o, t -> "已确认哨单 " + number.get() + " 的告警。请尽快接单处置：接单 " + number.get());
        }
        List<String> acked = io.shaozi.core.ticket.AlertLadder.ackAll(tickets, actor(), "chat");
        if (acked.isEmpty()) {
            return "目前没有需要您确认的告警。";
        }
        return "已确认告警：哨单 " + String.join("、", acked) + "。请尽快接单处置，例如：接单 " + acked.get(0);
    }

    private Outcome act(String number, Action a) {
        return tickets.act(number, a, actor(), OptionalInt.empty());
    }

    private String done(String number, Outcome o, java.util.function.Function<Ticket, String> ok) {
        if (o instanceof Outcome.Done d) {
            return ok.apply(d.ticket());
        }
        if (o instanceof Outcome.Refused r) {
            return "操作未成功：" + r.reason();
        }
        if (o instanceof Outcome.Forbidden f) {
            return "无权操作：" + f.reason();
        }
        if (o instanceof Outcome.Conflict) {
            return "工单 " + number + " 刚被他人更新，请查询后再试。";
        }
        return "没有找到工单 " + number + "。";
    }

    private String giveBack(String number, String rest) {
        String[] parts = rest.split("\\s+", 2);
        if (parts[0].isEmpty()) {
            return "退单需要原因代码，例如：退单 " + number + " R01 不属于本单位职责";
        }
        ReturnReason reason;
        try {
            reason = ReturnReason.parse(parts[0]);
        } catch (IllegalArgumentException e) {
            return "原因代码不对：" + parts[0] + "。可用：R01 R02 R03 R04 R05 R99";
        }
        String note = parts.length > 1 ? parts[1] : reason.label();
        return done(number, act(number, new Action.Return(reason, note)), t -> "已退单 " + number + "（" + reason.label()
                + "），街道将重新派单。");
    }

    private String whistle(String number, String rest) {
        if (rest.isEmpty()) {
            return "请写上要召集的部门，例如：吹哨 " + number + " 城管执法队 房管所";
        }
        List<String> codes = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : rest.split("[\\s,，、]+")) {
            Optional<Org.Department> d = org.get().departments().stream()
                    .filter(x -> x.code().equals(name) || x.name().equals(name) || x.name().contains(name))
                    .findFirst();
            if (d.isPresent()) {
                codes.add(d.get().code());
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            return "找不到部门：" + String.join("、", unknown);
        }
        return done(number, act(number, new Action.Whistle(codes, Optional.empty(), "街道吹哨")),
                t -> "已吹哨，召集 " + codes.stream().map(c -> org.get().name(c)).collect(Collectors.joining("、"))
                        + " 报到。");
    }

    /** The same visibility as the admin API: departments see theirs (handled, summoned, returned), communities theirs. */
    boolean sees(Ticket t) {
        Role r = person.role();
        if (r == Role.ADMIN || r == Role.LEADER || r == Role.STREET_CADRE) {
            return true;
        }
        if (r == Role.DEPARTMENT_STAFF) {
            return person.department().isPresent() && (t.department().equals(person.department())
                    || t.summonsOf(person.department().get()).isPresent()
                    || t.returns().stream().anyMatch(x -> x.department().equals(person.department().get())));
        }
        if (r == Role.COMMUNITY_WORKER || r == Role.GRID_WORKER) {
            return person.community().isPresent() && t.community().equals(person.community());
        }
        return false;
    }

    private String view(String number) {
        Optional<Ticket> t = tickets.find(number).filter(this::sees);
        if (t.isEmpty()) {
            return "没有找到工单 " + number + "。";
        }
        Ticket k = t.get();
        return "工单 " + number + "：" + k.status().label() + "｜" + k.category() + "｜"
                + k.department().map(d -> org.get().name(d)).orElse("未派单") + "\n" + Texts.shortText(k.text(), 60)
                + "\n地点：" + (k.place().isEmpty() ? "未提供" : k.place())
                + k.resolveDue().map(d -> "\n办结期限：" + Texts.when(d, clock.instant())).orElse("")
                + (k.overdue() ? "\n⚠ 已超期" : "");
    }

    private TicketQuery scope(Optional<Boolean> overdue) {
        return new TicketQuery(Optional.empty(), person.role() == Role.DEPARTMENT_STAFF ? person.department()
                : Optional.empty(), person.role() == Role.COMMUNITY_WORKER || person.role() == Role.GRID_WORKER
                ? person.community() : Optional.empty(), Optional.empty(), overdue, Optional.empty(), 1, 50);
    }

    private String todo() {
        List<TicketSummary> open = tickets.search(scope(Optional.empty())).items().stream()
                .filter(s -> s.status().open())
                .limit(10).toList();
        if (open.isEmpty()) {
            return "暂无待办工单。";
        }
        return "待办工单：\n" + open.stream().map(this::line).collect(Collectors.joining("\n"));
    }

    private String overdue() {
        List<TicketSummary> late = tickets.search(scope(Optional.of(true))).items().stream().limit(10).toList();
        if (late.isEmpty()) {
            return "没有超期工单。";
        }
        return "超期工单：\n" + late.stream().map(this::line).collect(Collectors.joining("\n"));
    }

    private String line(TicketSummary s) {
        return s.number() + " " + s.status().label() + (s.overdue() ? "⚠" : "") + " " + Texts.shortText(s.text(), 14);
    }
}
