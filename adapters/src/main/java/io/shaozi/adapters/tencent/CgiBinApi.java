package io.shaozi.adapters.tencent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.common.AccessToken;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.TokenFetcher;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@code cgi-bin} JSON APIs of WeChat MP and WeCom with {@code ?access_token=}: per-API blocking after quota errors (no retry storms), the token from {@link AccessTokenManager}, and on
 * {@code 40001/40014/42001} compare-and-invalidate, one forced refresh and exactly one retry. HTTP 200 with a
 * non-zero {@code errcode} is an error. Never logs tokens, secrets or full URLs.
 */
public final class CgiBinApi {
    /** Shared mapper for adapter JSON (no default typing; trees only). */
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(CgiBinApi.class);
    private static final Set<Integer> TOKEN_ERRORS = Set.of(40001, 40014, 42001);

    /** What a non-zero errcode means for retrying. */
    public interface ErrorPolicy {
        /** When to try again, or empty for a permanent failure. */
        Optional<Instant> retryAt(int errcode, Instant now);

        /** Whether the error blocks every call of the same API until {@link #retryAt} (quota, frequency). */
        boolean blocksApi(int errcode);
    }

    /** Outcome of one logical call. */
    public sealed interface Result permits Ok, Retry, Fail {
    }

    /** errcode 0: the response body. */
    public record Ok(JsonNode body) implements Result {
        public Ok {
            Objects.requireNonNull(body, "body");
        }
    }

