package io.shaozi.adapters.common;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the bot says; each adapter renders these into its platform's passive reply or send API. */
public sealed interface Outbound
        permits Outbound.Text, Outbound.News, Outbound.Template, Outbound.Markdown, Outbound.Card, Outbound.Mass {

    /** Plain text. */
    record Text(String text) implements Outbound {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** One article card of a news message. */
    record Article(String title, String description, String picUrl, String url) {
        public Article {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(picUrl, "picUrl");
            Objects.requireNonNull(url, "url");
        }
    }

    /** Article cards (WeChat news, WeCom news, Feishu post). */
    record News(List<Article> articles) implements Outbound {
        public News {
            articles = List.copyOf(articles);
        }
    }

    /** A template / subscribe message: template id, the data fields and an optional link. */
    record Template(String templateId, Map<String, String> data, String url) implements Outbound {
        public Template {
            Objects.requireNonNull(templateId, "templateId");
            data = Map.copyOf(data);
            Objects.requireNonNull(url, "url");
        }
    }

    /** Markdown text (DingTalk, WeCom, Feishu); plain-text platforms render the text. */
    record Markdown(String title, String text) implements Outbound {
        public Markdown {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(text, "text");
        }
    }

    /** A button of an action card. */
    record Button(String label, String url) {
        public Button {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(url, "url");
        }
    }

    /** An alert card with buttons (DingTalk actionCard, WeCom textcard, Feishu interactive). */
    record Card(String title, String text, List<Button> buttons) implements Outbound {
        public Card {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(text, "text");
            buttons = List.copyOf(buttons);
        }
    }

    /**
     * Text sent by a WeChat 服务号 mass send (群发, {@code message/mass/send} to an OpenID list): reaches a user outside
     * the customer-service window, at most 4 times a calendar month per user. Other platforms send it as text.
     */
    record Mass(String text) implements Outbound {
        public Mass {
            Objects.requireNonNull(text, "text");
        }
    }
}
