package io.shaozi.core.ticket;

import io.shaozi.core.push.Outbox;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.identity.Org;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.nlp.Urgency;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts to departments and leaders, queued in the outbox inside the ticket transaction: new dispatch → the
 * department; 吹哨 → every summoned department; returns, arbitration, missing 报到 and extension requests → the
 * street; 超期 → the street leader (督办) and the department; escalation → the district. Dedupe keys
 * ({@code tk:<number>:<seq>:<recipient>}) make a repeated scan or a retried transaction queue nothing twice.
 */
public final class StaffAlerts implements TicketNotifier {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("M月d日HH:mm")
            .withZone(java.time.ZoneId.of("Asia/Shanghai"));
    private static final Logger LOG = LoggerFactory.getLogger(StaffAlerts.class);
    private final Supplier<Org> org;
    private final String consoleUrl;
    private final AlertReach reach;
    /** Addresses already logged as unreachable (once each per process, not once per ticket). */
    private final java.util.Set<Org.Notify> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Alerts without a console link (tests, tools). */
    public StaffAlerts(Supplier<Org> org) {
        this(org, "");
    }

    /**
     * @param consoleUrl base URL of the web console ({@code server.publicUrl + "/console/"}); alert cards carry a
     *                   button that opens the ticket there. Empty: plain text alerts.
     */
    public StaffAlerts(Supplier<Org> org, String consoleUrl) {
        this(org, consoleUrl, AlertReach.ALL);
    }

    /** @param reach which addresses can be sent to as configured; the others are left out (logged once each) */
    public StaffAlerts(Supplier<Org> org, String consoleUrl, AlertReach reach) {
        this.org = org;
        this.consoleUrl = consoleUrl;
        this.reach = java.util.Objects.requireNonNull(reach, "reach");
    }

    @Override
    public void changed(Ticket t, List<TicketEvent> events, Outbox outbox) {
        Org o = org.get();
        for (TicketEvent e : events) {
            String head = "【哨单" + t.number() + "】" + t.category() + t.subcategory().map(s -> "/" + s).orElse("")
                    + (t.urgency() == Urgency.NORMAL ? "" : "（" + t.urgency().label() + "）") + "\n";
            switch (e.type()) {
                case OPENED -> {
                    if (t.urgency() == Urgency.EMERGENCY) {
                        send(outbox, e, o.street().alerts(), head + "紧急诉求已受理：" + t.text());
                    }
                    if (events.stream().noneMatch(x -> x.type() == EventType.DISPATCHED)) {
                        send(outbox, e, o.street().alerts(), head + "未匹配到职责部门，请人工派单：" + t.text());
                    }
                }
                case DISPATCHED, REOPENED -> dept(o, e.opt(Keys.DEPARTMENT).or(t::department)).ifPresent(n ->
                        send(outbox, e, Optional.of(n), head + e.note() + "\n诉求：" + t.text() + "\n地点：" + t.place()
                                + t.signDue().map(d -> "\n请于" + fmt(d) + "前签收").orElse("")));
                case RATED -> {
                    if (e.to() == TicketStatus.REOPENED) {
                        dept(o, t.department()).ifPresent(n -> send(outbox, e, Optional.of(n), head + e.note()));
                    }
                }
                case WHISTLED -> e.data().forEach((k, v) -> {
                    if (k.startsWith(Keys.SUMMON_PREFIX)) {
                        String d = k.substring(Keys.SUMMON_PREFIX.length());
                        dept(o, Optional.of(d)).ifPresent(n -> send(outbox, e, Optional.of(n), head + "街道吹哨，请于"
                                + fmt(java.time.Instant.parse(v)) + "前到" + t.place() + "报到。\n诉求：" + t.text()));
                    }
                });
                case RETURNED, REPORT_MISSED, EXTENSION_REQUESTED -> send(outbox, e, o.street().alerts(), head + e.note());
                case URGED -> dept(o, t.department()).ifPresent(n -> send(outbox, e, Optional.of(n), head + e.note()));
                case OVERDUE -> {
                    send(outbox, e, o.street().alerts(), head + "【督办】" + e.note());
                    dept(o, t.department()).ifPresent(n -> send(outbox, e, Optional.of(n), head + "【督办】" + e.note()));
                }
                case ESCALATED -> send(outbox, e, o.district().alerts(), head + "【区级督办】" + e.note() + "（承办单位："
                        + t.department().map(o::name).orElse("无") + "）");
                default -> {
                }
            }
        }
    }

    private static Optional<Org.Notify> dept(Org o, Optional<String> code) {
        return code.flatMap(o::department).flatMap(Org.Department::alerts);
    }

    private static String fmt(java.time.Instant i) {
        return TIME.format(i);
    }

    private void send(Outbox outbox, TicketEvent e, Optional<Org.Notify> target, String text) {
        if (target.isEmpty()) {
            return;
        }
        Org.Notify n = target.get();
        if (!reach.reachable(n)) {
            if (warned.add(n)) {
                LOG.warn("alerts to {} {} {} are not sent: {} (configure that channel account, or change the address"
                        + " in the org file)", n.channel(), n.account(), n.recipient(), AlertReach.why(n));
            }
            return;
        }
        Channel ch = Channel.of(n.channel());
        Outbound payload = new Outbound.Text(text);
        if (!consoleUrl.isEmpty()) {
            // An alert card (DingTalk actionCard, WeCom textcard, Feishu interactive) whose button opens the ticket.
            int nl = text.indexOf('\n');
            String title = nl > 0 ? text.substring(0, nl) : "哨单" + e.ticket();
            payload = new Outbound.Card(title, nl > 0 ? text.substring(nl + 1) : text,
                    List.of(new Outbound.Button("查看工单", consoleUrl + "#/tickets/" + e.ticket())));
        }
        outbox.enqueue(new OutboxMessage(ch, n.account(), n.recipient(), payload,
                Optional.of("tk:" + e.ticket() + ":" + e.seq() + ":" + n.channel() + ":" + n.recipient())));
    }
}
