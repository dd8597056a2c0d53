package io.shaozi.core.http;

/**
 * Handles one routed request on a worker thread (never on the event loop), so it may block on JDBC, Redis
 * or HanLP. Throwing {@link HttpError} maps to its status; any other exception to 500.
 */
@FunctionalInterface
public interface WebHandler {
    WebResponse handle(WebRequest request) throws Exception;
}
