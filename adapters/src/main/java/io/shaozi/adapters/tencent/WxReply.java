package io.shaozi.adapters.tencent;

import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.crypto.Sealed;
import io.shaozi.adapters.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Passive-reply XML of the WeChat family (docs/platform-notes.md section 2.4, section 3.4). */
public final class WxReply {
    /** Conservative byte budget for a text reply (WeChat's observed limit is about 2048 bytes). */
    public static final int MAX_TEXT_BYTES = 2000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WxReply() {
    }

    /**
     * The inner reply XML: {@link Outbound.Text} and {@link Outbound.News} natively, everything else as text
     * ({@link #plainText}). Ids are swapped by the caller: {@code toUser} = the user, {@code fromUser} = the
     * account ({@code gh_…}) or CorpID.
     */
    public static String innerXml(String toUser, String fromUser, long createTime, Outbound reply, int maxArticles) {
        if (reply instanceof Outbound.News news && !news.articles().isEmpty()) {
            List<Outbound.Article> arts = news.articles().subList(0, Math.min(maxArticles, news.articles().size()));
            XmlWriter w = header(toUser, fromUser, createTime, "news").number("ArticleCount", arts.size()).start("Articles");
            for (Outbound.Article a : arts) {
                w.start("item").cdata("Title", a.title()).cdata("Description", a.description())
                        .cdata("PicUrl", a.picUrl()).cdata("Url", a.url()).end();
            }
            return w.finish();
        }
        return header(toUser, fromUser, createTime, "text")
                .cdata("Content", truncateUtf8(plainText(reply), MAX_TEXT_BYTES)).finish();
    }

    private static XmlWriter header(String toUser, String fromUser, long createTime, String msgType) {
        return XmlWriter.root("xml").cdata("ToUserName", toUser).cdata("FromUserName", fromUser)
                .number("CreateTime", createTime).cdata("MsgType", msgType);
    }

    /** The encrypted reply wrapper {@code <xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>} (as Tencent's sample writes it). */
    public static String encryptedXml(Sealed s) {
        return XmlWriter.root("xml").cdata("Encrypt", s.encrypt()).cdata("MsgSignature", s.msgSignature())
                .text("TimeStamp", s.timestamp()).cdata("Nonce", s.nonce()).finish();
    }

    /** Text rendering of any {@link Outbound}, for platforms or modes that only take text. */
    public static String plainText(Outbound o) {
        if (o instanceof Outbound.Text t) {
            return t.text();
        }
        if (o instanceof Outbound.Mass m) {
            return m.text();
        }
        if (o instanceof Outbound.Markdown m) {
            return m.title().isBlank() || m.text().startsWith(m.title()) ? m.text() : m.title() + "\n" + m.text();
        }
        if (o instanceof Outbound.Card c) {
            StringBuilder sb = new StringBuilder(c.title());
            if (!c.text().isBlank()) {
                sb.append(sb.length() > 0 ? "\n" : "").append(c.text());
            }
            for (Outbound.Button b : c.buttons()) {
                sb.append('\n').append(b.label()).append(": ").append(b.url());
            }
            return sb.toString();
        }
        if (o instanceof Outbound.News n) {
            StringBuilder sb = new StringBuilder();
            for (Outbound.Article a : n.articles()) {
                if (sb.length() > 0) {
                    sb.append("\n\n");
                }
                sb.append(a.title());
                if (!a.description().isBlank()) {
                    sb.append('\n').append(a.description());
                }
                if (!a.url().isBlank()) {
                    sb.append('\n').append(a.url());
                }
            }
            return sb.toString();
        }
        Outbound.Template t = (Outbound.Template) o;
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(t.data()).entrySet()) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(e.getValue());
        }
        if (!t.url().isBlank()) {
            sb.append(sb.length() > 0 ? "\n" : "").append(t.url());
        }
        return sb.toString();
    }

    /** Cuts {@code s} to at most {@code maxBytes} UTF-8 bytes on a code point boundary, marking the cut with "…". */
    public static String truncateUtf8(String s, int maxBytes) {
        if (s.length() * 3 <= maxBytes || s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        int budget = maxBytes - 3; // "…" is 3 bytes
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > budget) {
                break;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i) + "…";
    }

    /** A fresh 10-digit nonce for replies that do not echo the request's. */
    public static String nonce() {
        return Long.toString(1_000_000_000L + (RANDOM.nextLong() & Long.MAX_VALUE) % 9_000_000_000L);
    }
}
