package io.shaozi.adapters.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Hardened JSON reading and small tree helpers shared by the JSON platforms (DingTalk, Feishu). */
public final class JsonTree {
    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64).maxNumberLength(64).maxStringLength(1 << 20).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonTree() {
    }

    /** The body as a JSON object, or empty when it is not one. */
    public static Optional<JsonNode> object(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static Optional<JsonNode> object(String body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A string or number field as text; empty when absent, null, blank or structured. */
    public static Optional<String> text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode v = node.get(field);
        if (v == null || !(v.isTextual() || v.isNumber() || v.isBoolean())) {
            return Optional.empty();
        }
        String s = v.asText();
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    /** A non-negative integral field (number or digit string). */
    public static Optional<Long> number(JsonNode node, String field) {
        return text(node, field).filter(s -> s.matches("[0-9]{1,18}")).map(Long::parseLong);
    }

    public static JsonNode child(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null ? MAPPER.missingNode() : v;
    }

    public static ObjectNode obj() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }

    /** Case-insensitive lookup in HTTP headers or query parameters. */
    public static Optional<String> param(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
                    v = e.getValue();
                    break;
                }
            }
        }
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
