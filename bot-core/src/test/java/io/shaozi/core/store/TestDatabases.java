package io.shaozi.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh databases for store tests: an in-memory H2, or a fresh schema on the local PostgreSQL
 * (127.0.0.1:5432/test, user postgres). With CI=true an unreachable PostgreSQL fails the test; otherwise it skips.
 */
public final class TestDatabases {
    public static final String PG_BASE = System.getenv().getOrDefault("SHAOZI_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getenv().getOrDefault("SHAOZI_TEST_PG_USER", "postgres");

    /** Which engine. */
    public enum Engine { H2, POSTGRESQL }

    private TestDatabases() {
    }

    /** The engines, as JUnit parameters. */
    public static Stream<Engine> engines() {
        return Stream.of(Engine.H2, Engine.POSTGRESQL);
    }

    /** A JDBC URL for a new, empty, file-backed database of {@code engine} (survives close/reopen: restarts). */
    public static String freshUrl(Engine engine) {
        try {
            if (engine == Engine.H2) {
                Path dir = Files.createTempDirectory("shaozi-h2-");
                return Database.h2FileUrl(dir);
            }
            requirePostgres();
            String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                    .toLowerCase(Locale.ROOT);
            try (Connection c = DriverManager.getConnection(PG_BASE, PG_USER, "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            return PG_BASE + (PG_BASE.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot prepare a test database: " + e, e);
        }
    }

    /** A migrated database of {@code engine} at a fresh URL. */
    public static Database openDb(Engine engine) {
        return Database.open(freshUrl(engine), engine == Engine.POSTGRESQL ? PG_USER : "", "", 4);
    }

    /** Skips (locally) or fails (CI=true) when PostgreSQL does not answer. */
    public static void requirePostgres() {
        if (!postgresAnswers()) {
            if (ci()) {
                Assertions.fail("PostgreSQL at " + PG_BASE + " is required when CI=true");
            }
            Assumptions.abort("PostgreSQL not reachable at " + PG_BASE);
        }
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static boolean postgresAnswers() {
        try (Connection c = DriverManager.getConnection(PG_BASE, PG_USER, "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * For jqwik properties on PostgreSQL ({@code @AddLifecycleHook(TestDatabases.PostgresOrSkip.class)}): the
     * property is reported as skipped when PostgreSQL does not answer, unless {@code CI=true}, where it runs and
     * fails on the unreachable server.
     */
    public static final class PostgresOrSkip implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            if (ci() || postgresAnswers()) {
                return SkipResult.doNotSkip();
            }
            return SkipResult.skip("PostgreSQL not reachable at " + PG_BASE);
        }
    }

    /** A migrated database plus its cleanup. */
    public record Handle(Database db, Runnable drop) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
            drop.run();
        }
    }

    public static Handle open(Engine engine) {
        return engine == Engine.H2 ? h2() : postgres();
    }

    public static Handle h2() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        Database db = Database.open("jdbc:h2:mem:" + name
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "", "", 8);
        return new Handle(db, () -> { });
    }

    public static Handle postgres() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(PG_BASE, PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if (ci()) {
                Assertions.fail("PostgreSQL at " + PG_BASE + " is required when CI=true: " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL not reachable at " + PG_BASE + ": " + e.getMessage());
        }
        String sep = PG_BASE.contains("?") ? "&" : "?";
        Database db = Database.open(PG_BASE + sep + "currentSchema=" + schema, PG_USER, "", 8);
        return new Handle(db, () -> {
            try (Connection c = DriverManager.getConnection(PG_BASE, PG_USER, "");
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            } catch (SQLException e) {
                // best effort: a leftover t_ schema is harmless
            }
        });
    }

    /**
     * A PostgreSQL database opened on first use, for jqwik properties marked with {@link PostgresOrSkip} (a try
     * cannot be aborted the JUnit way): an unreachable server fails the property.
     */
    public static final class LazyPostgres implements AutoCloseable {
        private Handle handle;

        public synchronized Database get() {
            if (handle == null) {
                if (!postgresAnswers()) {
                    Assertions.fail("PostgreSQL at " + PG_BASE + " does not answer"
                            + (ci() ? " and is required when CI=true" : ""));
                }
                handle = postgres();
            }
            return handle.db();
        }

        @Override
        public synchronized void close() {
            if (handle != null) {
                handle.close();
                handle = null;
            }
        }
    }

    /** Empties the ticket, org, outbox and scheduler tables between tests of one class. */
    public static void clear(Database db) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String t : new String[] {"ticket", "ticket_event", "ticket_party", "ticket_return", "ticket_summons",
                "ticket_day_seq", "ticket_open_key", "ticket_lease", "ticket_count", "outbox", "org_unit", "org_department", "org_person",
                "api_token", "ticket_gram", "scheduled_tasks"}) {
                s.executeUpdate("DELETE FROM " + t);
            }
            s.executeUpdate("UPDATE ticket_gram_state SET last_number = '', done = TRUE");
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}
