package io.shaozi.core.ticket;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.identity.DutyRoster;
import io.shaozi.core.identity.Org;
import io.shaozi.core.push.Outbox;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.nlp.Urgency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Queues the alert ladder's messages inside the ticket transaction: an emergency's first notice to each staff member
 * on duty (the department's own address is {@link StaffAlerts}'), and the recipients each {@link EventType#ALERTED}
 * step names. Dedupe keys {@code al:<ticket>:<ladder>:<step>:<channel>:<recipient>} make a step queue each message
 * once, whoever writes it.
 */
public final class AlertNotifier implements TicketNotifier {
    /** The outbox channel of alert SMS (sent by the configured SMS gateway). */
    public static final Channel SMS = Channel.of("sms");
    /** The outbox account of alert SMS. */
    public static final String SMS_ACCOUNT = "gateway";

    private final Supplier<Org> org;
    private final Supplier<AlertPolicy> policy;
    private final Supplier<DutyRoster> roster;
    private final String consoleUrl;
    private final AlertReach reach;

    public AlertNotifier(Supplier<Org> org, Supplier<AlertPolicy> policy, Supplier<DutyRoster> roster,
                         String consoleUrl) {
        this(org, policy, roster, consoleUrl, AlertReach.ALL);
    }

    /** @param reach which addresses can be sent to as configured; the others are left out */
    public AlertNotifier(Supplier<Org> org, Supplier<AlertPolicy> policy, Supplier<DutyRoster> roster,
                         String consoleUrl, AlertReach reach) {
        this.org = org;
        this.policy = policy;
        this.roster = roster;
        this.consoleUrl = consoleUrl;
        this.reach = java.util.Objects.requireNonNull(reach, "reach");
    }

    @Override
    public void changed(Ticket t, List<TicketEvent> events, Outbox outbox) {
        for (TicketEvent e : events) {
            if (e.type() == EventType.ALERTED) {
                if (!"inline".equals(e.data().get("sent"))) {
                    sendStep(t, e, outbox);
                }
            } else if (t.urgency() == Urgency.EMERGENCY && policy.get().ladder(Urgency.EMERGENCY).isPresent()
                    && trigger(e, events)) {
                Optional<String> dept = e.opt(Keys.DEPARTMENT).or(() -> e.type() == EventType.OPENED
                        ? Optional.empty() : t.department());
                Org o = org.get();
                for (AlertTargets.Target target : AlertTargets.notice(o, dept, Urgency.EMERGENCY, roster.get(), e.at())) {
                    if (o.person(target.who()).isPresent()) {
                        enqueue(outbox, t, key(t, e.seq(), 0, target.address()), target.address(),
                                head(t) + "紧急诉求，请立即处置：" + t.text() + "\n地点：" + place(t)
                                        + "\n请回复“收到”确认，或回复“接单 " + t.number() + "”签收。");
                    }
                }
            }
        }
    }

    /** 受理 without a dispatch in the same change, 派单, or 重办: a new ladder starts. */
    static boolean trigger(TicketEvent e, List<TicketEvent> batch) {
        return switch (e.type()) {
            case OPENED -> batch.stream().noneMatch(x -> x.type() == EventType.DISPATCHED);
            case DISPATCHED -> true;
            case RATED -> e.to() == TicketStatus.REOPENED;
            default -> false;
        };
    }

    private void sendStep(Ticket t, TicketEvent e, Outbox outbox) {
        AlertPolicy.Step step = AlertPolicy.Step.parse(e.data().getOrDefault("kind", "notice"));
        int k = Integer.parseInt(e.data().getOrDefault("step", "0"));
        int ladder = Integer.parseInt(e.data().getOrDefault("ladder", "0"));
        TreeSet<Integer> idx = new TreeSet<>();
        e.data().keySet().forEach(key -> {
            if (key.startsWith("to.") && key.endsWith(".ch")) {
                idx.add(Integer.parseInt(key.substring(3, key.length() - 3)));
            }
        });
        for (int i : idx) {
            Map<String, String> d = e.data();
            Org.Notify n = new Org.Notify(d.get("to." + i + ".ch"), d.get("to." + i + ".acct"), d.get("to." + i + ".to"));
            String text = switch (step) {
                case SMS -> "【哨子】" + t.urgency().label() + "哨单" + t.number() + "未确认：" + cut(t.text(), 40) + "；地点："
                        + cut(place(t), 20) + "。请尽快处置，并在工作台或聊天中回复“收到”。";
                case SUPERVISOR -> head(t) + "【上报】告警已升级" + (k + 1) + "级仍无人确认"
                        + t.department().map(dd -> "（承办单位：" + org.get().name(dd) + "）").orElse("（尚未派单）")
                        + "\n诉求：" + t.text() + "\n地点：" + place(t) + "\n请督促处置，回复“收到”确认。";
                case URGENT -> head(t) + "【加急】告警未确认（第" + (k + 1) + "级）\n诉求：" + t.text() + "\n地点：" + place(t)
                        + "\n请立即回复“收到”确认，或回复“接单 " + t.number() + "”签收。";
                case NOTICE -> head(t) + "【再次提醒】告警未确认（第" + (k + 1) + "级）\n诉求：" + t.text() + "\n地点："
                        + place(t) + "\n请回复“收到”确认，或回复“接单 " + t.number() + "”签收。";
            };
            // 加急 rows carry the prefix alu: so that the Feishu and DingTalk senders use the platform's urgent notice
            String key = key(t, ladder, k, n);
            enqueue(outbox, t, step == AlertPolicy.Step.URGENT ? URGENT_PREFIX + key.substring(3) : key, n, text);
        }
    }

    /** Dedupe-key prefix of 加急 rows: {@code alu:<ticket>:<ladder>:<step>:<channel>:<recipient>}. */
    public static final String URGENT_PREFIX = "alu:";

    private static String key(Ticket t, int ladder, int step, Org.Notify n) {
        return "al:" + t.number() + ":" + ladder + ":" + step + ":" + n.channel() + ":" + n.recipient();
    }

    private void enqueue(Outbox outbox, Ticket t, String key, Org.Notify n, String text) {
        if (!reach.reachable(n)) {
            return; // the ladder's timeline step names it as not sent
        }
        Outbound payload = new Outbound.Text(text);
        if (!consoleUrl.isEmpty() && !SMS.id().equals(n.channel())) {
            int nl = text.indexOf('\n');
            payload = new Outbound.Card(nl > 0 ? text.substring(0, nl) : "哨单" + t.number(),
                    nl > 0 ? text.substring(nl + 1) : text,
                    List.of(new Outbound.Button("查看并确认", consoleUrl + "#/tickets/" + t.number())));
        }
        outbox.enqueue(new OutboxMessage(Channel.of(n.channel()), n.account(), n.recipient(), payload, Optional.of(key)));
    }

    static String head(Ticket t) {
        return "【哨单" + t.number() + "】" + t.category() + t.subcategory().map(s -> "/" + s).orElse("")
                + (t.urgency() == Urgency.NORMAL ? "" : "（" + t.urgency().label() + "）") + "\n";
    }

    private static String place(Ticket t) {
        return t.place().isBlank() ? "（待补充）" : t.place();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
