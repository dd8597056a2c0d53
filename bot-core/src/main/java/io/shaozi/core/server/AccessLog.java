package io.shaozi.core.server;

import java.util.TimeZone;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request — time, method, route pattern, status, milliseconds; never the query string or body.
 * Request threads only append a preformatted line to a queue; a background thread hands the lines to the
 * {@code access} logger in batches every 100 ms (and on close), so logging costs the hot path almost nothing.
 * The queue is bounded: when the logger falls behind, new lines are dropped and counted ({@link #dropped()},
 * metric {@code shaozi.accesslog.dropped}) — a request thread never waits for the log.
 */
public final class AccessLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("access");
    /** Lines held for the flusher at most (about 100 ms of traffic at 100k requests/s). */
    static final int CAPACITY = 16_384;
    private final ArrayBlockingQueue<String> lines;
    private final AtomicLong dropped = new AtomicLong();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shaozi-access-log");
        t.setDaemon(true);
        return t;
    });
    private final boolean enabled;

    public AccessLog() {
        this(CAPACITY, LOG.isInfoEnabled(), true);
    }

    /** @param background whether a thread flushes every 100 ms (tests call {@link #flush} themselves) */
    AccessLog(int capacity, boolean enabled, boolean background) {
        this.lines = new ArrayBlockingQueue<>(capacity);
        this.enabled = enabled;
        if (background) {
            flusher.scheduleWithFixedDelay(this::flush, 100, 100, TimeUnit.MILLISECONDS);
        }
    }

    /** Lines dropped because the queue was full. */
    long dropped() {
        return dropped.get();
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
        if (!lines.offer(sb.toString())) {
            dropped.incrementAndGet();
        }
    }

    private static StringBuilder two(StringBuilder sb, long v) {
        return sb.append(v < 10 ? "0" : "").append(v);
    }

    /** Hands every queued line to the logger (one event per batch). */
    int flush() {
        int n = 0;
        StringBuilder batch = new StringBuilder();
        String line;
        while ((line = lines.poll()) != null) {
            if (batch.length() > 0) {
                batch.append('\n');
            }
            batch.append(line);
            n++;
            if (batch.length() > 256 * 1024) {
                LOG.info(batch.toString());
                batch.setLength(0);
            }
        }
        if (batch.length() > 0) {
            LOG.info(batch.toString());
        }
        return n;
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
