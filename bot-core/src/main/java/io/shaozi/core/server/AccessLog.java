package io.shaozi.core.server;

import java.util.TimeZone;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request — time, method, route pattern, status, milliseconds; never the query string or body.
 * Request threads only append a preformatted line to a queue; a background thread hands the lines to the
 * {@code access} logger in batches every 100 ms (and on close), so logging costs the hot path almost nothing.
 */
public final class AccessLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("access");
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shaozi-access-log");
        t.setDaemon(true);
        return t;
    });
    private final boolean enabled = LOG.isInfoEnabled();

    public AccessLog() {
        flusher.scheduleWithFixedDelay(this::flush, 100, 100, TimeUnit.MILLISECONDS);
    }

    void log(String method, String route, int status, long millis) {
        if (!enabled) {
            return;
        }
        long now = System.currentTimeMillis();
        long local = now + TimeZone.getDefault().getOffset(now);
        StringBuilder sb = new StringBuilder(64);
        two(sb, (local / 3_600_000) % 24).append(':');
        two(sb, (local / 60_000) % 60).append(':');
        two(sb, (local / 1000) % 60).append('.');
        long ms = local % 1000;
        sb.append(ms < 100 ? (ms < 10 ? "00" : "0") : "").append(ms);
        sb.append(' ').append(method).append(' ').append(route).append(' ').append(status).append(' ')
                .append(millis).append("ms");
        lines.add(sb.toString());
    }

    private static StringBuilder two(StringBuilder sb, long v) {
        return sb.append(v < 10 ? "0" : "").append(v);
    }

    /** Hands every queued line to the logger (one event per batch). */
    void flush() {
        StringBuilder batch = new StringBuilder();
        String line;
        while ((line = lines.poll()) != null) {
            if (batch.length() > 0) {
                batch.append('\n');
            }
            batch.append(line);
            if (batch.length() > 256 * 1024) {
                LOG.info(batch.toString());
                batch.setLength(0);
            }
        }
        if (batch.length() > 0) {
            LOG.info(batch.toString());
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
