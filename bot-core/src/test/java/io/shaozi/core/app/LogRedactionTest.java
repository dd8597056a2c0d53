package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import io.shaozi.core.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Error logs name what failed, never the resident's values the database or a parser quotes. */
class LogRedactionTest {
    static final String PHONE = "13912345678";

    /** A real H2 failure whose driver message quotes the statement's parameter (the phone number). */
    static SQLException h2Failure() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:redact" + System.nanoTime())) {
            c.createStatement().execute("CREATE TABLE person(phone VARCHAR(20) PRIMARY KEY)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO person(phone) VALUES (?)")) {
                ps.setString(1, PHONE);
                ps.executeUpdate();
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            assertThat(e.getMessage()).as("the driver does quote it").contains(PHONE);
            return e;
        }
        throw new AssertionError("no failure");
    }

    /** Formats {@code thrown} with the encoder of {@code appender}, as the log would show it. */
    private static String formatted(LoggerContext ctx, Appender<ILoggingEvent> appender, Throwable thrown) {
        Logger logger = ctx.getLogger("redaction-test");
        LoggingEvent event = new LoggingEvent("x", logger, Level.ERROR, "handler for POST /webhook/generic failed",
                thrown, null);
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> out = (OutputStreamAppender<ILoggingEvent>) appender;
        return new String(out.getEncoder().encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void storeException_namesSqlStateCodeAndStatementKind_notTheValue() throws Exception {
        StoreException e = new StoreException(h2Failure());
        assertThat(e.getMessage()).doesNotContain(PHONE).contains("SQLState 23505").contains("statement INSERT");
        assertThat(e.isUniqueViolation()).isTrue();
    }

    @Test
    void shippedLogConfig_printsStackTracesWithoutTheQuotedValues() throws Exception {
        LoggerContext ctx = new LoggerContext();
        JoranConfigurator conf = new JoranConfigurator();
        conf.setContext(ctx);
        conf.doConfigure(LogRedactionTest.class.getClassLoader().getResource("logback.xml"));
        AsyncAppenderBase<ILoggingEvent> async =
                (AsyncAppenderBase<ILoggingEvent>) ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
        Appender<ILoggingEvent> stdout = async.getAppender("STDOUT");
        RuntimeException wrapped = new RuntimeException("handler failed", new StoreException(h2Failure()));
        wrapped.addSuppressed(new NumberFormatException("For input string: \"" + PHONE + "\""));
        String line = formatted(ctx, stdout, wrapped);
        assertThat(line).contains("StoreException").contains("SQLState 23505").contains("JdbcSQLIntegrity")
                .contains("at io.shaozi").doesNotContain(PHONE);
        ctx.stop();
    }

    @Test
    void testLogConfig_redactsToo() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Appender<ILoggingEvent> stdout = ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        assertThat(formatted(ctx, stdout, h2Failure())).contains("SQLState 23505").doesNotContain(PHONE);
    }

    @Test
    void otherMessages_arePrintedAsTheyAre() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Appender<ILoggingEvent> stdout = ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        assertThat(formatted(ctx, stdout, new IllegalStateException("outbox lease lost")))
                .contains("IllegalStateException: outbox lease lost");
    }
}
