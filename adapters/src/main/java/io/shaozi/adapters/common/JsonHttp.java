package io.shaozi.adapters.common;

import io.shaozi.adapters.channel.SendOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP side of the JSON platform clients (DingTalk, Feishu): JSON POSTs with a timeout, transport failures and
 * token failures turned into {@link SendOutcome}s, so that a client's send reads as "call, classify". Never logs
 * URLs, tokens or bodies.
 */
public final class JsonHttp {
    /** Per-request timeout (the connect timeout belongs to the {@link HttpClient}). */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final Clock clock;
    private final Duration backoff;
    private final Duration interruptedBackoff;

    /**
     * @param backoff            when to try again after a transport or token failure
     * @param interruptedBackoff when to try again after this thread was interrupted
     */
    public JsonHttp(HttpClient http, Clock clock, Duration backoff, Duration interruptedBackoff) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.interruptedBackoff = Objects.requireNonNull(interruptedBackoff, "interruptedBackoff");
    }

    /** A send that ended before a platform answer could be classified: the outcome is {@link #outcome}. */
    public static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient SendOutcome outcome;

        public Stop(SendOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }

        public SendOutcome outcome() {
            return outcome;
        }
    }

    /** A JSON POST with the request timeout. */
    public static HttpRequest.Builder jsonPost(URI uri, String json) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    /** Sends {@code req}; transport failures become {@code RetryLater} saying whether delivery is unknown. */
    public HttpResponse<byte[]> exchange(HttpRequest req) throws Stop {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop(retry(interruptedBackoff, "interrupted"));
        } catch (ConnectException e) {
            throw new Stop(retry(backoff, "connect failed (not sent)"));
        } catch (HttpTimeoutException e) {
            throw new Stop(retry(backoff, "timeout (delivery unknown)"));
        } catch (IOException e) {
            throw new Stop(retry(backoff, "transport error (delivery unknown): " + e.getClass().getSimpleName()));
        }
    }

    /** Token endpoints: any failure to get an answer, 429 and 5xx are plain IOExceptions (the send retries later). */
    public HttpResponse<byte[]> tokenExchange(HttpRequest req) throws IOException {
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (resp.statusCode() == 429 || resp.statusCode() >= 500) {
            throw new IOException("token endpoint HTTP " + resp.statusCode());
        }
        return resp;
    }

    /**
     * A valid token for {@code key}: refused credentials are {@code Rejected}, anything else {@code RetryLater}
     * ({@code what} names the token in the reason, e.g. "tenant_access_token").
     */
    public String token(AccessTokenManager tokens, String key, TokenFetcher fetcher, String what) throws Stop {
        try {
            return tokens.token(key, fetcher);
        } catch (TokenRefused e) {
            throw new Stop(new SendOutcome.Rejected(e.errcode(), e.getMessage()));
        } catch (IOException e) {
            throw new Stop(retry(backoff, what + " failed: " + e.getClass().getSimpleName()));
        } catch (RuntimeException e) {
            // the token store (Redis in bot-core) failed: nothing was sent
            throw new Stop(retry(backoff, "token store unavailable: " + e.getClass().getSimpleName()));
        }
    }

    /** Try again {@code after} from now. */
    public SendOutcome.RetryLater retry(Duration after, String reason) {
        return new SendOutcome.RetryLater(clock.instant().plus(after), reason);
    }

    /** A {@code Retry-After} header in seconds, when the platform sent one. */
    public static Optional<Duration> retryAfter(HttpResponse<?> resp) {
        return resp.headers().firstValue("Retry-After").filter(s -> s.matches("[0-9]{1,6}"))
                .map(s -> Duration.ofSeconds(Long.parseLong(s)));
    }

    /** An absolute http(s) base URI without its trailing slash; {@code name} names it in the error. */
    public static URI base(URI uri, String name) {
        Objects.requireNonNull(uri, name);
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URI");
        }
        String s = uri.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** Whether {@code webhook} is an absolute http(s) URI with a host. */
    public static boolean isWebhook(URI webhook) {
        return webhook.isAbsolute() && webhook.getHost() != null
                && ("https".equals(webhook.getScheme()) || "http".equals(webhook.getScheme()));
    }
}
