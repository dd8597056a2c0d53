package io.shaozi.nlp;

import io.shaozi.config.ConfigNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * categories.yaml: each category's SLA class, and operator rules that map keywords to a finer category
 * (subcategory) and optionally another SLA class. Rules take precedence over the model and are tried in file
 * order; the first whose keywords match wins. Which department handles a category or subcategory is not said
 * here: bot-core routes by the duty lists (权责清单) of {@code org.yaml}, the one place for it, and a
 * {@code department} key is rejected.
 *
 * <pre>
 * categories:
 *   城乡建设: {sla: standard}
 * rules:
 *   - name: 物业照明                # the subcategory; org.yaml duties may list 城乡建设/物业照明
 *     category: 城乡建设
 *     any: [楼道灯, 声控灯]        # at least one of these
 *     all: []                      # and all of these (optional)
 *     sla: fast                    # optional, else the category's
 * </pre>
 * Errors ({@link io.shaozi.config.ConfigException}) name the file and the key path, e.g. {@code rules[3].category}.
 */
final class CategoryRules {

    static final String DEFAULT_RESOURCE = "categories.yaml";
    static final String DEFAULT_SLA = "standard";

    record Rule(String name, String category, List<String> any, List<String> all, Optional<String> sla) {

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

    private final Map<String, String> slaByCategory;
    private final List<Rule> rules;

    private CategoryRules(Map<String, String> slaByCategory, List<Rule> rules) {
        this.slaByCategory = Map.copyOf(slaByCategory);
        this.rules = List.copyOf(rules);
    }

    static CategoryRules loadDefault() {
        return parse(ConfigNode.resource(CategoryRules.class, DEFAULT_RESOURCE));
    }

    static CategoryRules load(Path file) {
        return parse(ConfigNode.read(file));
    }

    static CategoryRules parse(InputStream in, String source) throws IOException {
        return parse(ConfigNode.parse(in, source));
    }

    static CategoryRules parse(ConfigNode root) {
        noDepartment(root, "fallbackDepartment");
        Map<String, String> categories = new LinkedHashMap<>();
        for (ConfigNode c : root.get("categories").entries()) {
            noDepartment(c, "department");
            categories.put(c.key(), c.text("sla", DEFAULT_SLA));
        }
        List<Rule> rules = new ArrayList<>();
        for (ConfigNode r : root.list("rules")) {
            String name = r.text("name");
            String category = r.text("category");
            if (!categories.containsKey(category)) {
                throw r.get("category").error("rule " + name + " names unknown category " + category
                        + " (not under categories)");
            }
            noDepartment(r, "department");
            List<String> any = keywords(r, "any");
            List<String> all = keywords(r, "all");
            if (any.isEmpty() && all.isEmpty()) {
                throw r.error("rule " + name + " has no keywords (any/all)");
            }
            rules.add(new Rule(name, category, any, all,
                    r.has("sla") ? Optional.of(r.text("sla")) : Optional.empty()));
        }
        return new CategoryRules(categories, rules);
    }

    /** A department here would be a second routing truth beside org.yaml: refuse it, saying where it lives. */
    private static void noDepartment(ConfigNode n, String key) {
        if (n.has(key)) {
            throw n.errorAt(key, "departments are assigned by the duty lists (duties, 权责清单) in org.yaml,"
                    + " by category or category/subcategory; remove this key");
        }
    }

    private static List<String> keywords(ConfigNode r, String key) {
        List<String> out = new ArrayList<>();
        for (String k : r.strings(key, List.of())) {
            String s = Normalizer.normalize(k);
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

    /** The SLA class of a category ({@value #DEFAULT_SLA} for one the file does not list). */
    String sla(String category) {
        return slaByCategory.getOrDefault(category, DEFAULT_SLA);
    }

    /** The SLA class of a rule: its own, else its category's. */
    String sla(Rule rule) {
        return rule.sla().orElse(sla(rule.category()));
    }

    List<Rule> rules() {
        return rules;
    }
}
