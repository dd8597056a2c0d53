package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.common.JsonTree;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.common.Outbound;
import java.util.List;

/**
 * Outbound records → the robot OpenAPI's {@code msgKey} + {@code msgParam} (a JSON <em>string</em>):
 * sampleText, sampleMarkdown, sampleLink, sampleActionCard (one button) and sampleActionCard2…5 (two to five
 * buttons, {@code actionTitleN}/{@code actionURLN}). More than five buttons: the first five are kept.
 */
final class RobotTemplates {
    private RobotTemplates() {
    }

    static ObjectNode of(Outbound out) {
        ObjectNode param = JsonTree.obj();
        String key;
        if (out instanceof Outbound.Text t) {
            key = "sampleText";
            param.put("content", t.text());
        } else if (out instanceof Outbound.Markdown m) {
            key = "sampleMarkdown";
            param.put("title", m.title()).put("text", m.text());
        } else if (out instanceof Outbound.Card c) {
            List<Outbound.Button> buttons = c.buttons().size() > 5 ? c.buttons().subList(0, 5) : c.buttons();
            param.put("title", c.title()).put("text", c.text());
            if (buttons.isEmpty()) {
                key = "sampleMarkdown";
            } else if (buttons.size() == 1) {
                key = "sampleActionCard";
                param.put("singleTitle", buttons.get(0).label()).put("singleURL", buttons.get(0).url());
            } else {
                key = "sampleActionCard" + buttons.size();
                for (int i = 0; i < buttons.size(); i++) {
                    param.put("actionTitle" + (i + 1), buttons.get(i).label())
                            .put("actionURL" + (i + 1), buttons.get(i).url());
                }
            }
        } else if (out instanceof Outbound.News n && !n.articles().isEmpty()) {
            Outbound.Article a = n.articles().get(0);
            key = "sampleLink";
            param.put("title", a.title()).put("text", a.description()).put("picUrl", a.picUrl())
                    .put("messageUrl", a.url());
        } else if (out instanceof Outbound.Template tp) {
            key = "sampleMarkdown";
            param.put("title", tp.templateId()).put("text", Render.templateText(tp));
        } else {
            key = "sampleText";
            param.put("content", "");
        }
        ObjectNode body = JsonTree.obj();
        body.put("msgKey", key).put("msgParam", JsonTree.write(param));
        return body;
    }
}
