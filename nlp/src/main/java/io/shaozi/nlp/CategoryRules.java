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
 *
 * gate:                            # optional: when a rule may overrule the model (defaults shown)
 *   chatLength: 20                 # a message of at most 20 characters: the first matching rule decides
 *   margin: 0.4                    # a longer one: only while p(model's best) − p(rule's category) &lt; 0.4
 * </pre>
 * A rule whose category is the model's best always applies (it only adds the subcategory and SLA class); a rule the
 * gate holds back is skipped and the next matching rule is tried ({@link #decide}). Keyword cues are written for
 * chat-length messages; on long letters the model is far better than any keyword (nlp/README.md "Cue gate").
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

    /**
     * When a keyword rule may overrule the model: always on a message of at most {@code chatLength} characters
     * (code points of the normalized text), otherwise only while the model's best label leads the rule's category by
     * less than {@code margin} in probability. {@code chatLength} = {@link Integer#MAX_VALUE} is the old behaviour
     * (every matching rule decides).
     */
    record Gate(int chatLength, double margin) {
        static final Gate DEFAULT = new Gate(20, 0.4);

        boolean allows(int length, double pBest, double pRule) {
            return length <= chatLength || pBest - pRule < margin;
        }
    }

    private final Map<String, String> slaByCategory;
    private final List<Rule> rules;
    private final Gate gate;

    private CategoryRules(Map<String, String> slaByCategory, List<Rule> rules, Gate gate) {
        this.slaByCategory = Map.copyOf(slaByCategory);
        this.rules = List.copyOf(rules);
        this.gate = gate;
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
        // absent: the default gate; unknown keys under gate are rejected
        Gate gate = root.section("gate", g -> new Gate(g.int32("chatLength", Gate.DEFAULT.chatLength(), 0,
                Integer.MAX_VALUE), g.decimal("margin", Gate.DEFAULT.margin(), 0, 1)));
        return new CategoryRules(categories, rules, gate);
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

    /**
     * The rule that decides the category of a normalized message, given the model's probabilities: the first rule
     * whose keywords match and that either names the model's best label or passes the {@link Gate}.
     *
     * @param probabilities in the order of {@code labels}
     */
    Optional<Rule> decide(String normalized, List<String> labels, double[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        int length = -1;
        for (Rule r : rules) {
            if (!r.matches(normalized)) {
                continue;
            }
            int idx = labels.indexOf(r.category());
            if (idx == best) {
                return Optional.of(r);
            }
            if (length < 0) {
                length = normalized.codePointCount(0, normalized.length());
            }
            if (gate.allows(length, probabilities[best], idx >= 0 ? probabilities[idx] : 0)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    Gate gate() {
        return gate;
    }

    /** The first rule matching the normalized text (keywords only, no gate). */
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
