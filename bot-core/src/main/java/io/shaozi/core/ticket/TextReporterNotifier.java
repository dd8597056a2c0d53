package io.shaozi.core.ticket;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.push.OutboxMessage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A plain-text {@link ReporterNotifier}: one short Chinese message per visible event to the reporter and every
 * follower, through the outbox of the ticket's transaction, on the channel/account the resident used (reporters
 * from other intakes, e.g. {@code web} or {@code phone}, are skipped). Dedupe key
 * {@code tkr:<number>:<seq>:<reporter>}. The dialog may replace it with richer, channel-specific cards.
 */
public final class TextReporterNotifier implements ReporterNotifier {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日HH:mm").withZone(ZoneId.of("Asia/Shanghai"));
    private final Directory directory;

    public TextReporterNotifier(Directory directory) {
        this.directory = directory;
    }

    @Override
    public void notify(Ticket t, List<TicketEvent> visibleEvents, Outbox outbox) {
        for (TicketEvent e : visibleEvents) {
            Optional<String> text = text(t, e);
            if (text.isEmpty()) {
                continue;
            }
            for (Reporter r : t.audience()) {
                Optional<Channel> ch = channel(r.channel());
                if (ch.isEmpty()) {
                    continue;
                }
                outbox.enqueue(new OutboxMessage(ch.get(), r.account(), r.user(), new Outbound.Text(text.get()),
                        Optional.of("tkr:" + t.number() + ":" + e.seq() + ":" + r.key())));
            }
        }
    }

    /** What the resident reads for an event (empty: nothing to say). */
    Optional<String> text(Ticket t, TicketEvent e) {
        String n = "工单" + t.number();
        String dept = t.department().map(directory::name).orElse("相关部门");
        return Optional.ofNullable(switch (e.type()) {
            case OPENED -> "您的诉求已受理，" + n.replace("工单", "工单号") + "。我们会尽快办理并告知您进展。";
            case DISPATCHED -> n + "已转" + dept + "办理。";
            case ACCEPTED -> n + "已由" + dept + "签收，正在办理。";
            case WAITING -> n + "需要您补充信息：" + e.note().replaceFirst("^待居民补充：", "").replace("（办理时限暂停计时）", "")
                    + "。请直接回复本消息。";
            case PROGRESS -> n + "办理进展：" + e.note();
            case RESOLVED -> n + "已办结。" + e.note() + "\n请回复“满意”“基本满意”或“不满意”对办理结果进行评价。";
            case MERGED -> "您反映的问题与" + t.master().map(m -> "工单" + m).orElse("其他工单") + "相同，已合并办理，后续进展将一并告知您。";
            case REOPENED -> n + "已重新交办：" + e.data().getOrDefault(Keys.REASON, "");
            case RATED -> e.to() == TicketStatus.REOPENED ? n + "已根据您的意见重新交办，请耐心等待。" : "感谢您的评价！" + n + "已归档。";
            case WITHDRAWN -> n + "已撤销。";
            case CLOSED_UNRATED -> n + "已归档。如问题仍未解决，欢迎再次反映。";
            case EXTENSION_APPROVED -> n + "因" + "办理需要已延期，预计" + t.resolveDue().map(DAY::format).orElse("近期") + "前办结。";
            case WHISTLED -> "街道已召集相关部门联合处置您反映的问题（" + n + "）。";
            default -> null;
        });
    }

    private static Optional<Channel> channel(String id) {
        try {
            return Optional.of(Channel.valueOf(id.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
