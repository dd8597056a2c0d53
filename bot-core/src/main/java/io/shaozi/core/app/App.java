package io.shaozi.core.app;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shaozi.core.config.ShaoziConfig;
import io.shaozi.core.dialog.Bot;
import java.util.function.UnaryOperator;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.server.HttpServer;
import io.shaozi.core.server.ServerLimits;
import io.shaozi.core.server.ServerMetrics;
import io.shaozi.core.server.StaticFiles;
import io.shaozi.core.server.WorkerPool;
import io.shaozi.core.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain-Java wiring of the whole server. {@link #start} binds the port at once with a "starting" router
 * (health 503, everything else 503 + Retry-After), opens and migrates the store in the background, then
 * swaps in the full router.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final ShaoziConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<Router> router = new AtomicReference<>();
    private final CompletableFuture<Database> store = new CompletableFuture<>();
    private final WorkerPool pool;
    private final HttpServer server;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final java.util.List<AutoCloseable> closeables = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int port;

    private final UnaryOperator<Bot> botDecorator;
    private final io.shaozi.adapters.channel.ChannelRegistry channels;
    private static final WebResponse LIVE = WebResponse.json(200, Map.of("status", "live"));

    private App(ShaoziConfig config, Clock clock, UnaryOperator<Bot> botDecorator,
                io.shaozi.adapters.channel.ChannelRegistry channels) {
        this.config = config;
        this.clock = clock;
        this.botDecorator = botDecorator;
        this.channels = channels;
        ShaoziConfig.Server s = config.server();
        this.pool = new WorkerPool(s.workerThreads(), s.workerQueue());
        ServerMetrics metrics = new ServerMetrics(registry, pool);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        router.set(startingRouter());
        this.server = new HttpServer(s.host(), s.port(),
                new ServerLimits(s.maxBodyBytes(), s.maxHeaderBytes(), s.maxUriBytes(),
                        Duration.ofSeconds(s.idleTimeoutSeconds())), router::get, pool, metrics);
    }

    /** Binds the port and starts opening the store; see {@link #awaitReady}. */
    public static App start(ShaoziConfig config, Clock clock) throws InterruptedException {
        return start(config, clock, UnaryOperator.identity());
    }

    /** As {@link #start(ShaoziConfig, Clock)}, with the bot wrapped by {@code botDecorator} (tests: a slow bot). */
    public static App start(ShaoziConfig config, Clock clock, UnaryOperator<Bot> botDecorator)
            throws InterruptedException {
        return start(config, clock, botDecorator, io.shaozi.adapters.channel.ChannelRegistry.builtIn());
    }

    /**
     * As {@link #start(ShaoziConfig, Clock, UnaryOperator)}, serving the channels of {@code channels} (whose config
     * {@code config} was read with: {@code ConfigLoader.load(…, channels)}).
     */
    public static App start(ShaoziConfig config, Clock clock, UnaryOperator<Bot> botDecorator,
                            io.shaozi.adapters.channel.ChannelRegistry channels) throws InterruptedException {
        App app = new App(config, clock, botDecorator, channels);
        app.port = app.server.start();
        Thread opener = new Thread(app::openStore, "shaozi-store-open");
        opener.setDaemon(true);
        opener.start();
        return app;
    }

    /** Waits until the store is open and the full router serves; throws what opening the store threw. */
    public void awaitReady(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        store.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int port() {
        return port;
    }

    /** The open store, once ready. */
    public Optional<Database> database() {
        return Optional.ofNullable(store.getNow(null));
    }

    private void openStore() {
        ShaoziConfig.Storage st = config.storage();
        try {
            if (st.url().isEmpty()) {
                java.nio.file.Files.createDirectories(st.dataDir());
            }
            Database db = Database.open(st.effectiveUrl(), st.user(), st.password(), st.poolSize(),
                    st.connectTimeoutMillis());
            router.set(fullRouter(db));
            store.complete(db);
            LOG.info("ready: http://localhost:{}/chat/", port);
        } catch (Exception | Error e) {
            LOG.error("cannot start: {}: {}", e.getClass().getSimpleName(), SafeThrowableConverter.safeMessage(e));
            store.completeExceptionally(e);
        }
    }

    private Router base(Router r) {
        r.get("/metrics", this::metrics);
        r.get("/", req -> WebResponse.text(302, "").withHeader("Location", "/chat/"));
        return r;
    }

    /**
     * {@code GET /metrics} with {@code Authorization: Bearer <server.metricsToken>}; 401 without it, 404 when no
     * token is configured (metrics are then not served at all).
     */
    private WebResponse metrics(io.shaozi.core.http.WebRequest req) {
        String token = config.server().metricsToken();
        if (token.isEmpty()) {
            return WebResponse.error(404, "metrics are disabled: set server.metricsToken");
        }
        String given = req.header("Authorization").orElse("");
        if (!java.security.MessageDigest.isEqual(given.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return WebResponse.error(401, "metrics need Authorization: Bearer <server.metricsToken>")
                    .withHeader("WWW-Authenticate", "Bearer");
        }
        return new WebResponse(200, "text/plain; version=0.0.4; charset=utf-8", Map.of(),
                registry.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Router startingRouter() {
        Router r = new Router();
        WebResponse starting = WebResponse.json(503, Map.of("status", "starting")).withHeader("Retry-After", "1");
        r.getInline("/healthz", req -> starting);
        r.getInline("/healthz/ready", req -> starting);
        r.getInline("/healthz/live", req -> LIVE);
        base(r);
        for (String m : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
            r.add(m, "/*", req -> WebResponse.error(503, "starting, retry shortly").withHeader("Retry-After", "1"));
        }
        return r;
    }

    private Router fullRouter(Database db) {
        Router r = new Router();
        Wiring wiring = new Wiring(config, db, clock, botDecorator, channels);
        closeables.add(wiring);
        Map<String, java.util.function.BooleanSupplier> checks = new java.util.LinkedHashMap<>();
        checks.put("store", db::ping);
        wiring.redis().ifPresent(redis -> checks.put("redis", redis::ping));
        Readiness readiness = new Readiness(checks);
        closeables.add(readiness);
        // /healthz and /healthz/ready: readiness (take this instance out of the load balancer while a dependency
        // is down); /healthz/live: liveness (the process serves; restart it only when this fails).
        r.getInline("/healthz", req -> readiness.response());
        r.getInline("/healthz/ready", req -> readiness.response());
        r.getInline("/healthz/live", req -> LIVE);
        base(r);
        wiring.routes(r);
        wiring.start();
        r.get("/console", req -> WebResponse.text(301, "").withHeader("Location", "/console/"));
        // ECharts from its WebJar (org.webjars.npm:echarts), served from the jar: no CDN
        r.get("/console/vendor/*", new StaticFiles("META-INF/resources/webjars/echarts/5.3.1/dist"));
        r.get("/console/*", new StaticFiles("web/console"));
        return r;
    }

    /** Graceful stop: no new connections, in-flight requests finish (bounded), then the store closes. */
    @Override
    public void close() {
        server.stop(Duration.ofSeconds(config.server().shutdownGraceSeconds()));
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        store.thenAccept(Database::close);
        gc.close();
        registry.close();
    }
}
