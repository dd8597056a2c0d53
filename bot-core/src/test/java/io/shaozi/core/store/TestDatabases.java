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
import org.junit.jupiter.api.Assumptions;

/**
 * The databases every store test runs against: an H2 file database in a temp folder, and the local
 * PostgreSQL (database {@code test}, trust auth) in a fresh schema. When {@code CI=true}, PostgreSQL must
 * answer: its tests fail rather than skip.
 */
public final class TestDatabases {
    public static final String PG_BASE = System.getProperty("shaozi.test.pg",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getProperty("shaozi.test.pgUser", "postgres");

    /** The engines, as JUnit parameters. */
    public enum Engine { H2, POSTGRESQL }

    private TestDatabases() {
    }

    public static Stream<Engine> engines() {
        return Stream.of(Engine.H2, Engine.POSTGRESQL);
    }

    /** A JDBC URL for a new, empty database of {@code engine}. */
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
            return PG_BASE + "?currentSchema=" + schema;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare a test database: " + e, e);
        }
    }

    public static Database open(Engine engine) {
        String url = freshUrl(engine);
        return Database.open(url, engine == Engine.POSTGRESQL ? PG_USER : "", "", 4);
    }

    /** Skips (locally) or fails (CI=true) when PostgreSQL does not answer. */
    public static void requirePostgres() {
        boolean up;
        try (Connection c = DriverManager.getConnection(PG_BASE, PG_USER, "")) {
            up = c.isValid(2);
        } catch (SQLException e) {
            up = false;
        }
        if (!up) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but PostgreSQL does not answer at " + PG_BASE);
            }
            Assumptions.abort("PostgreSQL not running at " + PG_BASE);
        }
    }
}
