package io.shaozi.core.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for a condition instead of sleeping a fixed time: polls every 20 ms until it holds, and fails with
 * {@code what} once the deadline (10 s unless given) has passed. The only place in the tests that pauses.
 */
public final class Await {
    public static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 20;

    /** A condition that may do I/O (an HTTP poll, a query). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    public static void until(String what, Condition condition) throws Exception {
        until(what, DEADLINE, condition);
    }

    public static void until(String what, Duration deadline, Condition condition) throws Exception {
        until(() -> what, deadline, condition);
    }

    /** @param what described when the deadline passes (evaluated then, so it can show the state at that time) */
    public static void until(Supplier<String> what, Duration deadline, Condition condition) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("waited " + deadline.toMillis() + " ms for: " + what.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
