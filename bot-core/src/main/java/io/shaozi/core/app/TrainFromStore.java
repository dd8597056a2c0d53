package io.shaozi.core.app;

import io.shaozi.config.ConfigException;
import io.shaozi.core.config.ShaoziConfig;
import io.shaozi.core.store.CategoryCorrectionJdbc;
import io.shaozi.core.store.Database;
import io.shaozi.core.ticket.CategoryCorrections;
import io.shaozi.nlp.cli.NlpCommands;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./bot train --from-store --data CSV[,CSV…] [--config FILE] [--store DIR] [--out FILE]}: learning from
 * dispatchers. Reads the category corrections from the store the server uses (configured as {@code serve} reads it;
 * {@code --store DIR} is serve's {@code --data}), adds them to the base data and hands over to the nlp module's
 * {@code train --corrections}: the candidate is compared with the current recipe on a fixed held-out slice and
 * written only if it is not worse. The model goes to {@code --out}, else to {@code nlp.model} of the configuration,
 * where a running server picks it up without a restart ({@code nlp.reloadSeconds}).
 * Exit codes: 0 promoted, 3 not promoted (candidate worse), 1 data or store error, 2 usage, 78 configuration.
 */
final class TrainFromStore {
    static final String USAGE = "usage: train --from-store --data CSV[,CSV…] [--config FILE] [--store DIR] [--out FILE]";

    private TrainFromStore() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> nlpArgs = new ArrayList<>();
        List<String> serveArgs = new ArrayList<>();
        Optional<String> outFile = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--from-store")) {
                continue;
            }
            if ((a.equals("--config") || a.equals("--store") || a.equals("--out")) && i + 1 >= args.size()) {
                err.println(a + ": missing value");
                err.println(USAGE);
                return 2;
            }
            switch (a) {
                case "--config" -> {
                    serveArgs.add("--config");
                    serveArgs.add(args.get(++i));
                }
                case "--store" -> {
                    serveArgs.add("--data");
                    serveArgs.add(args.get(++i));
                }
                case "--out" -> outFile = Optional.of(args.get(++i));
                default -> nlpArgs.add(a);
            }
        }
        if (!nlpArgs.contains("--data")) {
            err.println(USAGE);
            return 2;
        }
        ShaoziConfig config;
        try {
            config = Main.loadConfig(Main.parseServe(serveArgs)).config();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (ConfigException e) {
            err.println("configuration error: " + e.getMessage());
            return 78;
        }
        Optional<Path> target = outFile.map(Path::of).or(() -> Wiring.file(Main.home(), config.nlp().model()));
        if (target.isEmpty()) {
            err.println("--out FILE or nlp.model in the configuration is required (where the server loads the model from)");
            return 2;
        }
        ShaoziConfig.Storage st = config.storage();
        List<CategoryCorrections.Correction> corrections;
        try (Database db = Database.open(st.effectiveUrl(), st.user(), st.password(), 2, st.connectTimeoutMillis())) {
            corrections = new CategoryCorrectionJdbc(db.dataSource()).all();
        } catch (RuntimeException e) {
            err.println("cannot read the corrections: " + e.getMessage());
            return 1;
        }
        out.println("corrections in the store: " + corrections.size());
        Path csv;
        try {
            csv = Files.createTempFile("shaozi-corrections", ".csv");
            StringBuilder sb = new StringBuilder("label,text\n");
            for (CategoryCorrections.Correction c : corrections) {
                sb.append(quote(c.corrected())).append(',').append(quote(c.text())).append('\n');
            }
            Files.writeString(csv, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("cannot write the corrections file: " + e.getMessage());
            return 1;
        }
        try {
            nlpArgs.add("--corrections");
            nlpArgs.add(csv.toString());
            nlpArgs.add("--out");
            nlpArgs.add(target.get().toString());
            return NlpCommands.train(nlpArgs, out, err);
        } finally {
            try {
                Files.deleteIfExists(csv);
            } catch (IOException e) {
                // a temp file left behind
            }
        }
    }

    static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
