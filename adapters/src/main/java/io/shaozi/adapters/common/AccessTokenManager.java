package io.shaozi.adapters.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Hands out a valid access token per key, refreshing it {@code margin} before expiry. Exactly one refresher
 * per key at a time (the store's lock), and a refresher re-checks the store first, so a burst of callers
 * causes one fetch. {@link #invalidate} drops a token the platform rejected (40001/42001) unless another
 * caller already replaced it.
 */
public final class AccessTokenManager {
    private final TokenStore store;
    private final Clock clock;
    private final Duration margin;

    public AccessTokenManager(TokenStore store, Clock clock, Duration margin) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.margin = Objects.requireNonNull(margin, "margin");
    }

    /** A token valid for at least the refresh margin; fetches under the refresh lock when needed. */
    public String token(String key, TokenFetcher fetcher) throws IOException {
        Optional<AccessToken> cached = fresh(key);
        if (cached.isPresent()) {
            return cached.get().value();
        }
        try {
            return store.withRefreshLock(key, () -> {
                Optional<AccessToken> again = fresh(key);
                if (again.isPresent()) {
                    return again.get().value();
                }
                try {
                    AccessToken fetched = fetcher.fetch();
                    store.put(key, fetched);
                    return fetched.value();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Forgets {@code rejected} for {@code key}, so the next {@link #token} call fetches a new one. */
    public void invalidate(String key, String rejected) {
        store.removeIfSame(key, rejected);
    }

    private Optional<AccessToken> fresh(String key) {
        return store.get(key).filter(t -> t.expiresAt().minus(margin).isAfter(clock.instant()));
    }
}
