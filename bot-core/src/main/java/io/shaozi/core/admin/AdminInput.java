package io.shaozi.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Fields;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.InputGate;
import io.shaozi.core.http.WebRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin APIs' input gate: every body field and query parameter they read, with its limit (free text cleaned of
 * control characters, ids refused when they hold any, both refused when longer than their column), 400 naming the
 * field otherwise.
 */
final class AdminInput {
    /** Most entries of a list field (attachments, departments, duties, places). */
    static final int MAX_LIST = 100;

    private AdminInput() {
    }

    static Optional<String> param(WebRequest req, String name) {
        Limit l = limit(name);
        return req.param(name).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> l.free() ? InputGate.text(name, s, l.max()) : InputGate.id(name, s, l.max()))
                .filter(s -> !s.isBlank());
    }

    static int intParam(WebRequest req, String name, int def, int min, int max) {
        Optional<String> v = param(req, name);
        if (v.isEmpty()) {
            return def;
        }
        return (int) InputGate.number(name, v.get(), min, max);
    }

    /**
     * A string field of a request body through the input gate, by the field's entry in {@link #LIMITS}: free text is
     * cleaned of control characters, ids are refused when they hold any; both are refused (400 naming the field)
     * when longer than the column they land in, or when not a string.
     */
    static Optional<String> text(JsonNode b, String key) {
        Limit l = limit(key);
        return l.free() ? InputGate.optionalText(b, key, l.max()) : InputGate.optionalId(b, key, l.max());
    }

    /** How one named value is checked: free text or id, and its longest length (its column's size). */
    record Limit(boolean free, int max) {
    }

    private static Map.Entry<String, Limit> free(String name, int max) {
        return Map.entry(name, new Limit(true, max));
    }

    private static Map.Entry<String, Limit> id(String name, int max) {
        return Map.entry(name, new Limit(false, max));
    }

    /** Every body field and query parameter the API reads, with its limit; the README's 接口一览 lists them. */
    static final Map<String, Limit> LIMITS = Map.ofEntries(
            free("text", Fields.MAX_TEXT), free("note", 2000), free("comment", 2000), free("reason", 2000),
            free("place", 500), free("location", 300), free("name", 100), free("label", 100), free("q", 200),
            free("duties", 200), free("places", 200), free("attachments", 500),
            id("category", 40), id("subcategory", 40), id("community", 40), id("department", 40),
            id("departments", 40), id("lead", 40), id("grid", 40), id("code", 40), id("phone", 40),
            id("dedupeKey", 200), id("channel", 16), id("account", 64), id("user", Fields.MAX_USER),
            id("recipient", 200), id("id", 64), id("branch", 40), id("committee", 40), id("number", 20), id("master", 20), id("into", 20), id("photo", 500),
            id("action", 24), id("urgency", 12), id("rating", 24), id("role", 24), id("decision", 16),
            id("kind", 24), id("status", 24), id("state", 24), id("overdue", 8), id("type", 8), id("requestType", 8), id("dimension", 16), id("by", 16),
            id("communities", 40), id("branches", 40), id("roles", 24), id("people", 64),
            id("from", 10), id("to", 10), id("page", 10), id("size", 10), id("days", 10), id("questions", 64), id("deadline", 40), id("at", 40));

    static Limit limit(String name) {
        Limit l = LIMITS.get(name);
        if (l == null) {
            throw new IllegalStateException("no input limit for field " + name);
        }
        return l;
    }

    static String required(JsonNode b, String key) {
        return text(b, key).orElseThrow(() -> HttpError.badRequest(key + " is required"));
    }

    static List<String> strings(JsonNode b, String key) {
        JsonNode v = b.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw HttpError.badRequest(key + " must be a list");
        }
        Limit l = limit(key);
        List<String> out = new ArrayList<>();
        v.forEach(x -> {
            if (!x.isTextual()) {
                throw HttpError.badRequest(key + " must be a list of strings");
            }
            String s = x.asText().strip();
            if (!s.isEmpty()) {
                out.add(l.free() ? InputGate.text(key, s, l.max()) : InputGate.id(key, s, l.max()));
            }
        });
        if (out.size() > MAX_LIST) {
            throw HttpError.badRequest(key + " has more than " + MAX_LIST + " entries");
        }
        return out;
    }
}
