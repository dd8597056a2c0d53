package io.shaozi.core.app;

import io.shaozi.core.config.ShaoziConfig;
import io.shaozi.core.quiz.ImportOutcome;
import io.shaozi.core.quiz.QuestionBank;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.QuestionJdbc;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
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
        ImportInput input = ImportInput.read("questions", USAGE, args, err);
        if (input instanceof ImportInput.Exit exit) {
            return exit.code();
        }
        ImportInput.Ready in = (ImportInput.Ready) input;
        Path file = in.file();
        byte[] bytes = in.bytes();
        ShaoziConfig.Storage st = in.config().storage();
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
