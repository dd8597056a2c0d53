package io.shaozi.core.app;

import io.shaozi.config.ConfigException;
import io.shaozi.core.config.ShaoziConfig;
import io.shaozi.core.quiz.ImportOutcome;
import io.shaozi.core.quiz.QuestionBank;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.QuestionJdbc;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./bot import questions FILE.csv [--data DIR] [--config FILE]}: imports quiz questions into the store the
 * server uses, all or nothing, updating questions by id; every bad line is printed with its line number. The server
 * reads the bank from the store, so a running server sees the import at once.
 */
final class ImportQuestions {
    static final String USAGE = "usage: import questions FILE.csv [--data DIR] [--config FILE]";

    private ImportQuestions() {
    }

    /** Exit code: 0 imported, 1 the CSV has errors (nothing imported) or the store fails, 2 usage, 78 configuration. */
    static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        if (args.size() < 2 || !"questions".equals(args.get(0)) || args.get(1).startsWith("--")) {
            err.println(USAGE);
            return 2;
        }
        Path file = Path.of(args.get(1));
        Main.ServeFlags flags;
        try {
            List<String> rest = new ArrayList<>(args.subList(2, args.size()));
            if (rest.stream().anyMatch(a -> a.startsWith("--port"))) {
                throw new IllegalArgumentException("unknown flag for import: --port");
            }
            flags = Main.parseServe(rest);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage().replace("for serve", "for import"));
            err.println(USAGE);
            return 2;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        ShaoziConfig config;
        try {
            config = Main.loadConfig(flags).config();
        } catch (ConfigException e) {
            err.println("configuration error: " + e.getMessage());
            return 78;
        }
        ShaoziConfig.Storage st = config.storage();
        try {
            if (st.url().isEmpty()) {
                Files.createDirectories(st.dataDir());
            }
        } catch (IOException e) {
            err.println("cannot create " + st.dataDir() + ": " + e.getMessage());
            return 1;
        }
        try (Database db = Database.open(st.effectiveUrl(), st.user(), st.password(), 2, st.connectTimeoutMillis())) {
            ImportOutcome o = new QuestionBank(new QuestionJdbc(db.dataSource()), clock).importCsv(bytes);
            if (o instanceof ImportOutcome.Refused bad) {
                err.println(file + ": nothing imported, " + bad.errors().size() + " error(s):");
                bad.errors().forEach(e -> err.println(file + ": " + e));
                return 1;
            }
            out.println("imported " + ((ImportOutcome.Imported) o).count() + " questions from " + file);
            return 0;
        } catch (RuntimeException e) {
            err.println("cannot import: " + e.getMessage());
            return 1;
        }
    }
}
