package io.shaozi.adapters.dingtalk;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * SSRF guard for URLs that arrive in messages (the robot {@code sessionWebhook}). An allow-list entry is either
 * a bare host ({@code oapi.dingtalk.com}: https on the default port only) or an origin with scheme and port
 * ({@code http://127.0.0.1:8089}, used for test servers). No user info, no fragment.
 */
final class WebhookHosts {
    private WebhookHosts() {
    }

    static void validate(Set<String> entries, String field) {
        for (String e : entries) {
            if (e == null || e.isBlank()) {
                throw new IllegalArgumentException(field + " must not contain blank entries");
            }
            if (e.contains("://")) {
                URI u;
                try {
                    u = new URI(e);
                } catch (URISyntaxException ex) {
                    throw new IllegalArgumentException(field + " entry is not an origin: " + e, ex);
                }
                if (u.getHost() == null || !(("http".equals(u.getScheme())) || "https".equals(u.getScheme()))) {
                    throw new IllegalArgumentException(field + " entry is not an http(s) origin: " + e);
                }
            } else if (!e.matches("[A-Za-z0-9.-]+")) {
                throw new IllegalArgumentException(field + " entry is not a host name: " + e);
            }
        }
    }

    /** The URL when it is absolute, well-formed and allow-listed. */
    static Optional<URI> allowed(String url, Set<String> entries) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        return allowed(u, entries) ? Optional.of(u) : Optional.empty();
    }

    static boolean allowed(URI u, Set<String> entries) {
        if (!u.isAbsolute() || u.isOpaque() || u.getHost() == null || u.getRawUserInfo() != null
                || u.getRawFragment() != null) {
            return false;
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        String host = u.getHost().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        for (String e : entries) {
            if (e.contains("://")) {
                URI o = URI.create(e);
                int op = o.getPort() == -1 ? defaultPort(o.getScheme()) : o.getPort();
                int up = port == -1 ? defaultPort(scheme) : port;
                if (o.getScheme().equalsIgnoreCase(scheme) && o.getHost().equalsIgnoreCase(host) && op == up) {
                    return true;
                }
            } else if ("https".equals(scheme) && e.equalsIgnoreCase(host) && (port == -1 || port == 443)) {
                return true;
            }
        }
        return false;
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
