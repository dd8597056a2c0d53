package io.shaozi.core.app;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shaozi.core.channel.GenericChannel;
import io.shaozi.core.channel.InboundPipeline;
import io.shaozi.core.config.ShaoziConfig;
import io.shaozi.core.dialog.HelpBot;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.server.HttpServer;
import io.shaozi.core.server.ServerLimits;
import io.shaozi.core.server.ServerMetrics;
import io.shaozi.core.server.StaticFiles;
import io.shaozi.core.server.WorkerPool;
import io.shaozi.core.store.Database;
import io.shaozi.adapters.common.Channel;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.push.SendResult;
import io.shaozi.core.store.ChatMailboxJdbc;
import io.shaozi.core.store.InboundLogJdbc;
import io.shaozi.core.store.OutboxSender;
import io.shaozi.core.store.StoreHealth;
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

    private App(ShaoziConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
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
        App app = new App(config, clock);
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
            Database db = Database.open(st.effectiveUrl(), st.user(), st.password(), st.poolSize());
            router.set(fullRouter(db));
            store.complete(db);
            LOG.info("ready: http://localhost:{}/chat/", port);
        } catch (Exception | Error e) {
            LOG.error("cannot open the store: {}", e.toString());
            store.completeExceptionally(e);
        }
    }

    private Router base(Router r) {
        r.get("/metrics", req -> new WebResponse(200, "text/plain; version=0.0.4; charset=utf-8", Map.of(),
                registry.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        r.get("/", req -> WebResponse.text(302, "").withHeader("Location", "/chat/"));
        return r;
    }

    private Router startingRouter() {
        Router r = new Router();
        WebResponse starting = WebResponse.json(503, Map.of("status", "starting"));
        r.getInline("/healthz", req -> starting);
        base(r);
        for (String m : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
            r.add(m, "/*", req -> WebResponse.error(503, "starting, retry shortly").withHeader("Retry-After", "1"));
        }
        return r;
    }

    private Router fullRouter(Database db) {
        Router r = new Router();
        StoreHealth health = new StoreHealth(db);
        closeables.add(health);
        WebResponse ok = WebResponse.json(200, Map.of("status", "ok"));
        WebResponse down = WebResponse.json(503, Map.of("status", "store unavailable"));
        r.getInline("/healthz", req -> health.healthy() ? ok : down);
        base(r);
        InboundPipeline pipeline = new InboundPipeline(new InboundLogJdbc(db.dataSource()), new HelpBot(), clock,
                Duration.ofSeconds(3));
        new GenericChannel(pipeline, config.channels().generic().secret(), clock,
                new ChatMailboxJdbc(db.dataSource())).routes(r);
        OutboxSender sender = new OutboxSender(db.dataSource(), clock, senders(), OutboxSender.Settings.defaults());
        sender.start();
        closeables.add(sender);
        r.get("/chat", req -> WebResponse.text(301, "").withHeader("Location", "/chat/"));
        r.get("/chat/*", new StaticFiles("web/chat"));
        return r;
    }

    /** The platform senders of the outbox, per channel. */
    private Map<Channel, ChannelSender> senders() {
        Map<Channel, ChannelSender> m = new java.util.EnumMap<>(Channel.class);
        // The chat page reads its pushes from the outbox: for its account, "sent" means "stored for polling".
        m.put(Channel.GENERIC, msg -> "chat".equals(msg.account()) ? new SendResult.Sent()
                : new SendResult.Rejected("the generic webhook has no push channel"));
        return m;
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
