package io.shaozi.nlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * categories.yaml: each category's default department and SLA class, and operator rules that map keywords to a
 * finer category (and optionally another department and SLA class). Rules take precedence over the model and
 * are tried in file order; the first whose keywords match wins.
 *
 * <pre>
 * categories:
 *   城乡建设: {department: 区住房城乡建设委, sla: standard}
 * rules:
 *   - name: 物业照明
 *     category: 城乡建设
 *     any: [楼道灯, 声控灯]        # at least one of these
 *     all: []                      # and all of these (optional)
 *     department: 社区物业服务中心  # optional, else the category's
 *     sla: fast                    # optional, else the category's
 * </pre>
 */
final class CategoryRules {

    static final String DEFAULT_RESOURCE = "categories.yaml";

    record Target(String department, String sla) {}

    record Rule(String name, String category, List<String> any, List<String> all, Optional<String> department,
            Optional<String> sla) {

        boolean matches(String text) {
            boolean anyHit = any.isEmpty();
            for (String k : any) {
                if (text.contains(k)) {
                    anyHit = true;
                    break;
                }
            }
            if (!anyHit) {
                return false;
            }
            for (String k : all) {
                if (!text.contains(k)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Map<String, Target> categories;
    private final List<Rule> rules;
    private final Target fallback;

    private CategoryRules(Map<String, Target> categories, List<Rule> rules, Target fallback) {
        this.categories = Map.copyOf(categories);
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
    }

    static CategoryRules loadDefault() {
        try (InputStream in = CategoryRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + DEFAULT_RESOURCE);
            }
            return parse(in, DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CategoryRules load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static CategoryRules parse(InputStream in, String source) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping with 'categories' and 'rules'");
        }
        Map<String, Target> categories = new LinkedHashMap<>();
        JsonNode cats = root.path("categories");
        for (Map.Entry<String, JsonNode> e : cats.properties()) {
            String dept = text(e.getValue(), "department").orElseThrow(
                    () -> new IllegalArgumentException(source + ": category " + e.getKey() + " has no department"));
            categories.put(e.getKey(), new Target(dept, text(e.getValue(), "sla").orElse("standard")));
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : root.path("rules")) {
            String name = text(r, "name").orElseThrow(() -> new IllegalArgumentException(source + ": rule without name"));
            String category = text(r, "category").orElseThrow(
                    () -> new IllegalArgumentException(source + ": rule " + name + " has no category"));
            if (!categories.containsKey(category)) {
                throw new IllegalArgumentException(source + ": rule " + name + " names unknown category " + category);
            }
            List<String> any = list(r.path("any"));
            List<String> all = list(r.path("all"));
            if (any.isEmpty() && all.isEmpty()) {
                throw new IllegalArgumentException(source + ": rule " + name + " has no keywords (any/all)");
            }
            rules.add(new Rule(name, category, any, all, text(r, "department"), text(r, "sla")));
        }
        Target fallback = new Target(text(root, "fallbackDepartment").orElse("12345热线人工派单"), "standard");
        return new CategoryRules(categories, rules, fallback);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText().strip());
    }

    private static List<String> list(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : node) {
            String s = Normalizer.normalize(v.asText());
            if (!s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The first rule matching the normalized text. */
    Optional<Rule> match(String normalized) {
        for (Rule r : rules) {
            if (r.matches(normalized)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    Target target(String category) {
        return categories.getOrDefault(category, fallback);
    }

    Target target(Rule rule) {
        Target base = target(rule.category());
        return new Target(rule.department().orElse(base.department()), rule.sla().orElse(base.sla()));
    }

    List<Rule> rules() {
        return rules;
    }
}
