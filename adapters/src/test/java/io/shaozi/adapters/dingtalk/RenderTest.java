package io.shaozi.adapters.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Outbound;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderTest {
    static final Outbound.Card ONE = new Outbound.Card("新哨单", "正文", List.of(new Outbound.Button("查看", "https://c/t/1")));
    static final Outbound.Card TWO = new Outbound.Card("新哨单", "正文", List.of(new Outbound.Button("签收", "https://c/a"),
            new Outbound.Button("退单", "https://c/r")));
    static final Outbound.News NEWS = new Outbound.News(List.of(new Outbound.Article("a", "da", "https://p/a", "https://u/a"),
            new Outbound.Article("b", "db", "https://p/b", "https://u/b")));

    @Test
    void render_cardsUseCamelCaseForRobotsAndSnakeCaseForWorkNotices() {
        JsonNode r1 = Render.robot(ONE);
        assertThat(r1.path("actionCard").path("singleTitle").asText()).isEqualTo("查看");
        assertThat(r1.path("actionCard").path("text").asText()).isEqualTo("正文");
        JsonNode w1 = Render.workNotice(ONE);
        assertThat(w1.path("msgtype").asText()).isEqualTo("action_card");
        assertThat(w1.path("action_card").path("single_url").asText()).isEqualTo("https://c/t/1");
        assertThat(w1.path("action_card").path("markdown").asText()).isEqualTo("正文");
        JsonNode w2 = Render.workNotice(TWO);
        assertThat(w2.path("action_card").path("btn_json_list").get(1).path("action_url").asText()).isEqualTo("https://c/r");
        assertThat(Render.robot(TWO).path("actionCard").path("btns").get(0).path("actionURL").asText()).isEqualTo("https://c/a");
    }

    @Test
    void render_newsIsFeedCardForRobotsAndMarkdownLinksForWorkNotices() {
        assertThat(Render.robot(NEWS).path("feedCard").path("links").get(1).path("messageURL").asText()).isEqualTo("https://u/b");
        assertThat(Render.workNotice(NEWS).path("markdown").path("text").asText()).contains("[b](https://u/b)");
        Outbound.News single = new Outbound.News(List.of(NEWS.articles().get(0)));
        assertThat(Render.robot(single)).isEqualTo(Render.workNotice(single));
        assertThat(Render.robot(single).path("link").path("messageUrl").asText()).isEqualTo("https://u/a");
    }

    @Test
    void render_buttonlessCardAndTemplateBecomeMarkdown() {
        assertThat(Render.robot(new Outbound.Card("t", "x", List.of())).path("msgtype").asText()).isEqualTo("markdown");
        JsonNode tp = Render.workNotice(new Outbound.Template("ticket", Map.of("b", "2", "a", "1"), "https://c/t"));
        assertThat(tp.path("markdown").path("text").asText()).isEqualTo("- a: 1\n- b: 2\n\n[详情](https://c/t)");
        assertThat(RobotTemplates.of(new Outbound.Template("ticket", Map.of("a", "1"), "")).path("msgKey").asText())
                .isEqualTo("sampleMarkdown");
    }
}
