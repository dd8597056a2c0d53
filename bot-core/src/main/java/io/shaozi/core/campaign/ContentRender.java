package io.shaozi.core.campaign;

import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.content.Draft;
import io.shaozi.core.content.Markdown;
import io.shaozi.core.schedule.Schedule;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * A content item as each platform shows it best, always with the recipient's read link:
 * <ul>
 *   <li>WeChat and WeCom: a news card (title, summary, cover, link) — {@code news};</li>
 *   <li>DingTalk and Feishu: a card with a 阅读全文 button — DingTalk {@code action_card}, Feishu interactive card;</li>
 *   <li>the generic webhook and the /chat/ page: plain text with the link.</li>
 * </ul>
 * A WeChat resident outside the customer-service window gets {@link #template} instead (when configured).
 */
public final class ContentRender {
    static final int SUMMARY_CHARS = 60;
    static final int CARD_CHARS = 300;
    static final int TEXT_CHARS = 500;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm")
            .withZone(Schedule.ZONE);

    private ContentRender() {
    }

    /** The message for a recipient of {@code channel} whose read page is {@code readUrl}. */
    public static Outbound render(Draft d, String channel, String readUrl) {
        String title = "【" + d.kind().label() + "】" + d.title();
        String plain = plain(d.body());
        String studied = d.kind() == ContentKind.LEARNING ? "学完请回复“已学”。" : "";
        return switch (channel) {
            case "wechat", "wecom" -> new Outbound.News(List.of(new Outbound.Article(title,
                    cut(plain, SUMMARY_CHARS) + (studied.isEmpty() ? "" : "\n" + studied), d.cover().orElse(""),
                    readUrl)));
            case "dingtalk", "feishu" -> new Outbound.Card(title, cut(plain, CARD_CHARS)
                    + (studied.isEmpty() ? "" : "\n\n" + studied), List.of(new Outbound.Button("阅读全文", readUrl)));
            default -> new Outbound.Text(title + "\n" + cut(plain, TEXT_CHARS) + "\n阅读全文：" + readUrl
                    + (studied.isEmpty() ? "" : "\n" + studied));
        };
    }

    /** The last body rendered as plain text: a campaign renders one item for every recipient. */
    private static volatile Plain last = new Plain("", "");

    private record Plain(String body, String text) {
    }

    private static String plain(String body) {
        Plain p = last;
        if (!p.body().equals(body)) {
            p = new Plain(body, Markdown.toPlainText(body).strip());
            last = p;
        }
        return p.text();
    }

    /**
     * A WeChat template message for {@code d}: the title in {@code thing1} (≤ 20 characters, as subscription
     * messages require), the kind in {@code thing2} and the time in {@code time3}; the link opens the read page.
     */
    public static Outbound template(Draft d, String templateId, String readUrl, Instant at) {
        return new Outbound.Template(templateId, Map.of("thing1", cut(d.title(), 20), "thing2", d.kind().label(),
                "time3", WHEN.format(at)), readUrl);
    }

    /** A WeChat 服务号 mass send of {@code d}: text (title, summary, read link). */
    public static Outbound mass(Draft d, String readUrl) {
        return new Outbound.Mass(((Outbound.Text) render(d, "text", readUrl)).text());
    }

    /** One line of a digest: 【kind】title and the read link. */
    static String digestLine(Draft d, String readUrl) {
        return "【" + d.kind().label() + "】" + cut(d.title(), 40) + " " + readUrl;
    }

    /** {@code s} cut to {@code max} characters (code points), with … when cut. */
    static String cut(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
