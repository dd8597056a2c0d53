package io.shaozi.adapters.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Reading a JSON request body at the edge, the same way for the generic channel and bot-core's HTTP APIs: every
 * refusal a {@link BadInput} naming the field, never quoting the value. Free text is cleaned of control characters
 * ({@link Fields#clean}) and refused when longer than its limit; ids are refused when blank, too long or holding a
 * control character ({@link Fields#idProblem}).
 */
public final class JsonFields {
    /** Request bodies: unknown properties tolerated, trailing content after the value refused. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonFields() {
    }

    /** A request the caller must correct (answered 400 with {@link #getMessage()}). */
    public static final class BadInput extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public BadInput(String message) {
            super(message);
        }
    }

    /** Parses a request body; malformed JSON is refused with the parser's reason. */
    public static JsonNode parse(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadInput("empty body: JSON expected");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadInput("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInput("unreadable body: " + e.getMessage());
        }
    }

    /** The string field {@code name} of {@code obj}, trimmed; empty when absent, null or blank; refused when not a string. */
    public static Optional<String> string(JsonNode obj, String name) {
        JsonNode v = obj == null ? null : obj.get(name);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new BadInput("field " + name + " must be a string");
        }
        String s = v.asText().strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** An optional id field of at most {@code max} characters. */
    public static Optional<String> optionalId(JsonNode obj, String name, int max) {
        Optional<String> s = string(obj, name);
        s.ifPresent(v -> id(name, v, max));
        return s;
    }

    /** A required id field of at most {@code max} characters. */
    public static String requiredId(JsonNode obj, String name, int max) {
        return optionalId(obj, name, max).orElseThrow(() -> new BadInput("missing field: " + name));
    }

    /** An optional free-text field: control characters removed, refused when longer than {@code max}. */
    public static Optional<String> optionalText(JsonNode obj, String name, int max) {
        return string(obj, name).map(v -> text(name, v, max)).filter(v -> !v.isBlank());
    }

    /** A required free-text field. */
    public static String requiredText(JsonNode obj, String name, int max) {
        return optionalText(obj, name, max).orElseThrow(() -> new BadInput("missing field: " + name));
    }

    /** {@code value} as the id {@code name}; refused when blank, longer than {@code max} or not clean. */
    public static String id(String name, String value, int max) {
        Fields.idProblem(name, value, max).ifPresent(reason -> {
            throw new BadInput(reason);
        });
        return value;
    }

    /** {@code value} as free text {@code name}: control characters removed; refused when longer than {@code max}. */
    public static String text(String name, String value, int max) {
        String clean = Fields.clean(value);
        if (clean.length() > max) {
            throw new BadInput("field " + name + " is longer than " + max + " characters");
        }
        return clean;
    }
}
