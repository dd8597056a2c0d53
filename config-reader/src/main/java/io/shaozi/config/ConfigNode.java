package io.shaozi.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The one configuration reader: a typed, path-aware view over one node of a YAML document, from which loaders
 * build validated records. Every error is a {@link ConfigException} naming the file (when there is one), the key
 * path ({@code departments[2].duties[0]}) or line, and the bad value.
 *
 * <p>Two ways to read, freely mixed:
 * <ul>
 *   <li>optional keys with a default and a range: {@link #string}, {@link #bool}, {@link #integer},
 *       {@link #int32}, {@link #decimal}, {@link #port}, {@link #url}, {@link #oneOf}, {@link #strings};
 *       mappings through {@link #section} and {@link #list(String, Function)}, which then reject every key
 *       nobody read ({@link #done()}), so that a typo never passes silently;</li>
 *   <li>navigation: {@link #get} (a required key), {@link #opt}, {@link #has}, {@link #list(String)},
 *       {@link #entries()}, and the scalar of a node: {@link #text()}, {@link #date()}, {@link #integer(long, long)}.</li>
 * </ul>
 * Leaf values may be overridden from outside the document (environment, command line) through {@link Overrides}.
 * Not thread-safe; one reader per load.
 */
public final class ConfigNode {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String source;
    private final String path;
    private final String name;
    private final JsonNode node;
    private final Overrides overrides;
    private final Set<String> read = new LinkedHashSet<>();

    /**
     * Leaf values given outside the document, keyed by a name derived from the key path (the main configuration
     * uses {@code SHAOZI_SERVER_PORT} for {@code server.port}). Records which overrides were used and the
     * effective value of every leaf read with a default, for the start-up log.
     */
    public static final class Overrides {
        private final Map<String, String> values;
        private final UnaryOperator<String> nameOf;
        private final Set<String> used = new LinkedHashSet<>();
        private final Map<String, String> effective = new LinkedHashMap<>();

        /**
         * @param values override name → value
         * @param nameOf key path → override name
         */
        public Overrides(Map<String, String> values, UnaryOperator<String> nameOf) {
            this.values = Map.copyOf(values);
            this.nameOf = Objects.requireNonNull(nameOf, "nameOf");
        }

        public static Overrides none() {
            return new Overrides(Map.of(), UnaryOperator.identity());
        }

        /** Names of the overrides some reader asked for. */
        public Set<String> used() {
            return Set.copyOf(used);
        }

        /** Key path → effective value of every leaf read with a default, in reading order. */
        public Map<String, String> effective() {
            return java.util.Collections.unmodifiableMap(effective);
        }

        private JsonNode lookup(String keyPath) {
            if (values.isEmpty()) {
                return null;
            }
            String n = nameOf.apply(keyPath);
            String v = values.get(n);
            if (v == null) {
                return null;
            }
            used.add(n);
            return TextNode.valueOf(v);
        }
    }

    private ConfigNode(String source, String path, String name, JsonNode node, Overrides overrides) {
        this.source = source;
        this.path = path;
        this.name = name;
        this.node = node == null ? MissingNode.getInstance() : node;
        this.overrides = overrides;
    }

    // ------------------------------------------------------------------ sources

    /** The root of a parsed tree. {@code source}: the file or resource it came from, empty for a merged tree. */
    public static ConfigNode root(String source, JsonNode tree, Overrides overrides) {
        return new ConfigNode(Objects.requireNonNull(source, "source"), "", "", tree,
                Objects.requireNonNull(overrides, "overrides"));
    }

    /** Reads a YAML file; a missing, unreadable or malformed file fails naming it (and the line). */
    public static ConfigNode read(Path file) {
        return root(file.toString(), readTree(file), Overrides.none());
    }

    /**
     * Reads a classpath resource (a shipped default), found like {@link Class#getResourceAsStream}: relative to
     * {@code anchor}'s package unless it starts with {@code /}. Errors name it {@code classpath:…}.
     */
    public static ConfigNode resource(Class<?> anchor, String resource) {
        String absolute = resource.startsWith("/") ? resource.substring(1)
                : anchor.getPackageName().replace('.', '/') + "/" + resource;
        String name = "classpath:" + absolute;
        try (InputStream in = anchor.getResourceAsStream("/" + absolute)) {
            if (in == null) {
                throw new ConfigException(name, "", "resource not found");
            }
            return parse(in, name);
        } catch (IOException e) {
            throw new ConfigException(name, "", "unreadable: " + e.getMessage(), e);
        }
    }

    /** Parses YAML from a stream; {@code source} names it in errors. */
    public static ConfigNode parse(InputStream in, String source) throws IOException {
        return root(source, tree(in, source), Overrides.none());
    }

    /**
     * The parsed tree of a YAML file (a {@link MissingNode} when the file holds no document), for callers that
     * merge several files before reading them.
     */
    public static JsonNode readTree(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return tree(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "", "file not found");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "unreadable: " + e.getMessage(), e);
        }
    }

    private static JsonNode tree(InputStream in, String source) throws IOException {
        try {
            JsonNode n = YAML.readTree(in);
            return n == null || n.isNull() ? MissingNode.getInstance() : n;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ConfigException(source, where, "malformed YAML: " + e.getOriginalMessage(), e);
        }
    }

    // ------------------------------------------------------------------ identity and errors

    /** The file or resource this node came from; empty for a merged tree. */
    public String source() {
        return source;
    }

    /** Key path from the root ({@code departments[2].duties}); empty for the root. */
    public String path() {
        return path;
    }

    /** The mapping key this node sits under (empty for the root and list elements). */
    public String key() {
        return name;
    }

    /** Whether the document (or override) has no value here. */
    public boolean isMissing() {
        return absent(node);
    }

    /** A problem with this node's value: names the source and this node's key path. */
    public ConfigException error(String problem) {
        return new ConfigException(source, path.isEmpty() && !source.isEmpty() ? "(root)" : path, problem);
    }

    public ConfigException error(String problem, Throwable cause) {
        return new ConfigException(source, path.isEmpty() && !source.isEmpty() ? "(root)" : path, problem, cause);
    }

    /** A problem with the value under {@code key} (which need not exist). */
    public ConfigException errorAt(String key, String problem) {
        return new ConfigException(source, key(key), problem);
    }

    /** Wraps a record's own validation ({@link IllegalArgumentException}) with this node's source and path. */
    public ConfigException invalid(IllegalArgumentException e) {
        return error(e.getMessage(), e);
    }

    private String key(String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    /** The raw value under {@code k} (an override wins), remembering that it was read. */
    private JsonNode raw(String k) {
        read.add(k);
        JsonNode o = overrides.lookup(key(k));
        return o != null ? o : node.get(k);
    }

    private ConfigNode child(String k, JsonNode v) {
        return new ConfigNode(source, key(k), k, v, overrides);
    }

    private <T> T leaf(String k, T value) {
        overrides.effective.put(key(k), String.valueOf(value));
        return value;
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

    // ------------------------------------------------------------------ structure

    public boolean has(String k) {
        return !absent(raw(k));
    }

    /** A required key. */
    public ConfigNode get(String k) {
        if (path.isEmpty() && node.isMissingNode() && !source.isEmpty()) {
            throw new ConfigException(source, "", "empty file");
        }
        JsonNode v = raw(k);
        if (absent(v)) {
            throw errorAt(k, "required key missing");
        }
        return child(k, v);
    }

    public Optional<ConfigNode> opt(String k) {
        return has(k) ? Optional.of(get(k)) : Optional.empty();
    }

    /** The mapping under {@code k}; absent reads as an empty mapping. */
    public ConfigNode object(String k) {
        return mapping(child(k, raw(k)));
    }

    private static ConfigNode mapping(ConfigNode n) {
        if (absent(n.node)) {
            return new ConfigNode(n.source, n.path, n.name, JsonNodeFactory.instance.objectNode(), n.overrides);
        }
        if (!n.node.isObject()) {
            throw n.error("expected a mapping of keys, got " + describe(n.node));
        }
        return n;
    }

    /** Reads the mapping {@code k} with {@code reader}, then rejects its unknown keys. */
    public <T> T section(String k, Function<ConfigNode, T> reader) {
        ConfigNode child = object(k);
        T t = reader.apply(child);
        child.done();
        return t;
    }

    /** Elements of a list (an absent key gives an empty list). */
    public List<ConfigNode> list(String k) {
        JsonNode v = raw(k);
        if (absent(v)) {
            return List.of();
        }
        if (!v.isArray()) {
            throw errorAt(k, "expected a list, got " + describe(v));
        }
        List<ConfigNode> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigNode(source, key(k) + "[" + i + "]", "", v.get(i), overrides));
        }
        return out;
    }

    /** A list of mappings, each read by {@code reader}; every element is checked for unknown keys. */
    public <T> List<T> list(String k, Function<ConfigNode, T> reader) {
        List<T> out = new ArrayList<>();
        for (ConfigNode e : list(k)) {
            ConfigNode element = mapping(e);
            T t = reader.apply(element);
            element.done();
            out.add(t);
        }
        return List.copyOf(out);
    }

    /** Entries of this mapping in file order. */
    public List<ConfigNode> entries() {
        if (!node.isObject()) {
            throw error("expected a mapping of keys, got " + (absent(node) ? "nothing" : describe(node)));
        }
        List<ConfigNode> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> {
            read.add(k);
            out.add(child(k, node.get(k)));
        });
        return out;
    }

    /** Fails on any key of this mapping that no reader asked for. */
    public void done() {
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!read.contains(e.getKey())) {
                throw errorAt(e.getKey(), "unknown key");
            }
        }
    }

    // ------------------------------------------------------------------ the scalar of this node

    /** This node's value, trimmed; must be a non-empty scalar. */
    public String text() {
        if (!node.isValueNode()) {
            throw error("expected a scalar value");
        }
        String s = node.asText().trim();
        if (s.isEmpty()) {
            throw error("must not be empty");
        }
        return s;
    }

    /** A date {@code YYYY-MM-DD}. */
    public LocalDate date() {
        String s = text();
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw error("expected a date YYYY-MM-DD, got '" + s + "'");
        }
    }

    /** A whole number within {@code [min, max]} (digits as text are accepted, {@code _} separators too). */
    public long integer(long min, long max) {
        long value;
        if (node.isIntegralNumber()) {
            value = node.longValue();
        } else {
            try {
                value = Long.parseLong(node.asText().trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw error(describe(node) + " is not a whole number");
            }
        }
        if (value < min || value > max) {
            throw error(value + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    // ------------------------------------------------------------------ keyed scalars

    /** A required non-empty scalar, trimmed. */
    public String text(String k) {
        return get(k).text();
    }

    /** An optional scalar, trimmed; present but empty is an error. */
    public String text(String k, String fallback) {
        return has(k) ? get(k).text() : fallback;
    }

    /** Every element of the list {@code k} as {@link #text()}. */
    public List<String> texts(String k) {
        List<String> out = new ArrayList<>();
        for (ConfigNode n : list(k)) {
            out.add(n.text());
        }
        return out;
    }

    /** An optional string, as written (may be empty). */
    public String string(String k, String def) {
        JsonNode v = raw(k);
        if (absent(v)) {
            return leaf(k, def);
        }
        if (v.isContainerNode()) {
            throw errorAt(k, "expected a string, got " + describe(v));
        }
        return leaf(k, v.asText());
    }

    /** A non-blank string. */
    public String required(String k) {
        String s = string(k, "");
        if (s.isBlank()) {
            throw errorAt(k, "is required");
        }
        return s;
    }

    /** {@code true}/{@code false} (also yes/no, on/off, 1/0 as text). */
    public boolean bool(String k, boolean def) {
        JsonNode v = raw(k);
        if (absent(v)) {
            return leaf(k, def);
        }
        if (v.isBoolean()) {
            return leaf(k, v.booleanValue());
        }
        String s = v.asText().trim().toLowerCase(Locale.ROOT);
        return leaf(k, switch (s) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw errorAt(k, describe(v) + " is not true or false");
        });
    }

    /** A whole number within {@code [min, max]}, or the default when absent. */
    public long integer(String k, long def, long min, long max) {
        JsonNode v = raw(k);
        if (absent(v)) {
            return leaf(k, def);
        }
        return leaf(k, child(k, v).integer(min, max));
    }

    public int int32(String k, int def, int min, int max) {
        return (int) integer(k, def, min, max);
    }

    /** A number within {@code [min, max]}, or the default when absent. */
    public double decimal(String k, double def, double min, double max) {
        JsonNode v = raw(k);
        if (absent(v)) {
            return leaf(k, def);
        }
        double value;
        try {
            value = v.isNumber() ? v.doubleValue() : Double.parseDouble(v.asText().trim());
        } catch (NumberFormatException e) {
            throw errorAt(k, describe(v) + " is not a number");
        }
        if (!(value >= min && value <= max)) {
            throw errorAt(k, value + " is out of range [" + min + ", " + max + "]");
        }
        return leaf(k, value);
    }

    /** A TCP port; 0 means "any free port" (tests). */
    public int port(String k, int def) {
        JsonNode v = raw(k);
        if (absent(v)) {
            return leaf(k, def);
        }
        try {
            int p = Integer.parseInt(v.asText().trim());
            if (p >= 0 && p <= 65535) {
                return leaf(k, p);
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw errorAt(k, describe(v) + " is not a port");
    }

    /** One of {@code allowed}, case-sensitive. */
    public String oneOf(String k, String def, List<String> allowed) {
        String s = string(k, def);
        if (!allowed.contains(s)) {
            throw errorAt(k, "\"" + s + "\" is not one of " + allowed);
        }
        return s;
    }

    /** An absolute URL with scheme and host, or the default when absent (empty allowed). */
    public String url(String k, String def) {
        String s = string(k, def);
        if (s.isEmpty()) {
            return s;
        }
        try {
            URI u = new URI(s);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new URISyntaxException(s, "scheme and host required");
            }
        } catch (URISyntaxException e) {
            throw errorAt(k, "\"" + s + "\" is not an absolute URL");
        }
        return s;
    }

    /** A list of plain strings; a single text is split at commas (how environment variables give lists). */
    public List<String> strings(String k, List<String> def) {
        JsonNode v = raw(k);
        if (absent(v)) {
            return leaf(k, def);
        }
        if (v.isTextual()) {
            return leaf(k, v.asText().isBlank() ? List.of() : List.of(v.asText().split("\\s*,\\s*")));
        }
        if (!v.isArray()) {
            throw errorAt(k, "expected a list, got " + describe(v));
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return leaf(k, List.copyOf(out));
    }
}