    /** Try again at or after {@code notBefore}. */
    public record Retry(Instant notBefore, String reason) implements Result, Download {
        public Retry {
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Permanent failure. */
    public record Fail(int errcode, String errmsg, String api) implements Result, Download {
        public Fail {
            Objects.requireNonNull(errmsg, "errmsg");
            Objects.requireNonNull(api, "api");
        }
    }

    /** Outcome of a media download ({@code GET /cgi-bin/media/get}). */
    public sealed interface Download permits Media, Retry, Fail {
    }

    /**
     * The file: its bytes (at most the cap asked for), the Content-Type the platform gave (may be empty or generic;
     * callers sniff the bytes) and the file name from Content-Disposition, if any.
     */
    public record Media(byte[] content, String contentType, Optional<String> fileName) implements Download {
        public Media {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(fileName, "fileName");
        }
    }

    /** errcode of a file larger than the cap asked for (ours, not the platform's). */
    public static final int TOO_LARGE = -3;

    private final String label;
    private final URI base;
    private final AccessTokenManager tokens;
    private final String tokenKey;
    private final Function<Boolean, TokenFetcher> fetchers;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Instant> blockedUntil = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final ErrorPolicy policy;
    private volatile Instant tokenBlockedUntil = Instant.MIN;

    /**
     * @param label    for logs, e.g. {@code wechat:<account id>} (no secrets)
     * @param base     scheme://host[:port] of the API ({@code https://api.weixin.qq.com})
     * @param tokenKey key in the token store, e.g. {@code wechat:<appId>}
     * @param fetchers token fetcher; the argument is {@code true} after the platform rejected the cached token
     */
    public CgiBinApi(String label, URI base, AccessTokenManager tokens, String tokenKey,
                     Function<Boolean, TokenFetcher> fetchers, HttpClient http, Clock clock,
                     Duration timeout, ErrorPolicy policy) {
        this.label = Objects.requireNonNull(label, "label");
        String b = Objects.requireNonNull(base, "base").toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.tokenKey = Objects.requireNonNull(tokenKey, "tokenKey");
        this.fetchers = Objects.requireNonNull(fetchers, "fetchers");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The API base without a trailing slash. */
    public URI base() {
        return base;
    }

    /** POSTs {@code body} to {@code /cgi-bin/<api>?access_token=…}. */
    public Result post(String api, ObjectNode body) {
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return new Fail(-2, "request not serialisable", "/cgi-bin/" + api);
        }
        return call(api, "", payload);
    }

    /**
     * GETs {@code /cgi-bin/<api>?access_token=…&<query>} ({@code query} already encoded), with the same token refresh
     * and retry rules as {@link #post} (e.g. WeCom's {@code auth/getuserinfo} of the OAuth web login).
     */
    public Result get(String api, String query) {
        return call(api, query, null);
    }

    private Result call(String api, String query, byte[] payload) {
        String path = "/cgi-bin/" + api;
        Instant now = clock.instant();
        Instant blocked = blockedUntil.get(api);
        if (blocked != null && now.isBefore(blocked)) {
            return new Retry(blocked, api + " blocked after a quota/frequency error");
        }
        if (now.isBefore(tokenBlockedUntil)) {
            return new Retry(tokenBlockedUntil, "access_token unavailable (earlier fetch failed)");
        }
        boolean forced = false;
        for (int attempt = 0; attempt < 2; attempt++) {
            String token;
            try {
                token = tokens.token(tokenKey, fetchers.apply(forced));
            } catch (ApiException e) {
                return tokenFailure(e);
            } catch (IOException e) {
                LOG.warn("{} token fetch failed: {}", label, e.getClass().getSimpleName());
                return new Retry(clock.instant().plusSeconds(30), "access_token fetch failed: " + e.getClass().getSimpleName());
            }
            JsonNode resp;
            try {
                resp = send(path, query, token, payload);
            } catch (HttpStatusException e) {
                LOG.warn("{} POST {} HTTP {}", label, path, e.status);
                if (e.status == 429 || e.status >= 500) {
                    return new Retry(clock.instant().plusSeconds(30), api + " HTTP " + e.status);
                }
                return new Fail(e.status, "HTTP " + e.status, path);
            } catch (IOException e) {
                LOG.warn("{} POST {} failed: {}", label, path, e.getClass().getSimpleName());
                return new Retry(clock.instant().plusSeconds(30), api + " transport failure: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Retry(clock.instant(), "interrupted");
            }
            int errcode = resp.path("errcode").asInt(0);
            String errmsg = resp.path("errmsg").asText("");
            if (errcode == 0) {
                return new Ok(resp);
            }
            if (TOKEN_ERRORS.contains(errcode)) {
                tokens.invalidate(tokenKey, token);
                if (attempt == 0) {
                    LOG.info("{} {} rejected the access_token ({}), refreshing once", label, path, errcode);
                    forced = true;
                    continue;
                }
                LOG.warn("{} {} rejected a fresh access_token: errcode={} errmsg={}", label, path, errcode, errmsg);
                return new Retry(clock.instant().plusSeconds(60), api + " errcode=" + errcode + " " + errmsg);
            }
            Instant at = clock.instant();
            Optional<Instant> retry = policy.retryAt(errcode, at);
            LOG.warn("{} {} errcode={} errmsg={}", label, path, errcode, errmsg);
            if (retry.isPresent()) {
                if (policy.blocksApi(errcode)) {
                    blockedUntil.merge(api, retry.get(), (a, b) -> a.isAfter(b) ? a : b);
                }
                return new Retry(retry.get(), api + " errcode=" + errcode + " " + errmsg);
            }
            return new Fail(errcode, errmsg, path);
        }
        throw new AssertionError("unreachable");
    }

    /**
     * Downloads temporary media: {@code GET /cgi-bin/media/get?access_token=…&media_id=…} (WeChat MP and WeCom alike).
     * The body is read up to {@code maxBytes} and no further (a larger file is a {@link Fail} with {@link #TOO_LARGE});
     * a JSON body ({@code {"errcode":40007,…}}) is the platform's error, with the same token refresh and
     * retry rules as {@link #post}.
     */
    public Download media(String mediaId, int maxBytes) {
        String api = "media/get";
        String path = "/cgi-bin/" + api;
        Instant now = clock.instant();
        if (now.isBefore(tokenBlockedUntil)) {
            return new Retry(tokenBlockedUntil, "access_token unavailable (earlier fetch failed)");
        }
        boolean forced = false;
        for (int attempt = 0; attempt < 2; attempt++) {
            String token;
            try {
                token = tokens.token(tokenKey, fetchers.apply(forced));
            } catch (ApiException e) {
                Result r = tokenFailure(e);
                return (Download) r;
            } catch (IOException e) {
                return new Retry(clock.instant().plusSeconds(30), "access_token fetch failed: " + e.getClass().getSimpleName());
            }
            URI uri = URI.create(base + path + "?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                    + "&media_id=" + URLEncoder.encode(mediaId, StandardCharsets.UTF_8));
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            HttpResponse<java.io.InputStream> resp;
            byte[] body;
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                try (java.io.InputStream in = resp.body()) {
                    body = in.readNBytes(maxBytes + 1);
                }
            } catch (IOException e) {
                LOG.warn("{} GET {} failed: {}", label, path, e.getClass().getSimpleName());
                return new Retry(clock.instant().plusSeconds(30), api + " transport failure: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Retry(clock.instant(), "interrupted");
            }
            if (resp.statusCode() != 200) {
                LOG.warn("{} GET {} HTTP {}", label, path, resp.statusCode());
                if (resp.statusCode() == 429 || resp.statusCode() >= 500) {
                    return new Retry(clock.instant().plusSeconds(30), api + " HTTP " + resp.statusCode());
                }
                return new Fail(resp.statusCode(), "HTTP " + resp.statusCode(), path);
            }
            String type = resp.headers().firstValue("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT);
            JsonNode error = errorBody(type, body);
            if (error == null) {
                if (body.length > maxBytes) {
                    return new Fail(TOO_LARGE, "file larger than " + maxBytes + " bytes", path);
                }
                if (body.length == 0) {
                    return new Fail(-2, "empty file", path);
                }
                return new Media(body, type, fileName(resp.headers().firstValue("Content-Disposition").orElse("")));
            }
            int errcode = error.path("errcode").asInt(0);
            String errmsg = error.path("errmsg").asText("");
            if (TOKEN_ERRORS.contains(errcode)) {
                tokens.invalidate(tokenKey, token);
                if (attempt == 0) {
                    forced = true;
                    continue;
                }
                return new Retry(clock.instant().plusSeconds(60), api + " errcode=" + errcode + " " + errmsg);
            }
            LOG.warn("{} {} errcode={} errmsg={}", label, path, errcode, errmsg);
            Optional<Instant> retry = errcode == 0 ? Optional.empty() : policy.retryAt(errcode, clock.instant());
            if (retry.isPresent()) {
                return new Retry(retry.get(), api + " errcode=" + errcode + " " + errmsg);
            }
            return new Fail(errcode == 0 ? -2 : errcode, errmsg.isEmpty() ? "unexpected JSON body" : errmsg, path);
        }
        throw new AssertionError("unreachable");
    }

    /** The platform's error object when the body is one (JSON content type, or a body that is a JSON object). */
    private static JsonNode errorBody(String contentType, byte[] body) {
        int i = 0;
        while (i < body.length && i < 16 && Character.isWhitespace(body[i])) {
            i++;
        }
        boolean looksJson = i < body.length && body[i] == '{';
        if (!looksJson && !contentType.contains("json") && !contentType.startsWith("text/")) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() && n.has("errcode") ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<String> fileName(String disposition) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("filename=\"?([^\";]+)\"?").matcher(disposition);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    private Result tokenFailure(ApiException e) {
        LOG.warn("{} token fetch {} failed: errcode={} errmsg={}", label, e.api(), e.errcode(), e.errmsg());
        Instant now = clock.instant();
        if (e.errcode() == -1) {
            return new Retry(now.plusSeconds(5), "access_token fetch busy (-1)");
        }
        Instant until = now.plus(Duration.ofMinutes(5));
        tokenBlockedUntil = until;
        return new Retry(until, "access_token fetch failed: errcode=" + e.errcode() + " " + e.errmsg());
    }

    private JsonNode send(String path, String query, String token, byte[] payload)
            throws IOException, InterruptedException {
        URI uri = URI.create(base + path + "?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + (query.isEmpty() ? "" : "&" + query));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        HttpRequest req = payload == null ? b.GET().build() : b.header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
        return exchange(http, req);
    }

    /** Sends and reads a JSON body; non-200 statuses become {@link HttpStatusException}. */
    public static JsonNode exchange(HttpClient http, HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            throw new HttpStatusException(resp.statusCode());
        }
        JsonNode node = JSON.readTree(resp.body());
        if (node == null || !node.isObject()) {
            throw new IOException("response is not a JSON object");
        }
        return node;
    }

    /** As {@link #exchange}, with an interrupt turned into {@link java.io.InterruptedIOException} (for token fetchers). */
    public static JsonNode fetch(HttpClient http, HttpRequest req) throws IOException {
        try {
            return exchange(http, req);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    /**
     * Reads a token response {@code {"access_token","expires_in"}} or throws {@link ApiException} for
     * {@code {"errcode","errmsg"}}.
     */
    public static AccessToken parseToken(JsonNode node, Clock clock, String api) throws ApiException {
        int errcode = node.path("errcode").asInt(0);
        String value = node.path("access_token").asText("");
        if (errcode != 0 || value.isEmpty()) {
            throw new ApiException(errcode == 0 ? -2 : errcode, node.path("errmsg").asText("no access_token"), api);
        }
        long expiresIn = node.path("expires_in").asLong(7200);
        return new AccessToken(value, clock.instant().plusSeconds(expiresIn > 0 ? expiresIn : 7200));
    }

    /**
     * A permanent failure as the one send outcome: the errcode as its code, the API path and errmsg as its message
     * ({@code /cgi-bin/message/custom/send: response out of time limit …}).
     */
    public static io.shaozi.adapters.channel.SendOutcome.Rejected rejected(Fail f) {
        return new io.shaozi.adapters.channel.SendOutcome.Rejected(Integer.toString(f.errcode()),
                f.api() + ": " + f.errmsg());
    }

    /** Replaces the value of {@code access_token=} in a URL (for logs). */
    public static String maskToken(String url) {
        return url.replaceAll("(?i)(access_token=)[^&#]*", "$1****");
    }

    /** A non-200 HTTP status. */
    public static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        public HttpStatusException(int status) {
            super("HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
