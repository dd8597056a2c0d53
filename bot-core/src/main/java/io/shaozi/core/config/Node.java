package io.shaozi.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A typed, path-aware reader over one object of the merged configuration tree. Every key read is
 * remembered; {@link #done()} rejects keys nobody read, so a typo never passes silently. Errors name the
 * full key path and the value: {@code server.port: "abc" is not a port}.
 */
public final class Node {
    private final String path;
    private final ObjectNode node;
    private final Set<String> read = new LinkedHashSet<>();
    private final Context ctx;

    /** State shared by every node of one load: leaf overrides (env, CLI) and the effective values read. */
    static final class Context {
        final java.util.Map<String, String> overrides;
        final Set<String> usedOverrides = new LinkedHashSet<>();
        final java.util.Map<String, String> effective = new java.util.LinkedHashMap<>();

        Context(java.util.Map<String, String> overrides) {
            this.overrides = overrides;
        }
    }

    /** The environment-variable form of a key path: {@code SHAOZI_} + path upper-cased, dots and brackets as _. */
    public static String envName(String keyPath) {
        return "SHAOZI_" + keyPath.replace("[", "_").replace("]", "").replace('.', '_')
                .toUpperCase(java.util.Locale.ROOT);
    }

    Node(String path, JsonNode node, Context ctx) {
        this.path = path;
        this.ctx = ctx;
        if (node == null || node.isNull() || node.isMissingNode()) {
            this.node = JsonNodeFactory.instance.objectNode();
        } else if (node instanceof ObjectNode o) {
            this.node = o;
        } else {
            throw new ConfigException(path + ": expected a mapping of keys, got " + describe(node));
        }
    }

    public String path() {
        return path;
    }

    private String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private JsonNode raw(String name) {
        read.add(name);
        String env = envName(key(name));
        String override = ctx.overrides.get(env);
        if (override != null) {
            ctx.usedOverrides.add(env);
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(override);
        }
        return node.get(name);
    }

    private <T> T leaf(String name, T value) {
        ctx.effective.put(key(name), String.valueOf(value));
        return value;
    }

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull();
    }

    private String stringRaw(String name, String def) {
        JsonNode v = raw(name);
        if (absent(v)) {
            return def;
        }
        if (v.isContainerNode()) {
            throw new ConfigException(key(name) + ": expected a string, got " + describe(v));
        }
        return v.asText();
    }

    private boolean boolRaw(String name, boolean def) {
        JsonNode v = raw(name);
        if (absent(v)) {
            return def;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String s = v.asText().trim().toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(key(name) + ": " + describe(v) + " is not true or false");
        };
    }

    private long integerRaw(String name, long def, long min, long max) {
        JsonNode v = raw(name);
        if (absent(v)) {
            return def;
        }
        long value;
        if (v.isIntegralNumber()) {
            value = v.longValue();
        } else {
            try {
                value = Long.parseLong(v.asText().trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new ConfigException(key(name) + ": " + describe(v) + " is not a whole number");
            }
        }
        if (value < min || value > max) {
            throw new ConfigException(key(name) + ": " + value + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    private double decimalRaw(String name, double def, double min, double max) {
        JsonNode v = raw(name);
        if (absent(v)) {
            return def;
        }
        double value;
        try {
            value = v.isNumber() ? v.doubleValue() : Double.parseDouble(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key(name) + ": " + describe(v) + " is not a number");
        }
        if (!(value >= min && value <= max)) {
            throw new ConfigException(key(name) + ": " + value + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    private int portRaw(String name, int def) {
        JsonNode v = raw(name);
        if (absent(v)) {
            return def;
        }
        String s = v.asText().trim();
        try {
            int p = Integer.parseInt(s);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new ConfigException(key(name) + ": " + describe(v) + " is not a port");
    }

    /** One of {@code allowed}, case-sensitive. */
    public String oneOf(String name, String def, List<String> allowed) {
        String s = string(name, def);
        if (!allowed.contains(s)) {
            throw new ConfigException(key(name) + ": \"" + s + "\" is not one of " + allowed);
        }
        return s;
    }

    /** An absolute http(s) URL, or the default when absent. */
    public String url(String name, String def) {
        String s = string(name, def);
        if (s.isEmpty()) {
            return s;
        }
        try {
            URI u = new URI(s);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new URISyntaxException(s, "scheme and host required");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(key(name) + ": \"" + s + "\" is not an absolute URL");
        }
        return s;
    }


    public String string(String name, String def) {
        return leaf(name, stringRaw(name, def));
    }

    public boolean bool(String name, boolean def) {
        return leaf(name, boolRaw(name, def));
    }

    public long integer(String name, long def, long min, long max) {
        return leaf(name, integerRaw(name, def, min, max));
    }

    public int int32(String name, int def, int min, int max) {
        return (int) integer(name, def, min, max);
    }

    public double decimal(String name, double def, double min, double max) {
        return leaf(name, decimalRaw(name, def, min, max));
    }

    /** A TCP port; 0 means "any free port" (tests). */
    public int port(String name, int def) {
        return leaf(name, portRaw(name, def));
    }

    /** Reads the mapping {@code name} with {@code reader}, then rejects its unknown keys. */
    public <T> T section(String name, Function<Node, T> reader) {
        Node child = object(name);
        T t = reader.apply(child);
        child.done();
        return t;
    }

    public Node object(String name) {
        return new Node(key(name), raw(name), ctx);
    }

    /** A list of mappings, each read by {@code reader}; every element is checked for unknown keys. */
    public <T> List<T> list(String name, Function<Node, T> reader) {
        JsonNode v = raw(name);
        if (absent(v)) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ConfigException(key(name) + ": expected a list, got " + describe(v));
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            Node element = new Node(key(name) + "[" + i + "]", v.get(i), ctx);
            T t = reader.apply(element);
            element.done();
            out.add(t);
        }
        return List.copyOf(out);
    }

    /** A list of plain strings. */
    public List<String> strings(String name, List<String> def) {
        JsonNode v = raw(name);
        if (absent(v)) {
            return leaf(name, def);
        }
        if (v.isTextual()) {
            return leaf(name, v.asText().isBlank() ? List.of() : List.of(v.asText().split("\\s*,\\s*")));
        }
        if (!v.isArray()) {
            throw new ConfigException(key(name) + ": expected a list, got " + describe(v));
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return leaf(name, List.copyOf(out));
    }

    /** Requires a non-empty string. */
    public String required(String name) {
        String s = string(name, "");
        if (s.isBlank()) {
            throw new ConfigException(key(name) + ": is required");
        }
        return s;
    }

    /** Fails on any key of this mapping that no reader asked for. */
    public void done() {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String n = e.getKey();
            if (!read.contains(n)) {
                throw new ConfigException(key(n) + ": unknown key");
            }
        }
    }

    /** Wraps an {@link IllegalArgumentException} from a record's own validation with this node's path. */
    public ConfigException invalid(IllegalArgumentException e) {
        return new ConfigException(path + ": " + e.getMessage(), e);
    }

    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "\"" + v.asText() + "\"";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return v.toString();
    }
}
