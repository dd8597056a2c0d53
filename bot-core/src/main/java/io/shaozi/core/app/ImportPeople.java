package io.shaozi.core.app;

import io.shaozi.config.ConfigException;
import io.shaozi.core.config.ShaoziConfig;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.OrgLoader;
import io.shaozi.core.identity.OrgService;
import io.shaozi.core.identity.PeopleCsv;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.OrgJdbc;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * {@code ./bot import people FILE.csv [--data DIR] [--config FILE]}: imports people into the store the server uses
 * (configured as {@code serve} reads it), all or nothing; every bad line is printed with its line number and column.
 * The running server keeps its org in memory: import through {@code POST /api/org/people/import} while it runs, or
 * restart it after a CLI import.
 */
final class ImportPeople {
    static final String USAGE = "usage: import people FILE.csv [--data DIR] [--config FILE]";

    private ImportPeople() {
    }

    /** Exit code: 0 imported, 1 the CSV has errors (nothing imported) or the store fails, 2 usage, 78 configuration. */
    static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        ImportInput input = ImportInput.read("people", USAGE, args, err);
        if (input instanceof ImportInput.Exit exit) {
            return exit.code();
        }
        ImportInput.Ready in = (ImportInput.Ready) input;
        Path file = in.file();
        byte[] bytes = in.bytes();
        ShaoziConfig.Storage st = in.config().storage();
        Org seed;
        try {
            seed = OrgLoader.load(Wiring.file(Main.home(), in.config().tickets().orgFile()));
        } catch (ConfigException e) {
            err.println("configuration error: " + e.getMessage());
            return 78;
        }
        try (Database db = Database.open(st.effectiveUrl(), st.user(), st.password(), 2, st.connectTimeoutMillis())) {
            OrgJdbc jdbc = new OrgJdbc(db);
            OrgService org = new OrgService(jdbc, jdbc, clock, seed);
            PeopleCsv.Result r = PeopleCsv.parse(bytes, org.current());
            if (r instanceof PeopleCsv.Result.Invalid bad) {
                err.println(file + ": nothing imported, " + bad.errors().size() + " error(s):");
                bad.errors().forEach(e -> err.println(file + ": " + e));
                return 1;
            }
            List<Org.Person> people = ((PeopleCsv.Result.Parsed) r).people();
            Org after;
            try {
                after = org.importPeople(people);
            } catch (IllegalArgumentException e) {
                err.println(file + ": nothing imported: " + e.getMessage());
                return 1;
            }
            int active = after.activePeople().size();
            out.println("imported " + people.size() + " people from " + file + "; active " + active + ", inactive "
                    + (after.people().size() - active));
            return 0;
        } catch (RuntimeException e) {
            err.println("cannot import: " + e.getMessage());
            return 1;
        }
    }
}
