package io.shaozi.core.ticket;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Small YAML tree reader shared by the ticket and identity loaders: syntax errors carry the line, semantic
 * errors the key path. Public so that {@code identity} can reuse it.
 */
public final class Yaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Yaml() {
    }

    /** Parses a file; a missing or malformed file throws {@link ConfigException} naming it and the line. */
    public static JsonNode read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(in, path.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException(path.toString(), "", "file not found");
        } catch (IOException e) {
            throw new ConfigException(path.toString(), "", "unreadable: " + e.getMessage(), e);
        }
    }

    /** Parses a classpath resource (the shipped defaults). */
    public static JsonNode readResource(String resource) {
        try (InputStream in = Yaml.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException("classpath:" + resource, "", "resource not found");
            }
            return parse(in, "classpath:" + resource);
        } catch (IOException e) {
            throw new ConfigException("classpath:" + resource, "", "unreadable: " + e.getMessage(), e);
        }
    }

    static JsonNode parse(InputStream in, String name) throws IOException {
        try {
            JsonNode node = YAML.readTree(in);
            if (node == null || node.isMissingNode() || node.isNull()) {
                throw new ConfigException(name, "", "empty file");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ConfigException(name, where, "malformed YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** A typed view over one node with its key path, for error messages. */
    public record Node(String file, String path, JsonNode node) {

        public static Node root(String file, JsonNode node) {
            return new Node(file, "", node);
        }

        public ConfigException error(String problem) {
            return new ConfigException(file, path.isEmpty() ? "(root)" : path, problem);
        }

        public boolean has(String key) {
            JsonNode v = node.get(key);
            return v != null && !v.isNull();
        }

        public Node get(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw child(key).error("required key missing");
            }
            return child(key);
        }

        public Optional<Node> opt(String key) {
            return has(key) ? Optional.of(child(key)) : Optional.empty();
        }

        private Node child(String key) {
            JsonNode v = node.get(key);
            return new Node(file, path.isEmpty() ? key : path + "." + key, v == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : v);
        }

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

        public String text(String key) {
            return get(key).text();
        }

        public String text(String key, String fallback) {
            return has(key) ? get(key).text() : fallback;
        }

        public int integer(String key, int fallback) {
            if (!has(key)) {
                return fallback;
            }
            Node n = get(key);
            if (!n.node.canConvertToInt() || !(n.node.isInt() || n.node.isTextual() && n.node.asText().matches("-?\\d+"))) {
                throw n.error("expected an integer, got '" + n.node.asText() + "'");
            }
            return n.node.asInt();
        }

        public boolean bool(String key, boolean fallback) {
            if (!has(key)) {
                return fallback;
            }
            Node n = get(key);
            if (!n.node.isBoolean()) {
                throw n.error("expected true or false, got '" + n.node.asText() + "'");
            }
            return n.node.asBoolean();
        }

        public double number(String key, double fallback) {
            if (!has(key)) {
                return fallback;
            }
            Node n = get(key);
            if (!n.node.isNumber()) {
                throw n.error("expected a number, got '" + n.node.asText() + "'");
            }
            return n.node.asDouble();
        }

        public LocalDate date() {
            String s = text();
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                throw error("expected a date YYYY-MM-DD, got '" + s + "'");
            }
        }

        /** Elements of a sequence (an absent key gives an empty list). */
        public List<Node> list(String key) {
            if (!has(key)) {
                return List.of();
            }
            Node n = get(key);
            if (!n.node.isArray()) {
                throw n.error("expected a list");
            }
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < n.node.size(); i++) {
                out.add(new Node(file, n.path + "[" + i + "]", n.node.get(i)));
            }
            return out;
        }

        /** Entries of a mapping in file order (an absent key gives an empty list). */
        public List<Node> entries() {
            if (!node.isObject()) {
                throw error("expected a mapping");
            }
            List<Node> out = new ArrayList<>();
            node.fieldNames().forEachRemaining(k -> out.add(child(k)));
            return out;
        }

        /** The last key of the path (the mapping key this node sits under). */
        public String key() {
            int dot = path.lastIndexOf('.');
            return dot < 0 ? path : path.substring(dot + 1);
        }

        public List<String> texts(String key) {
            List<String> out = new ArrayList<>();
            for (Node n : list(key)) {
                out.add(n.text());
            }
            return out;
        }
    }
}
