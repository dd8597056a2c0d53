package io.shaozi.adapters.channel;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request to a channel endpoint, as the host's server received it.
 *
 * @param account the {@code {account}} path variable
 * @param query   query parameters, first value of each
 * @param headers request headers (names as sent; {@link #header} looks them up case-insensitively)
 * @param body    the raw body
 */
public record HttpCall(String account, Map<String, String> query, Map<String, String> headers, byte[] body) {
    public HttpCall {
        Objects.requireNonNull(account, "account");
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** The first header named {@code name}, ignoring case. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }
}
