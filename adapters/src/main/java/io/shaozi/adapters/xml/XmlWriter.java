package io.shaozi.adapters.xml;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Minimal writer for WeChat-style reply XML: elements with CDATA text. Text is made safe: characters not
 * allowed in XML 1.0 are dropped and {@code ]]>} is split across two CDATA sections, so user text can never
 * close the section early. Element names are trusted constants.
 */
public final class XmlWriter {
    private final StringBuilder sb = new StringBuilder(256);
    private final Deque<String> open = new ArrayDeque<>();

    private XmlWriter(String root) {
        start(root);
    }

    /** A writer with {@code <root>} opened. */
    public static XmlWriter root(String root) {
        return new XmlWriter(root);
    }

    public XmlWriter start(String name) {
        sb.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    public XmlWriter end() {
        sb.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name><![CDATA[value]]></name>} with the value sanitised. */
    public XmlWriter cdata(String name, String value) {
        sb.append('<').append(name).append("><![CDATA[");
        appendCdata(sb, value);
        sb.append("]]></").append(name).append('>');
        return this;
    }

    /** {@code <name>text</name>} with {@code & < >} escaped and illegal characters dropped. */
    public XmlWriter text(String name, String value) {
        sb.append('<').append(name).append('>');
        String clean = cdataContent(value).replace("]]><![CDATA[", "");
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            switch (c) {
                case '&':
                    sb.append("&amp;");
                    break;
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                default:
                    sb.append(c);
            }
        }
        sb.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name>number</name>}. */
    public XmlWriter number(String name, long value) {
        sb.append('<').append(name).append('>').append(value).append("</").append(name).append('>');
        return this;
    }

    /** Closes every open element and returns the document. */
    public String finish() {
        while (!open.isEmpty()) {
            end();
        }
        return sb.toString();
    }

    static void appendCdata(StringBuilder out, String value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    out.append(c).append(value.charAt(i + 1));
                    i++;
                }
                continue;
            }
            if (Character.isLowSurrogate(c) || !allowed(c)) {
                continue;
            }
            if (c == '>' && out.length() >= 2 && out.charAt(out.length() - 1) == ']' && out.charAt(out.length() - 2) == ']') {
                out.append("]]><![CDATA[>");
                continue;
            }
            out.append(c);
        }
    }

    /** XML 1.0 Char production, BMP part. */
    static boolean allowed(char c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }

    /** Sanitised CDATA content of {@code value} (exposed for tests and other writers). */
    public static String cdataContent(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        appendCdata(out, value);
        return out.toString();
    }
}
