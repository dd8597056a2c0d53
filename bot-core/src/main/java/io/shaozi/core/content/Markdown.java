package io.shaozi.core.content;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Markdown subset of content bodies: paragraphs (separated by blank lines; single line breaks kept),
 * {@code **bold**}, lists ({@code - item}, {@code * item}, {@code 1. item}) and links {@code [text](https://...)}
 * (http/https only; any other target stays plain text). Everything else is text: in HTML every {@code < > & " '} is
 * escaped, so no input produces markup other than {@code p ul ol li strong br a}. Hand-written because the subset
 * is this small and the escaping rule must hold for every input (see {@code MarkdownPropertyTest}); a full Markdown
 * library would need an HTML sanitiser on top.
 */
public final class Markdown {
    private static final Pattern BULLET = Pattern.compile("^\\s{0,3}[-*]\\s+(.*)$");
    private static final Pattern NUMBERED = Pattern.compile("^\\s{0,3}[0-9]{1,3}[.)]\\s+(.*)$");
    private static final Pattern INLINE = Pattern.compile("\\*\\*(.+?)\\*\\*|\\[([^\\[\\]\\n]+)\\]\\(([^()\\s]+)\\)");

    private Markdown() {
    }

    private enum Kind { PARAGRAPH, BULLETS, NUMBERS }

    private record Block(Kind kind, List<String> lines) {
    }

    private static List<Block> blocks(String source) {
        List<Block> out = new ArrayList<>();
        Block cur = null;
        for (String raw : source.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                cur = null;
                continue;
            }
            Matcher b = BULLET.matcher(raw);
            Matcher n = NUMBERED.matcher(raw);
            Kind k;
            String text;
            if (b.matches()) {
                k = Kind.BULLETS;
                text = b.group(1).strip();
            } else if (n.matches()) {
                k = Kind.NUMBERS;
                text = n.group(1).strip();
            } else {
                k = Kind.PARAGRAPH;
                text = line;
            }
            if (cur == null || cur.kind != k) {
                cur = new Block(k, new ArrayList<>());
                out.add(cur);
            }
            cur.lines.add(text);
        }
        return out;
    }

    /** Plain text for platforms without markup: bold unmarked, links as {@code text（url）}, list bullets kept. */
    public static String toPlainText(String source) {
        StringBuilder sb = new StringBuilder();
        for (Block b : blocks(source)) {
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            for (int i = 0; i < b.lines.size(); i++) {
                if (i > 0) {
                    sb.append('\n');
                }
                if (b.kind == Kind.BULLETS) {
                    sb.append("• ");
                } else if (b.kind == Kind.NUMBERS) {
                    sb.append(i + 1).append(". ");
                }
                inline(b.lines.get(i), sb, false);
            }
        }
        return sb.toString();
    }

    /** Safe HTML: only {@code p ul ol li strong br a} are produced; all other text is escaped. */
    public static String toHtml(String source) {
        StringBuilder sb = new StringBuilder();
        for (Block b : blocks(source)) {
            switch (b.kind) {
                case PARAGRAPH -> {
                    sb.append("<p>");
                    for (int i = 0; i < b.lines.size(); i++) {
                        if (i > 0) {
                            sb.append("<br>");
                        }
                        inline(b.lines.get(i), sb, true);
                    }
                    sb.append("</p>");
                }
                case BULLETS, NUMBERS -> {
                    String tag = b.kind == Kind.BULLETS ? "ul" : "ol";
                    sb.append('<').append(tag).append('>');
                    for (String l : b.lines) {
                        sb.append("<li>");
                        inline(l, sb, true);
                        sb.append("</li>");
                    }
                    sb.append("</").append(tag).append('>');
                }
                default -> throw new AssertionError(b.kind);
            }
        }
        return sb.toString();
    }

    private static void inline(String text, StringBuilder sb, boolean html) {
        Matcher m = INLINE.matcher(text);
        int at = 0;
        while (m.find()) {
            String url = m.group(3);
            if (m.group(1) == null && !Draft.isHttpUrl(url)) {
                continue; // not a link we render: stays text
            }
            plain(text.substring(at, m.start()), sb, html);
            if (m.group(1) != null) {
                if (html) {
                    sb.append("<strong>");
                }
                plain(m.group(1), sb, html);
                if (html) {
                    sb.append("</strong>");
                }
            } else if (html) {
                sb.append("<a href=\"").append(escape(url)).append("\" rel=\"nofollow noopener\">");
                plain(m.group(2), sb, true);
                sb.append("</a>");
            } else {
                sb.append(m.group(2)).append('（').append(url).append('）');
            }
            at = m.end();
        }
        plain(text.substring(at), sb, html);
    }

    private static void plain(String s, StringBuilder sb, boolean html) {
        sb.append(html ? escape(s) : s);
    }

    /** HTML-escapes {@code < > & " '}. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
