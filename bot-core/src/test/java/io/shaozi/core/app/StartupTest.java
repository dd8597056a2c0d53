package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.shaozi.adapters.generic.GenericChannel;
import io.shaozi.core.config.ConfigLoader;
import io.shaozi.core.config.ShaoziConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class StartupTest {
    @TempDir
    Path dir;

    private static int run(PrintStream out, PrintStream err, String... args) {
        return Main.run(args, out, err);
    }

    @Test
    void badPortInConfig_exitsNonZeroNamingTheKey() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "server:\n  port: abc\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), "serve", "--config",
                cfg.toString());
        assertThat(code).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("server.port: \"abc\" is not a port");
    }

    @Test
    void unknownCommandOrFlag_exit2NamingIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(run(System.out, e, "frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("unknown command: frobnicate").contains("usage:");
        err.reset();
        assertThat(run(System.out, e, "serve", "--prot", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("unknown flag for serve: --prot");
        err.reset();
        assertThat(run(System.out, e, "serve", "--port")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("flag --port needs a value");
    }

    @Test
    void help_printsUsageAndExits0() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, "help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve").contains("classify").contains("eval");
    }

    @Test
    void serveFlags_mapToConfigKeys() {
        Main.ServeFlags f = Main.parseServe(List.of("--port", "9090", "--data=/tmp/x", "--config", "a.yaml"));
        assertThat(f.overrides()).isEqualTo(Map.of("server.port", "9090", "storage.dataDir", "/tmp/x"));
        assertThat(f.config()).contains(Path.of("a.yaml"));
    }

    @Test
    void healthz_is503UntilTheStoreAnswers() throws Exception {
        ShaoziConfig cfg = ConfigLoader.load(Optional.empty(), Optional.empty(), Map.of(), Map.of(
                "server.port", "0", "server.host", "127.0.0.1",
                "storage.url", "jdbc:postgresql://127.0.0.1:1/nothing-listens-here")).config();
        App app = App.start(cfg, Clock.systemUTC());
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/webhook/generic"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(503);
            assertThat(other.headers().firstValue("Retry-After")).isPresent();
            assertThatThrownBy(() -> app.awaitReady(Duration.ofSeconds(30))).isInstanceOf(ExecutionException.class);
        } finally {
            app.close();
        }
    }

    @Test
    void noSecretReachesTheLog() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        root.setLevel(Level.DEBUG);
        Logger access = (Logger) LoggerFactory.getLogger("access");
        access.setLevel(Level.DEBUG);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        access.addAppender(appender);
        try {
            Path cfg = dir.resolve("secrets.yaml");
            Files.writeString(cfg, """
                    admin:
                      token: ADMIN-TOKEN-XYZZY
                    storage:
                      password: DB-PASSWORD-XYZZY
                    channels:
                      generic:
                        secret: GENERIC-SECRET-XYZZY
                    """);
            ConfigLoader.Loaded loaded = ConfigLoader.load(Optional.empty(), Optional.of(cfg), Map.of(), Map.of(
                    "server.port", "0", "server.host", "127.0.0.1", "storage.dataDir", dir.resolve("d").toString()));
            Main.logEffectiveConfig(loaded);
            App app = App.start(loaded.config(), Clock.systemUTC());
            try {
                app.awaitReady(Duration.ofSeconds(60));
                String body = "{\"user\":\"u\",\"text\":\"我的电话13812345678\",\"msgId\":\"m\"}";
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + "/webhook/generic?token=QUERY-XYZZY"))
                        .header("X-Shaozi-Signature", "sha256="
                                + GenericChannel.hmacHex("GENERIC-SECRET-XYZZY", body.getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            } finally {
                app.close();
            }
            String all = String.join("\n", appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
            assertThat(all).contains("effective configuration").contains("admin.token = ****")
                    .contains("POST /webhook/generic 200");
            assertThat(all).doesNotContain("XYZZY").doesNotContain("13812345678");
        } finally {
            root.detachAppender(appender);
            access.detachAppender(appender);
            root.setLevel(before);
        }
    }
}
