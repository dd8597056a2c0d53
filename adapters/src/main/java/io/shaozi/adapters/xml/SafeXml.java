package io.shaozi.adapters.xml;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Hardened XML reader for untrusted platform bodies (docs/platform-notes.md section 6.1).
 *
 * <ul>
 *   <li>Input larger than {@code maxBytes} is refused before parsing; bytes must be UTF-8 (the platforms'
 *       only encoding; a declared encoding is ignored).</li>
 *   <li>Any DOCTYPE is refused: no DTDs, hence no external entities, no parameter entities and no entity
 *       expansion (billion laughs). Only the five predefined entities and character references remain.</li>
 *   <li>Element count and nesting depth are capped.</li>
 *   <li>Uses the JDK's built-in StAX implementation ({@link XMLInputFactory#newDefaultFactory()}), whatever
 *       else is on the class path, with DTD support and external entities switched off.</li>
 *   <li>Maps known fields only: the result is a flat map of element paths to text; nothing is bound to
 *       objects.</li>
 * </ul>
 * Thread-safe; never throws on any input.
 */
public final class SafeXml {
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_ELEMENTS = 2_000;
    public static final int DEFAULT_MAX_DEPTH = 16;

    private static final SafeXml DEFAULTS = new SafeXml(DEFAULT_MAX_BYTES, DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_DEPTH);

    private final int maxBytes;
    private final int maxElements;
    private final int maxDepth;
    /** StAX factories are not specified to be thread-safe: one per thread. */
    private final ThreadLocal<XMLInputFactory> factory = ThreadLocal.withInitial(SafeXml::newFactory);

    public SafeXml(int maxBytes, int maxElements, int maxDepth) {
        if (maxBytes <= 0 || maxElements <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxElements = maxElements;
        this.maxDepth = maxDepth;
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("external resource refused");
        });
        return f;
    }

    /** 256 KiB, 2 000 elements, depth 16. */
    public static SafeXml defaults() {
        return DEFAULTS;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Parses UTF-8 bytes. */
    public XmlResult parse(byte[] xml) {
        if (xml == null || xml.length == 0) {
            return new XmlResult.Refused("empty body");
        }
        if (xml.length > maxBytes) {
            return new XmlResult.Refused("body larger than " + maxBytes + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(xml)).toString();
        } catch (CharacterCodingException e) {
            return new XmlResult.Refused("body is not UTF-8");
        }
        return parseChecked(text);
    }

    private XmlResult parseChecked(String xml) {
        XMLStreamReader r = null;
        try {
            r = factory.get().createXMLStreamReader(new StringReader(xml));
            return read(r);
        } catch (XMLStreamException | RuntimeException e) {
            return new XmlResult.Refused("malformed XML");
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release
                }
            }
        }
    }

    /** Parses a string (e.g. a decrypted envelope). */
    public XmlResult parse(String xml) {
        if (xml == null || xml.isEmpty()) {
            return new XmlResult.Refused("empty body");
        }
        if (xml.length() > maxBytes) {
            return new XmlResult.Refused("body larger than " + maxBytes + " bytes");
        }
        return parseChecked(xml);
    }

    private XmlResult read(XMLStreamReader r) throws XMLStreamException {
        Map<String, String> fields = new HashMap<>();
        Deque<String> path = new ArrayDeque<>();
        Deque<StringBuilder> text = new ArrayDeque<>();
        String root = null;
        int elements = 0;
        while (r.hasNext()) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.DTD:
                    return new XmlResult.Refused("DOCTYPE not allowed");
                case XMLStreamConstants.ENTITY_REFERENCE:
                case XMLStreamConstants.ENTITY_DECLARATION:
                case XMLStreamConstants.NOTATION_DECLARATION:
                    return new XmlResult.Refused("entity references not allowed");
                case XMLStreamConstants.START_ELEMENT: {
                    if (++elements > maxElements) {
                        return new XmlResult.Refused("more than " + maxElements + " elements");
                    }
                    if (path.size() >= maxDepth) {
                        return new XmlResult.Refused("nesting deeper than " + maxDepth);
                    }
                    String name = r.getLocalName();
                    if (root == null) {
                        root = name;
                        path.push("");
                    } else {
                        String parent = path.peek();
                        path.push(parent.isEmpty() ? name : parent + "/" + name);
                    }
                    text.push(new StringBuilder());
                    break;
                }
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    if (!text.isEmpty()) {
                        text.peek().append(r.getText());
                    }
                    break;
                case XMLStreamConstants.END_ELEMENT: {
                    String p = path.pop();
                    StringBuilder sb = text.pop();
                    if (!p.isEmpty()) {
                        fields.putIfAbsent(p, sb.toString());
                    }
                    break;
                }
                default:
                    break; // comments, processing instructions, end of document
            }
        }
        if (root == null) {
            return new XmlResult.Refused("no root element");
        }
        return new XmlResult.Parsed(root, fields);
    }
}
