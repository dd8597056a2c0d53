package io.shaozi.core.app;

import io.shaozi.core.http.WebResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Readiness of the dependencies (the store, Redis when configured), probed in the background every 500 ms, each on
 * its own thread so that one that hangs cannot hide the others. A dependency counts as up only while its last probe
 * succeeded and finished less than {@link #STALE_NANOS} ago, so an outage shows within about a second even when
 * the probe itself hangs. {@code /healthz} reads volatile fields and never blocks the network thread.
 */
final class Readiness implements AutoCloseable {
    static final long STALE_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);

    private final Map<String, Probe> probes = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;

    private static final class Probe {
        final BooleanSupplier check;
        volatile boolean ok;
        volatile long at = System.nanoTime();

        Probe(BooleanSupplier check) {
            this.check = check;
        }

        void run() {
            boolean result;
            try {
                result = check.getAsBoolean();
            } catch (RuntimeException e) {
                result = false;
            }
            ok = result;
            at = System.nanoTime();
        }

        boolean up() {
            return ok && System.nanoTime() - at < STALE_NANOS;
        }
    }

    Readiness(Map<String, BooleanSupplier> checks) {
        this.timer = Executors.newScheduledThreadPool(Math.max(1, checks.size()), r -> {
            Thread t = new Thread(r, "shaozi-readiness");
            t.setDaemon(true);
            return t;
        });
        checks.forEach((name, check) -> {
            Probe p = new Probe(check);
            p.run();
            probes.put(name, p);
            timer.scheduleWithFixedDelay(p::run, 500, 500, TimeUnit.MILLISECONDS);
        });
    }

    boolean ready() {
        return probes.values().stream().allMatch(Probe::up);
    }

    /** {@code {"status": "ok"|"unavailable", "<dependency>": "up"|"down", ...}}, 200 or 503. */
    WebResponse response() {
        Map<String, String> body = new LinkedHashMap<>();
        boolean ready = true;
        for (Map.Entry<String, Probe> e : probes.entrySet()) {
            boolean up = e.getValue().up();
            ready &= up;
            body.put(e.getKey(), up ? "up" : "down");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("status", ready ? "ok" : "unavailable");
        out.putAll(body);
        WebResponse r = WebResponse.json(ready ? 200 : 503, out);
        return ready ? r : r.withHeader("Retry-After", "1");
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
