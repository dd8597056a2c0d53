package io.shaozi.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds an embedded H2 file database after the process using it died (kill -9, power loss) before closing it.
 *
 * <p>Why: H2's MVStore does not save its maps atomically with each other (h2database issue 2080,
 * https://github.com/h2database/h2database/issues/2080). A process killed at the wrong moment can leave a row that
 * still carries the mark of a transaction that no longer exists; the next UPDATE of that row spins in
 * {@code TransactionMap.set} for ever, ignoring {@code LOCK_TIMEOUT}. Measured here: {@code bench/chaos.sh h2 20 600}
 * left one {@code ticket_count} row in that state after the 20th kill; every later ticket opening waited behind it.
 * Reading is not affected, so the committed contents are intact: {@code SCRIPT} exports them and a new file built
 * from that script has none of the marks (351 tickets, 351 counted, in 2 s for a 94 MB file).
 *
 * <p>How: while the database is open, a marker file {@code <name>.open} sits beside it; a clean {@link #closed} removes
 * it. At opening, a marker left behind means an unclean end: the committed contents are exported to
 * {@code <name>.repair.sql}, loaded into {@code <name>-rebuilt.mv.db}, and the rebuilt file replaces the database (the
 * old one is kept as {@code <name>.mv.db.unclean} until the next repair). Each step can be cut short by another
 * crash: the script is complete before it is renamed into place, and the swap is redone from the script.
 */
final class H2Repair {
    private static final Logger LOG = LoggerFactory.getLogger(H2Repair.class);
    private static final Pattern H2_FILE = Pattern.compile("^jdbc:h2:(?:file:)?([^;:][^;]*)(;.*)?$");

    /** Databases this process has open, by file: a second opening in the same process is not an unclean end. */
    private static final java.util.Map<Path, Integer> OPEN = new java.util.HashMap<>();

    private final Path base;
    private final String settings;

    private H2Repair(Path base, String settings) {
        this.base = base;
        this.settings = settings;
    }

    /** For an H2 file URL (not mem:, tcp:, ssl:); empty otherwise. */
    static Optional<H2Repair> of(String url) {
        return fileUrl(url).map(m -> new H2Repair(Path.of(m.group(1)), m.group(2) == null ? "" : m.group(2)));
    }

    /**
     * An embedded H2 file URL's parts (group 1: the database path without {@code .mv.db}, group 2: the settings
     * from the first {@code ;}); empty for mem:, tcp:, ssl: and anything else.
     */
    static Optional<Matcher> fileUrl(String url) {
        if (url.startsWith("jdbc:h2:mem:") || url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:")) {
            return Optional.empty();
        }
        Matcher m = H2_FILE.matcher(url);
        return m.matches() ? Optional.of(m) : Optional.empty();
    }

    private Path file(String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }

    /** Whether the last process that opened the database ended without closing it. */
    boolean uncleanEnd() {
        return Files.exists(file(".open")) || Files.exists(file(".repair.sql"));
    }

    /**
     * Before the pool opens: repairs after an unclean end, then leaves the marker. Returns whether it rebuilt.
     * {@code user}/{@code password} as for the pool.
     */
    boolean opening(String user, String password) {
        boolean rebuilt = false;
        Path key = base.toAbsolutePath().normalize();
        synchronized (OPEN) {
            if (OPEN.merge(key, 1, Integer::sum) > 1) {
                return false; // opened already by this process, and still open
            }
        }
        try {
            if (uncleanEnd() && (Files.exists(file(".mv.db")) || Files.exists(file(".repair.sql")))) {
                long t0 = System.nanoTime();
                rebuild(user, password);
                rebuilt = true;
                LOG.warn("store: the last run ended without closing the H2 database; rebuilt it from its committed"
                        + " contents in {} ms (the old file is kept as {})", (System.nanoTime() - t0) / 1_000_000,
                        file(".mv.db.unclean").getFileName());
            }
            Files.createDirectories(file(".open").toAbsolutePath().getParent());
            Files.writeString(file(".open"), Long.toString(ProcessHandle.current().pid()));
            return rebuilt;
        } catch (IOException | RuntimeException e) {
            synchronized (OPEN) {
                OPEN.merge(key, -1, Integer::sum);
                OPEN.remove(key, 0);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("H2 repair: " + base, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** After the pool has closed the database: the next opening needs no repair. */
    void closed() {
        Path key = base.toAbsolutePath().normalize();
        synchronized (OPEN) {
            if (OPEN.merge(key, -1, Integer::sum) > 0) {
                return; // still open elsewhere in this process
            }
            OPEN.remove(key);
        }
        try {
            Files.deleteIfExists(file(".open"));
        } catch (IOException e) {
            LOG.warn("store: could not remove {}: the next start rebuilds the database", file(".open"));
        }
    }

    private void rebuild(String user, String password) throws IOException {
        Path script = file(".repair.sql");
        if (!Files.exists(script)) {
            Path partial = file(".repair.sql.part");
            Files.deleteIfExists(partial);
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base + settings, user, password);
                 Statement st = c.createStatement()) {
                st.execute("SCRIPT TO '" + sqlString(partial) + "'");
            } catch (SQLException e) {
                throw new StoreException(e);
            }
            Files.move(partial, script, StandardCopyOption.ATOMIC_MOVE);
        }
        Path rebuiltBase = base.resolveSibling(base.getFileName() + "-rebuilt");
        Path rebuilt = rebuiltBase.resolveSibling(rebuiltBase.getFileName() + ".mv.db");
        Files.deleteIfExists(rebuilt);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + rebuiltBase + settings, user, password);
             Statement st = c.createStatement()) {
            st.execute("RUNSCRIPT FROM '" + sqlString(script) + "'");
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        if (Files.exists(file(".mv.db"))) {
            Files.move(file(".mv.db"), file(".mv.db.unclean"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(rebuilt, file(".mv.db"), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(script);
    }

    private static String sqlString(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }
}
