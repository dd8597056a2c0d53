package io.shaozi.core.dialog;

/** Per-user message rate limit (Redis when shared, else local). */
@FunctionalInterface
public interface Throttle {
    /** True when the user may send one more message now. */
    boolean allow(String userKey);
}
