package io.shaozi.core.dialog;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.channel.ChannelRegistry;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.push.Outbox;
import io.shaozi.core.ticket.Reporter;
import io.shaozi.core.ticket.ReporterNotifier;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketEvent;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Tells residents about every visible change of their tickets on the channel they used, through the outbox
 * (inside the ticket's transaction). A change the resident made themself is answered by the passive reply
 * and not pushed again.
 */
public final class ResidentNotifier implements ReporterNotifier {
    private final UnaryOperator<String> names;
    private final Clock clock;
    private final Addressing channels;

    /** How to address a resident on a channel's account; empty when that account cannot push there. */
    @FunctionalInterface
    public interface Addressing {
        Optional<String> userAddress(Channel channel, String account, String user);
    }

    /** @param channels the registered channels: each says how to address a resident, and whether it can push */
    public ResidentNotifier(UnaryOperator<String> names, Clock clock, ChannelRegistry channels) {
        this(names, clock, channels::userAddress);
    }

    /**
     * @param channels the opened channels' addresses (an account's pushing may depend on its settings, as the
     *                 generic webhook's does on its callback)
     */
    public ResidentNotifier(UnaryOperator<String> names, Clock clock, Addressing channels) {
        this.names = names;
        this.clock = clock;
        this.channels = channels;
    }

    @Override
    public void notify(Ticket ticket, List<TicketEvent> visibleEvents, Outbox outbox) {
        // A ticket the resident opened in chat: the reply that carries its number already said where it went.
        boolean openedByResident = visibleEvents.stream().anyMatch(e -> e.type() == io.shaozi.core.ticket.EventType.OPENED
                && e.actor().id().equals(ticket.reporter().key()));
        if (openedByResident) {
            return;
        }
        for (TicketEvent e : visibleEvents) {
            for (Reporter r : ticket.audience()) {
                if (e.actor().id().equals(r.key())) {
                    continue;
                }
                Optional<String> text = text(ticket, e, r);
                Optional<Channel> channel = channel(r.channel());
                // an unknown channel, or one that cannot push to this account (the generic webhook without a callback): nothing to send
                Optional<String> recipient = channel.flatMap(c -> channels.userAddress(c, r.account(), r.user()));
                if (text.isEmpty() || recipient.isEmpty()) {
                    continue;
                }
                outbox.enqueue(new OutboxMessage(channel.get(), r.account(), recipient.get(),
                        new Outbound.Text(text.get()),
                        Optional.of("notify:" + ticket.number() + ":" + e.seq() + ":" + r.key())));
            }
        }
    }

    private static Optional<Channel> channel(String id) {
        try {
            return Optional.of(Channel.of(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The resident-facing line for an event, or empty when it is not worth a push. */
    Optional<String> text(Ticket t, TicketEvent e, Reporter r) {
        String n = t.number();
        String dept = t.department().map(names).orElse("相关部门");
        String plain = e.note().replaceFirst("^(办结|进展|退单|撤销|重办|补充|延期)[：:]\\s*", "");
        String note = plain.isBlank() ? "" : "：" + plain;
        return Optional.ofNullable(switch (e.type()) {
            case OPENED -> "已为您登记工单 " + n + "。";
            case DISPATCHED -> "您的工单 " + n + " 已派【" + dept + "】办理。";
            case ACCEPTED -> "您的工单 " + n + " 已由【" + dept + "】签收，正在处理。";
            case PROGRESS -> "工单 " + n + " 有新进展" + note;
            case WAITING -> "工单 " + n + " 需要您补充信息" + note + "\n直接回复即可。";
            case RESOLVED -> "您的工单 " + n + " 已办结" + note
                    + "\n请评价：回复 1 满意，2 基本满意，3 不满意";
            case REOPENED -> "工单 " + n + " 已重新办理，有进展会告诉您。";
            case MERGED -> t.master().map(m -> "您反映的问题已并入工单 " + m + " 一并办理，进展会同步告诉您。")
                    .orElse(null);
            case MERGED_IN -> null;
            case WITHDRAWN -> "工单 " + n + " 已撤销" + note;
            case CLOSED_UNRATED -> "工单 " + n + " 已结案。感谢您的反映！";
            case EXTENSION_APPROVED -> "工单 " + n + " 办理期限已延长" + t.resolveDue()
                    .map(d -> "至 " + Texts.when(d, clock.instant())).orElse("") + "。";
            case WHISTLED -> "街道已就工单 " + n + " 召集相关部门联合办理。";
            case RATED -> null;
            default -> null;
        });
    }
}
