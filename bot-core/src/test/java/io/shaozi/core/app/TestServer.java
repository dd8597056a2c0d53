package io.shaozi.core.app;

import io.shaozi.core.config.ConfigLoader;
import io.shaozi.core.config.ShaoziConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A whole Shaozi server on a free loopback port with its own data directory, for end-to-end tests. */
public final class TestServer implements AutoCloseable {
    public final App app;
    public final ShaoziConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(App app, ShaoziConfig config) {
        this.app = app;
        this.config = config;
    }

    /** Starts with the given key-path overrides (e.g. "channels.generic.secret" → "s3cret"). */
    public static TestServer start(Path dataDir, Map<String, String> overrides, Clock clock) throws Exception {
        return start(dataDir, Optional.empty(), overrides, clock, java.util.function.UnaryOperator.identity());
    }

    /** Starts with a config file, key overrides, a clock and a bot decorator. */
    public static TestServer start(Path dataDir, Optional<Path> configFile, Map<String, String> overrides, Clock clock,
                                   java.util.function.UnaryOperator<io.shaozi.core.dialog.Bot> bot) throws Exception {
        return start(dataDir, configFile, overrides, clock, bot, io.shaozi.adapters.channel.ChannelRegistry.builtIn());
    }

    /** Starts serving the channels of {@code channels} (e.g. the built-in ones and a test's own). */
    public static TestServer start(Path dataDir, Optional<Path> configFile, Map<String, String> overrides, Clock clock,
                                   java.util.function.UnaryOperator<io.shaozi.core.dialog.Bot> bot,
                                   io.shaozi.adapters.channel.ChannelRegistry channels) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("server.port", "0");
        o.put("server.host", "127.0.0.1");
        o.put("storage.dataDir", dataDir.toString());
        o.putAll(overrides);
        ShaoziConfig cfg = ConfigLoader.load(Optional.empty(), configFile, Map.of(), o, channels).config();
        App app = App.start(cfg, clock, bot, channels);
        app.awaitReady(Duration.ofSeconds(60));
        return new TestServer(app, cfg);
    }

    public static TestServer start(Path dataDir) throws Exception {
        return start(dataDir, Map.of(), Clock.systemUTC());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return getWithHeaders(path, Map.of());
    }

    public HttpResponse<String> getWithHeaders(String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> post(String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, Map.of("Content-Type", "application/json"));
    }

    /** Everything the server sends on {@code s} until it closes or resets the connection. */
    public static String readAll(java.net.Socket s) throws IOException {
        java.io.InputStream in = s.getInputStream();
        java.io.ByteArrayOutputStream resp = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                resp.write(buf, 0, n);
            }
        } catch (IOException reset) {
            // closed or reset after the answer: what was read is the answer
        }
        return resp.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        app.close();
    }
}
