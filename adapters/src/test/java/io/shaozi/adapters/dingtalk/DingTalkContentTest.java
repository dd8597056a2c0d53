package io.shaozi.adapters.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Outbound;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DingTalkContentTest {
    static final Instant AT = Instant.parse("2026-11-28T02:03:04Z");

    @Test
    void distinct_appendsTicketNumberAndBeijingTimeToEveryKind() {
        String suffix = "哨单 T-9 · 2026-11-28 10:03:04";
        assertThat(((Outbound.Text) DingTalkContent.distinct(new Outbound.Text("请签收"), "T-9", AT)).text())
                .isEqualTo("请签收\n" + suffix);
        assertThat(((Outbound.Markdown) DingTalkContent.distinct(new Outbound.Markdown("t", "x"), "T-9", AT)).text())
                .endsWith(suffix);
        Outbound.Card card = (Outbound.Card) DingTalkContent.distinct(new Outbound.Card("t", "x",
                List.of(new Outbound.Button("查看", "https://c/t/9"))), "T-9", AT);
        assertThat(card.text()).endsWith(suffix);
        assertThat(card.buttons()).hasSize(1);
        assertThat(((Outbound.News) DingTalkContent.distinct(new Outbound.News(List.of(
                new Outbound.Article("a", "b", "", "https://u"))), "T-9", AT)).articles().get(0).description())
                .endsWith(suffix);
        assertThat(((Outbound.Template) DingTalkContent.distinct(new Outbound.Template("id", Map.of("k", "v"), ""),
                "T-9", AT)).data()).containsEntry("哨单", "T-9 · 2026-11-28 10:03:04");
    }

    @Test
    void distinct_makesSameTextDifferForDifferentTicketsOrTimes() {
        Outbound base = new Outbound.Text("请签收");
        assertThat(DingTalkContent.distinct(base, "T-1", AT)).isNotEqualTo(DingTalkContent.distinct(base, "T-2", AT));
        assertThat(DingTalkContent.distinct(base, "T-1", AT))
                .isNotEqualTo(DingTalkContent.distinct(base, "T-1", AT.plusSeconds(1)));
    }
}
