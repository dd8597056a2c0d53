package io.shaozi.core.http;

/**
 * A failure that says nothing about the request: a dependency (the database, Redis) is down or overloaded. The
 * server answers 503 with {@code Retry-After}, so that platforms and clients send the request again.
 */
public interface Retryable {
    /** True when sending the same request again later can succeed. */
    boolean retryable();
}
