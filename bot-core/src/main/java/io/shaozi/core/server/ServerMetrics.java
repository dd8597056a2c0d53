package io.shaozi.core.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Request metrics: count and latency by route and status, worker queue depth. */
public final class ServerMetrics {
    private final MeterRegistry registry;
    private final java.util.concurrent.ConcurrentMap<String, Timer> timers =
            new java.util.concurrent.ConcurrentHashMap<>();

    public ServerMetrics(MeterRegistry registry, WorkerPool pool) {
        this.registry = registry;
        Gauge.builder("shaozi.worker.queue.depth", pool, WorkerPool::queueDepth)
                .description("Requests waiting for a worker thread").register(registry);
        Gauge.builder("shaozi.worker.active", pool, WorkerPool::active)
                .description("Worker threads busy").register(registry);
    }

    void record(String method, String route, int status, long nanos) {
        String key = method + ' ' + route + ' ' + status;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                    .description("HTTP requests by route and status")
                    .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry));
        }
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Counts the access-log lines dropped because its queue was full. */
    void accessLog(AccessLog log) {
        io.micrometer.core.instrument.FunctionCounter.builder("shaozi.accesslog.dropped", log, AccessLog::dropped)
                .description("Access-log lines dropped because the log fell behind").register(registry);
    }

    void rejected(String route) {
        Counter.builder("shaozi.worker.rejected").description("Requests refused with 503 (workers saturated)")
                .tag("route", route).register(registry).increment();
    }
}
