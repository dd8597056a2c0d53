package io.shaozi.adapters.xml;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Outcome of {@link SafeXml#parse}: never null, never thrown. */
public sealed interface XmlResult permits XmlResult.Parsed, XmlResult.Refused {

    /**
     * A well-formed document without DTD.
     *
     * @param root   the root element's local name (WeChat: {@code xml})
     * @param fields text of every element below the root, keyed by its path relative to the root
     *               ({@code Content}, {@code ScanCodeInfo/ScanResult}); the first occurrence of a repeated
     *               path wins; CDATA and character data are joined; attributes are ignored
     */
    record Parsed(String root, Map<String, String> fields) implements XmlResult {
        public Parsed {
            Objects.requireNonNull(root, "root");
            fields = Map.copyOf(fields);
        }

        /** The field's text, when present. */
        public Optional<String> get(String path) {
            return Optional.ofNullable(fields.get(path));
        }

        /** The field's text, or {@code ""}. */
        public String text(String path) {
            return fields.getOrDefault(path, "");
        }
    }

    /** Refused: too large, a DTD/entity declaration, too deep/many elements, or not well-formed. */
    record Refused(String reason) implements XmlResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
