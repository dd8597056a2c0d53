package io.shaozi.core.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes on method + path pattern. Patterns are literal segments, {@code {name}} variables (one segment),
 * and a trailing {@code *} that matches the rest (static files). First registered match wins.
 */
public final class Router {

    /** A registered route; {@code name} is the pattern, used as the metrics/access-log label. */
    public record Route(String method, String pattern, WebHandler handler, boolean inline) {
        public Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(handler, "handler");
        }
    }

    /** Outcome of matching a request. */
    public sealed interface Match {
        record Found(Route route, Map<String, String> vars) implements Match {
        }

        record MethodNotAllowed(Set<String> allowed) implements Match {
        }

        record NotFound() implements Match {
        }
    }

    private final List<Route> routes = new ArrayList<>();
    /** Each route's pattern split into segments once (matching splits only the request's path, once). */
    private final List<String[]> segments = new ArrayList<>();

    public Router add(String method, String pattern, WebHandler handler) {
        return add(method, pattern, handler, false);
    }

    /**
     * A GET route whose handler never blocks (reads memory only), run directly on the network thread
     * without a worker hop: health checks.
     */
    public Router getInline(String pattern, WebHandler handler) {
        return add("GET", pattern, handler, true);
    }

    private Router add(String method, String pattern, WebHandler handler, boolean inline) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
        }
        routes.add(new Route(method, pattern, handler, inline));
        segments.add(split(pattern));
        return this;
    }

    public Router get(String pattern, WebHandler handler) {
        return add("GET", pattern, handler);
    }

    public Router post(String pattern, WebHandler handler) {
        return add("POST", pattern, handler);
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public Match match(String method, String path) {
        Set<String> allowed = new TreeSet<>();
        String[] s = split(path);
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            Optional<Map<String, String>> vars = bind(segments.get(i), s);
            if (vars.isPresent()) {
                if (r.method().equals(method) || ("HEAD".equals(method) && "GET".equals(r.method()))) {
                    return new Match.Found(r, vars.get());
                }
                allowed.add(r.method());
            }
        }
        return allowed.isEmpty() ? new Match.NotFound() : new Match.MethodNotAllowed(allowed);
    }

    private static Optional<Map<String, String>> bind(String[] p, String[] s) {
        if (p.length > 0 && !"*".equals(p[p.length - 1]) && p.length != s.length) {
            return Optional.empty(); // without a trailing *, a pattern matches paths of its own length only
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            if ("*".equals(p[i]) && i == p.length - 1) {
                vars.put("*", String.join("/", java.util.Arrays.copyOfRange(s, Math.min(i, s.length), s.length)));
                return Optional.of(vars);
            }
            if (i >= s.length) {
                return Optional.empty();
            }
            if (p[i].startsWith("{") && p[i].endsWith("}")) {
                if (s[i].isEmpty()) {
                    return Optional.empty();
                }
                vars.put(p[i].substring(1, p[i].length() - 1), s[i]);
            } else if (!p[i].equals(s[i])) {
                return Optional.empty();
            }
        }
        return p.length == s.length ? Optional.of(vars) : Optional.empty();
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.isEmpty()) {
            return new String[0];
        }
        return trimmed.split("/", -1);
    }
}
