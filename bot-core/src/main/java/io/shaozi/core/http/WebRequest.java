package io.shaozi.core.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as the application sees it, free of Netty: handlers in domain-facing packages take this
 * and return a {@link WebResponse}.
 *
 * @param method     upper-case HTTP method
 * @param path       decoded path without the query string
 * @param pathVars   values of the route's {@code {name}} segments
 * @param query      decoded query parameters, in order of appearance
 * @param headers    header names in lower case; the last value of a repeated header wins
 * @param body       raw body bytes (never null; empty when there is none)
 * @param remote     remote address, for logs and rate limits
 */
public record WebRequest(String method, String path, Map<String, String> pathVars,
                         Map<String, List<String>> query, Map<String, String> headers, byte[] body, String remote) {

    public WebRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        pathVars = Map.copyOf(pathVars);
        query = Map.copyOf(query);
        TreeMap<String, String> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(lower);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(remote, "remote");
    }

    /** A request with no path variables, for tests and internal dispatch. */
    public static WebRequest of(String method, String path, Map<String, List<String>> query,
                                Map<String, String> headers, byte[] body) {
        return new WebRequest(method, path, Map.of(), query, headers, body, "127.0.0.1");
    }

    public WebRequest withPathVars(Map<String, String> vars) {
        return new WebRequest(method, path, vars, query, headers, body, remote);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** First value of a query parameter. */
    public Optional<String> param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String pathVar(String name) {
        String v = pathVars.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no path variable " + name);
        }
        return v;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
