package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.testing.Await;
import java.io.File;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real process: `serve` comes up, answers, and stops cleanly on SIGTERM with the port closed. */
class ProcessSignalTest {
    @TempDir
    Path dir;

    @Test
    void sigterm_stopsTheServerWithin10Seconds_andClosesThePort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dshaozi.home=" + dir, "io.shaozi.core.app.Main", "serve", "--port", Integer.toString(port),
                "--data", dir.resolve("data").toString()));
        pb.environment().keySet().removeIf(k -> k.startsWith("SHAOZI_"));
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            // the process is starting: poll until it is ready
            Await.until(() -> "/healthz 200; log: " + logQuietly(dir.resolve("server.log").toFile()), Duration.ofSeconds(60),
                    () -> {
                        try {
                            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                        } catch (ConnectException notYet) {
                            return false;
                        }
                    });
            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s").isTrue();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(10);
            assertThat(p.exitValue()).isIn(0, 143);
            boolean refused;
            try {
                new Socket("127.0.0.1", port).close();
                refused = false;
            } catch (ConnectException e) {
                refused = true;
            }
            assertThat(refused).as("port closed").isTrue();
        } finally {
            p.destroyForcibly();
        }
    }

    private static String logQuietly(File f) {
        try {
            return logOf(f);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String logOf(File f) throws java.io.IOException {
        return java.nio.file.Files.readString(f.toPath());
    }
}
