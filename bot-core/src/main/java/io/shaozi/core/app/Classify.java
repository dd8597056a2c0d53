package io.shaozi.core.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.config.ConfigException;
import io.shaozi.core.config.ConfigLoader;
import io.shaozi.core.config.ShaoziConfig;
import io.shaozi.core.identity.OrgLoader;
import io.shaozi.core.ticket.Directory;
import io.shaozi.core.ticket.OrgDirectory;
import io.shaozi.nlp.Analysis;
import io.shaozi.nlp.TextAnalyzer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;

/**
 * {@code ./bot classify TEXT}: what the dialog makes of a message, and the department a ticket for it is dispatched
 * to. The configuration is read as {@code serve} reads it ({@code config/shaozi.yaml}, {@code --config FILE},
 * {@code SHAOZI_*}), the analyzer is built the same way, and the department comes from the same routing the
 * ticket machine uses: the duty lists (权责清单) of the organisation file ({@code tickets.orgFile}).
 */
final class Classify {
    static final String USAGE = "usage: classify TEXT [--config FILE] [--org FILE] [--model FILE] [--categories YAML]"
            + " [--threshold P]";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Path flags and the configuration key each one sets. */
    private static final Map<String, String> PATH_FLAGS = Map.of("--org", "tickets.orgFile", "--model", "nlp.model",
            "--categories", "nlp.categories");

    private Classify() {
    }

    /** Exit code: 0 ok, 1 the analyzer or organisation cannot be loaded, 2 usage, 78 configuration error. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> overrides = new LinkedHashMap<>();
        Optional<Path> config = Optional.empty();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                words.add(a);
                continue;
            }
            String flag = a;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                flag = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else {
                value = i + 1 < args.size() ? args.get(++i) : null;
            }
            if (!flag.equals("--config") && !flag.equals("--threshold") && !PATH_FLAGS.containsKey(flag)) {
                err.println("unknown flag for classify: " + flag);
                err.println(USAGE);
                return 2;
            }
            if (value == null || value.isEmpty()) {
                err.println("flag " + flag + " needs a value");
                return 2;
            }
            if (flag.equals("--config")) {
                config = Optional.of(Path.of(value));
            } else if (flag.equals("--threshold")) {
                try {
                    Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    err.println("--threshold: not a number: " + value);
                    return 2;
                }
                overrides.put("nlp.unsureThreshold", value);
            } else {
                // a path given on the command line is relative to the working directory, not the install directory
                overrides.put(PATH_FLAGS.get(flag), Path.of(value).toAbsolutePath().toString());
            }
        }
        if (words.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        ShaoziConfig c;
        try {
            c = Main.loadConfig(new Main.ServeFlags(config, overrides)).config();
        } catch (ConfigException e) {
            err.println("configuration error: " + e.getMessage());
            return 78;
        }
        Path home = Main.home();
        TextAnalyzer analyzer;
        Directory directory;
        try {
            analyzer = TextAnalyzer.load(Nlp.settings(c.nlp(), home));
            directory = OrgDirectory.of(OrgLoader.load(Wiring.file(home, c.tickets().orgFile())));
        } catch (RuntimeException e) {
            err.println("cannot load the analyzer or the organisation: " + e.getMessage());
            return 1;
        }
        out.println(json(analyzer.analyze(String.join(" ", words)), directory));
        return 0;
    }

    /**
     * The department a ticket for this analysis is dispatched to (its display name): the same {@link Directory#route}
     * the ticket machine applies to the category and subcategory. Empty when no duty list covers the category (the
     * ticket then waits for dispatch by hand). For an unsure category the dialog first asks the resident; this is
     * the department of the most probable one.
     */
    static Optional<String> department(Analysis a, Directory directory) {
        return directory.route(a.category().label(), a.category().subcategory(), "", Optional.empty())
                .map(r -> directory.name(r.department()));
    }

    /** The nlp module's JSON with {@code department} (null when dispatched by hand) added before {@code slaClass}. */
    static String json(Analysis a, Directory directory) {
        try {
            JsonNode analysis = JSON.readTree(TextAnalyzer.toJson(a));
            ObjectNode out = JSON.createObjectNode();
            String department = department(a, directory).orElse(null);
            for (Entry<String, JsonNode> e : analysis.properties()) {
                if (e.getKey().equals("slaClass")) {
                    out.put("department", department);
                }
                out.set(e.getKey(), e.getValue());
            }
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
