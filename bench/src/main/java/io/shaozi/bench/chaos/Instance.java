package io.shaozi.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Shaozi server process on loopback, started from the server jar with the chaos run's settings; can be
 * killed with SIGKILL ({@link Process#destroyForcibly()}) and started again on the same port and data.
 */
final class Instance {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final int index;
    private final int port;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    Instance(int index, int port, List<String> command, Map<String, String> env, Path log) {
        this.index = index;
        this.port = port;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.log = log;
    }

    int index() {
        return index;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the process and waits until /healthz answers 200. */
    synchronized void start() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("SHAOZI_"));
        pb.environment().putAll(env);
        pb.environment().put("SHAOZI_SERVER_PORT", Integer.toString(port));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        starts++;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("instance " + index + " exited with " + process.exitValue() + " during start; see " + log);
            }
            if (healthy()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("instance " + index + " not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /** kill -9: no shutdown hook runs, nothing is flushed. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** Polite stop (SIGTERM) at the end of a run; falls back to SIGKILL after 20 s. */
    synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    int starts() {
        return starts;
    }

    private boolean healthy() {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base().resolve("/healthz"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
