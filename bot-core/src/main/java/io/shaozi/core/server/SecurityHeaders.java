package io.shaozi.core.server;

import java.util.Map;

/**
 * Headers on every response. The pages (/chat/, /console/) load only their own scripts and styles (no inline code),
 * so the policy can be strict; on JSON/XML answers they cost nothing and keep a sniffing browser from rendering them.
 */
final class SecurityHeaders {
    static final Map<String, String> ALL = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none';"
                    + " form-action 'self'; frame-ancestors 'none'",
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    private SecurityHeaders() {
    }

    static void apply(io.netty.handler.codec.http.HttpHeaders headers) {
        ALL.forEach(headers::set);
    }
}
