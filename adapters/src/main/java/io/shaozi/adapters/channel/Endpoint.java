package io.shaozi.adapters.channel;

import java.util.Objects;
import java.util.function.Function;

/**
 * An HTTP endpoint a platform delivers to: {@code method} and {@code path} (usually with an {@code {account}}
 * variable, e.g. {@code /wechat/{account}}), and what the channel makes of each request.
 */
public record Endpoint(String method, String path, Function<HttpCall, Reception> handler) {
    public Endpoint {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new IllegalArgumentException("method must be GET or POST");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
    }

    public static Endpoint get(String path, Function<HttpCall, Reception> handler) {
        return new Endpoint("GET", path, handler);
    }

    public static Endpoint post(String path, Function<HttpCall, Reception> handler) {
        return new Endpoint("POST", path, handler);
    }
}
