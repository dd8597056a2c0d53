package io.shaozi.adapters.channel;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A platform's OAuth web login, used by the read page of a batched campaign message (one body for many readers, so
 * no per-reader token in its link): the page sends the reader's browser to {@link #authorize}, the platform sends it
 * back with a {@code code}, and {@link #user} turns that code into the reader's user id.
 */
public interface WebLogin {
    /**
     * Where the browser logs in through {@code account}, coming back to {@code redirectUri} with {@code code} and
     * {@code state}; empty when web login is not configured for that account.
     */
    Optional<URI> authorize(String account, String redirectUri, String state);

    /**
     * The user behind {@code code} as the platform names the sender of a message (what {@link Addresses#user} takes);
     * empty when the code is refused, expired, or names no member. {@code redirectUri} is the one {@link #authorize}
     * was given (some platforms check it again when the code is exchanged).
     */
    Optional<String> user(String account, String code, String redirectUri);

    /**
     * An authorize page address: {@code base} without trailing slashes, then {@code path}, then the query of
     * {@code nameValues} (name, value, name, value …; each value URL-encoded as UTF-8, in the order given), then
     * {@code fragment} (e.g. {@code #wechat_redirect}; "" for none).
     */
    static URI authorizeUri(String base, String path, String fragment, String... nameValues) {
        if (nameValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        StringBuilder b = new StringBuilder(base.replaceAll("/+$", "")).append(path);
        for (int i = 0; i < nameValues.length; i += 2) {
            b.append(i == 0 ? '?' : '&').append(nameValues[i]).append('=')
                    .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
        }
        return URI.create(b.append(fragment).toString());
    }
}
