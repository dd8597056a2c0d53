package io.shaozi.adapters.dingtalk;

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
        ObjectNode m = Json.obj();
        if (out instanceof Outbound.Text t) {
            m.put("msgtype", "text").putObject("text").put("content", t.text());
        } else if (out instanceof Outbound.Markdown md) {
            markdown(m, md.title(), md.text());
        } else if (out instanceof Outbound.Card c) {
            if (c.buttons().isEmpty()) {
                markdown(m, c.title(), c.text());
            } else {
                ObjectNode card = m.put("msgtype", "actionCard").putObject("actionCard");
                card.put("title", c.title()).put("text", c.text());
                if (c.buttons().size() == 1) {
                    card.put("singleTitle", c.buttons().get(0).label()).put("singleURL", c.buttons().get(0).url());
                } else {
                    card.put("btnOrientation", "0");
                    ArrayNode btns = card.putArray("btns");
                    for (Outbound.Button b : c.buttons()) {
                        btns.addObject().put("title", b.label()).put("actionURL", b.url());
                    }
                }
            }
        } else if (out instanceof Outbound.News n) {
            if (n.articles().size() == 1) {
                Outbound.Article a = n.articles().get(0);
                m.put("msgtype", "link").putObject("link").put("title", a.title()).put("text", a.description())
                        .put("picUrl", a.picUrl()).put("messageUrl", a.url());
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

    /** Work-notification dialect ({@code msg} of asyncsend_v2): snake_case action_card, link, markdown. */
    static ObjectNode workNotice(Outbound out) {
        ObjectNode m = Json.obj();
        if (out instanceof Outbound.Text t) {
            m.put("msgtype", "text").putObject("text").put("content", t.text());
        } else if (out instanceof Outbound.Markdown md) {
            markdown(m, md.title(), md.text());
        } else if (out instanceof Outbound.Card c) {
            if (c.buttons().isEmpty()) {
                markdown(m, c.title(), c.text());
            } else {
                ObjectNode card = m.put("msgtype", "action_card").putObject("action_card");
                card.put("title", c.title()).put("markdown", c.text());
                if (c.buttons().size() == 1) {
                    card.put("single_title", c.buttons().get(0).label())
                            .put("single_url", c.buttons().get(0).url());
                } else {
                    card.put("btn_orientation", "0");
                    ArrayNode btns = card.putArray("btn_json_list");
                    for (Outbound.Button b : c.buttons()) {
                        btns.addObject().put("title", b.label()).put("action_url", b.url());
                    }
                }
            }
        } else if (out instanceof Outbound.News n) {
            if (n.articles().size() == 1) {
                Outbound.Article a = n.articles().get(0);
                m.put("msgtype", "link").putObject("link").put("title", a.title()).put("text", a.description())
                        .put("picUrl", a.picUrl()).put("messageUrl", a.url());
            } else {
                StringBuilder sb = new StringBuilder();
                for (Outbound.Article a : n.articles()) {
                    sb.append("- [").append(a.title()).append("](").append(a.url()).append(")\n");
                }
                markdown(m, n.articles().isEmpty() ? "" : n.articles().get(0).title(), sb.toString());
            }
        } else if (out instanceof Outbound.Template tp) {
            markdown(m, tp.templateId(), templateText(tp));
        }
        return m;
    }

    private static void markdown(ObjectNode m, String title, String text) {
        m.put("msgtype", "markdown").putObject("markdown").put("title", title).put("text", text);
    }

    private static String templateText(Outbound.Template tp) {
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
