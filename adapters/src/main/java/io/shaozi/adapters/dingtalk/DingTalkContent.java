package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.common.Outbound;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * DingTalk silently drops a message whose content is identical to one already sent the same day (work
 * notifications to the same user, and in some cases custom robots to the same group). Every alert should
 * therefore carry something unique: {@link #distinct} appends "哨单 {ticket} · {time}" (Beijing time) to the
 * text of any outbound message, so two alerts for different tickets, or two reminders for one ticket at
 * different times, never collide.
 */
public final class DingTalkContent {
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(BEIJING);

    private DingTalkContent() {
    }

    /** {@code message} with the suffix "哨单 {ticketNo} · {yyyy-MM-dd HH:mm:ss}" added to its body text. */
    public static Outbound distinct(Outbound message, String ticketNo, Instant at) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
        Config.requireText(ticketNo, "ticketNo");
        String suffix = "哨单 " + ticketNo + " · " + TIME.format(at);
        if (message instanceof Outbound.Text t) {
            return new Outbound.Text(t.text() + "\n" + suffix);
        } else if (message instanceof Outbound.Markdown m) {
            return new Outbound.Markdown(m.title(), m.text() + "\n\n###### " + suffix);
        } else if (message instanceof Outbound.Card c) {
            return new Outbound.Card(c.title(), c.text() + "\n\n###### " + suffix, c.buttons());
        } else if (message instanceof Outbound.News n) {
            return new Outbound.News(n.articles().stream()
                    .map(a -> new Outbound.Article(a.title(), a.description() + " " + suffix, a.picUrl(), a.url()))
                    .toList());
        } else if (message instanceof Outbound.Template tp) {
            Map<String, String> data = new HashMap<>(tp.data());
            data.put("哨单", ticketNo + " · " + TIME.format(at));
            return new Outbound.Template(tp.templateId(), data, tp.url());
        }
        throw new IllegalStateException("unreachable");
    }
}
