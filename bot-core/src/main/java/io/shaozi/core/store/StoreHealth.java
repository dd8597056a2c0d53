package io.shaozi.core.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The store's health, checked by a background ping every second so that {@code /healthz} reads a volatile
 * flag and never blocks the network thread (nor hammers the pool under a probe storm).
 */
public final class StoreHealth implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shaozi-store-health");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean healthy;

    public StoreHealth(Database db) {
        this.healthy = db.ping();
        timer.scheduleWithFixedDelay(() -> healthy = db.ping(), 1, 1, TimeUnit.SECONDS);
    }

    public boolean healthy() {
        return healthy;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
