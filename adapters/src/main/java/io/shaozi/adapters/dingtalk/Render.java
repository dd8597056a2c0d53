package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.common.JsonTree;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.common.Outbound;
import java.util.Map;
import java.util.TreeMap;

/** Outbound records → DingTalk message JSON, in the two dialects DingTalk uses. */
final class Render {
    private Render() {
    }

    /**
     * Robot dialect (synchronous reply, sessionWebhook, custom group webhook): {@code text}, {@code markdown},
     * {@code actionCard}, {@code link}, {@code feedCard}.
     */
    static ObjectNode robot(Outbound out) {
        return render(out, false);
    }

    /** Work-notification dialect ({@code msg} of asyncsend_v2): snake_case action_card, link, markdown. */
    static ObjectNode workNotice(Outbound out) {
        return render(out, true);
    }

    private static ObjectNode render(Outbound out, boolean notice) {
        ObjectNode m = JsonTree.obj();
        if (out instanceof Outbound.Text t) {
            m.put("msgtype", "text").putObject("text").put("content", t.text());
        } else if (out instanceof Outbound.Markdown md) {
            markdown(m, md.title(), md.text());
        } else if (out instanceof Outbound.Card c) {
            if (c.buttons().isEmpty()) {
                markdown(m, c.title(), c.text());
            } else {
                card(m, c, notice);
            }
        } else if (out instanceof Outbound.News n) {
            if (n.articles().size() == 1) {
                Outbound.Article a = n.articles().get(0);
                m.put("msgtype", "link").putObject("link").put("title", a.title()).put("text", a.description())
                        .put("picUrl", a.picUrl()).put("messageUrl", a.url());
            } else if (notice) {
                // work notices have no feedCard: a markdown list of links
                StringBuilder sb = new StringBuilder();
                for (Outbound.Article a : n.articles()) {
                    sb.append("- [").append(a.title()).append("](").append(a.url()).append(")\n");
                }
                markdown(m, n.articles().isEmpty() ? "" : n.articles().get(0).title(), sb.toString());
            } else {
                ArrayNode links = m.put("msgtype", "feedCard").putObject("feedCard").putArray("links");
                for (Outbound.Article a : n.articles()) {
                    links.addObject().put("title", a.title()).put("messageURL", a.url()).put("picURL", a.picUrl());
                }
            }
        } else if (out instanceof Outbound.Template tp) {
            markdown(m, tp.templateId(), templateText(tp));
        }
        return m;
    }

    /** actionCard (robot: camelCase, btns/actionURL) or action_card (work notice: snake_case, btn_json_list). */
    private static void card(ObjectNode m, Outbound.Card c, boolean notice) {
        ObjectNode card = m.put("msgtype", notice ? "action_card" : "actionCard")
                .putObject(notice ? "action_card" : "actionCard");
        card.put("title", c.title()).put(notice ? "markdown" : "text", c.text());
        if (c.buttons().size() == 1) {
            Outbound.Button b = c.buttons().get(0);
            card.put(notice ? "single_title" : "singleTitle", b.label()).put(notice ? "single_url" : "singleURL", b.url());
        } else {
            card.put(notice ? "btn_orientation" : "btnOrientation", "0");
            ArrayNode btns = card.putArray(notice ? "btn_json_list" : "btns");
            for (Outbound.Button b : c.buttons()) {
                btns.addObject().put("title", b.label()).put(notice ? "action_url" : "actionURL", b.url());
            }
        }
    }

    private static void markdown(ObjectNode m, String title, String text) {
        m.put("msgtype", "markdown").putObject("markdown").put("title", title).put("text", text);
    }

    static String templateText(Outbound.Template tp) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(tp.data()).entrySet()) {
            sb.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        if (!tp.url().isBlank()) {
            sb.append("\n[详情](").append(tp.url()).append(')');
        }
        return sb.toString();
    }
}
