package io.shaozi.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC store: a HikariCP pool over H2 (embedded default, a file under the data directory) or
 * PostgreSQL (when the URL says so), with the versioned migrations under {@code db/migration} applied at
 * start. One SQL dialect that both accept; {@link #dialect()} exists only for the few statements that must
 * differ (row locking with SKIP LOCKED).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Which engine is behind the pool. */
    public enum Dialect { H2, POSTGRESQL }

    private final HikariDataSource pool;
    private final Dialect dialect;

    private final GroupSync sync;

    /** The embedded file database's marker of being open (rebuilt after an unclean end); empty on PostgreSQL. */
    private final java.util.Optional<H2Repair> repair;

    private Database(HikariDataSource pool, Dialect dialect, GroupSync sync, java.util.Optional<H2Repair> repair) {
        this.repair = repair;
        this.pool = pool;
        this.dialect = dialect;
        this.sync = sync;
    }

    /**
     * The embedded default: an H2 file database {@code shaozi} inside {@code dataDir}. {@code WRITE_DELAY=0}: H2
     * writes every commit to the file before the commit returns (its default, 500 ms, keeps recent commits in
     * memory, so a kill -9 lost acknowledged tickets and the day's numbers were handed out again).
     */
    public static String h2FileUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("shaozi")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE;WRITE_DELAY=0";
    }

    /** Opens the pool and migrates. {@code user}/{@code password} may be empty. */
    public static Database open(String url, String user, String password, int maxPoolSize) {
        return open(url, user, password, maxPoolSize, 10_000);
    }

    /**
     * Opens the pool (a request waits at most {@code connectTimeoutMillis} for a connection) and migrates. An H2
     * URL gets {@code WRITE_DELAY 0} (commits written through) whatever it says.
     */
    public static Database open(String url, String user, String password, int maxPoolSize, int connectTimeoutMillis) {
        Dialect dialect = url.startsWith("jdbc:postgresql:") ? Dialect.POSTGRESQL : Dialect.H2;
        java.util.Optional<H2Repair> repair = dialect == Dialect.H2 ? H2Repair.of(url) : java.util.Optional.empty();
        repair.ifPresent(r -> r.opening(user, password)); // after a kill -9: rebuilt from its committed contents
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        if (!user.isEmpty()) {
            cfg.setUsername(user);
        }
        if (!password.isEmpty()) {
            cfg.setPassword(password);
        }
        cfg.setMaximumPoolSize(maxPoolSize);
        if (dialect == Dialect.POSTGRESQL) {
            // JDBC batches (a campaign's ledger and outbox rows) go as multi-row INSERTs, not one statement per row
            cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        cfg.setPoolName("shaozi-db");
        cfg.setConnectionTimeout(connectTimeoutMillis);
        cfg.setValidationTimeout(Math.max(250, Math.min(connectTimeoutMillis, 1000)));
        cfg.setInitializationFailTimeout(15_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            repair.ifPresent(H2Repair::closed);
            throw e;
        }
        try {
            if (dialect == Dialect.H2) {
                try (Connection c = pool.getConnection(); java.sql.Statement st = c.createStatement()) {
                    st.execute("SET WRITE_DELAY 0");
                } catch (SQLException e) {
                    throw new StoreException(e);
                }
            }
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            repair.ifPresent(H2Repair::closed);
            throw e;
        }
        LOG.info("store ready: {} ({})", dialect, redact(url));
        return new Database(pool, dialect, dialect == Dialect.H2 ? GroupSync.forH2(url) : GroupSync.NONE, repair);
    }

    /**
     * Makes every commit that returned before this call survive a power failure too, not only a crash of the
     * process: PostgreSQL syncs its WAL at commit (synchronous_commit), so nothing is left to do; an H2 file is
     * fsynced, one fsync for all the callers waiting at that moment (group commit).
     */
    public void sync() {
        sync.await();
    }

    public DataSource dataSource() {
        return pool;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** True when a trivial query answers within the pool's timeout. */
    public boolean ping() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
        sync.close();
        repair.ifPresent(H2Repair::closed);
    }

    /** A JDBC URL with any password parameter masked, for logs. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }
}
