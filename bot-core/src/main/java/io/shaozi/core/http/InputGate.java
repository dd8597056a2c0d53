package io.shaozi.core.http;

import io.shaozi.adapters.common.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Fields;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The edge gate for JSON bodies, query parameters and headers of the HTTP APIs: typed checks whose every refusal is
 * a 400 ({@link HttpError}) naming the field, never quoting the value. Free text is cleaned of control characters
 * ({@link Fields#clean}) and refused when longer than its limit; ids are refused when blank, too long or holding a
 * control character ({@link Fields#idProblem}). Limits follow the database columns the values land in.
 */
public final class InputGate {
    private static final Pattern VERSION = Pattern.compile("(W/)?\"?([0-9]{1,9})\"?");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private InputGate() {
    }

    // ------------------------------------------------------------------ JSON fields

    /** Runs a check of {@link JsonFields}, its refusal a 400 naming the field. */
    public static <T> T gate(java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (JsonFields.BadInput e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    /** An optional id field of at most {@code max} characters. */
    public static Optional<String> optionalId(JsonNode obj, String name, int max) {
        return gate(() -> JsonFields.optionalId(obj, name, max));
    }

    /** A required id field of at most {@code max} characters. */
    public static String requiredId(JsonNode obj, String name, int max) {
        return gate(() -> JsonFields.requiredId(obj, name, max));
    }

    /** An optional free-text field: control characters removed, refused when longer than {@code max}. */
    public static Optional<String> optionalText(JsonNode obj, String name, int max) {
        return gate(() -> JsonFields.optionalText(obj, name, max));
    }

    /** A required free-text field. */
    public static String requiredText(JsonNode obj, String name, int max) {
        return gate(() -> JsonFields.requiredText(obj, name, max));
    }

    /** An optional JSON object field; absent or null gives a missing node, any other type a 400. */
    public static JsonNode object(JsonNode obj, String name) {
        JsonNode v = obj == null ? null : obj.get(name);
        if (v == null || v.isNull()) {
            return Json.MAPPER.missingNode();
        }
        if (!v.isObject()) {
            throw HttpError.badRequest("field " + name + " must be an object");
        }
        return v;
    }

    /** An optional boolean field ({@code true}/{@code false} only). */
    public static boolean bool(JsonNode obj, String name, boolean absent) {
        JsonNode v = obj == null ? null : obj.get(name);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw HttpError.badRequest("field " + name + " must be true or false");
        }
        return v.booleanValue();
    }

    /** An optional integral field (a JSON integer or a digit string) between {@code min} and {@code max}. */
    public static OptionalInt integer(JsonNode obj, String name, int min, int max) {
        JsonNode v = obj == null ? null : obj.get(name);
        if (v == null || v.isNull()) {
            return OptionalInt.empty();
        }
        String s = v.isIntegralNumber() ? v.asText() : v.isTextual() ? v.asText().strip() : "";
        return OptionalInt.of((int) number(name, s, min, max));
    }

    // ------------------------------------------------------------------ single values

    /** {@code value} as the id {@code name}; 400 when blank, longer than {@code max} or not clean. */
    public static String id(String name, String value, int max) {
        return gate(() -> JsonFields.id(name, value, max));
    }

    /** {@code value} as free text {@code name}: control characters removed; 400 when longer than {@code max}. */
    public static String text(String name, String value, int max) {
        return gate(() -> JsonFields.text(name, value, max));
    }

    /** {@code value} when it is one of {@code allowed}; else a 400 listing them. */
    public static String oneOf(String name, String value, Collection<String> allowed) {
        if (!allowed.contains(value)) {
            throw HttpError.badRequest(name + " must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** A decimal integer between {@code min} and {@code max}; 400 naming {@code name} otherwise. */
    public static long number(String name, String value, long min, long max) {
        if (value == null || !INTEGER.matcher(value).matches()) {
            throw HttpError.badRequest(name + " must be a whole number");
        }
        long n = Long.parseLong(value);
        if (n < min || n > max) {
            throw HttpError.badRequest(name + " must be between " + min + " and " + max);
        }
        return n;
    }

    /**
     * The version an {@code If-Match} header asks for: a number, optionally quoted as an entity tag ({@code "7"},
     * {@code W/"7"}); absent gives empty; anything else a 400 naming If-Match.
     */
    public static OptionalInt ifMatch(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) {
            return OptionalInt.empty();
        }
        var m = VERSION.matcher(header.get().strip());
        if (!m.matches()) {
            throw HttpError.badRequest("If-Match must be a ticket version number (e.g. \"7\")");
        }
        return OptionalInt.of(Integer.parseInt(m.group(2)));
    }
}
