package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.common.JsonTree;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.common.AccessToken;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.common.TokenFetcher;
import io.shaozi.adapters.common.TokenRefused;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound DingTalk calls (docs/platform-protocols.md §4.4): work notifications (corp conversation), custom group robot
 * webhooks (signed, rate limited) and robot session webhooks. Every call returns a {@link SendOutcome}; nothing
 * is thrown for platform or transport failures. Access tokens (old {@code /gettoken}) are cached through the
 * shared {@link AccessTokenManager} under the key {@code ding:<appKey>}; a token the platform rejects is
 * invalidated and the call retried once.
 *
 * <p>Never logs URLs (they carry access tokens), secrets or message bodies.
 */
public final class DingTalkClient {
    private static final Logger LOG = LoggerFactory.getLogger(DingTalkClient.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** The platform blocks a custom robot for 10 minutes after 130101. */
    static final Duration ROBOT_THROTTLE = Duration.ofMinutes(10);
    static final Duration SHORT_BACKOFF = Duration.ofSeconds(5);
    static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(60);
    private static final Set<Long> TOKEN_INVALID = Set.of(40014L, 42001L, 40001L, 41001L);
    private static final Set<Long> THROTTLED = Set.of(130101L, 410100L, 90018L, 90002L);

    /** DingTalk's new OpenAPI host (robot send APIs, {@code /v1.0/oauth2/accessToken}). */
    public static final URI OPEN_API = URI.create("https://api.dingtalk.com");

    private final URI apiBase;
    private final URI openApiBase;
    private final AccessTokenManager tokens;
    private final HttpClient http;
    private final Clock clock;
    private final WebhookRateLimiter limiter;
    private final Set<String> allowedWebhookHosts;

    /**
     * Defaults: {@link WebhookRateLimiter#dingTalkDefault}, and session webhooks allowed to
     * {@code oapi.dingtalk.com} and to {@code apiBase}'s own origin.
     *
     * @param apiBase {@code https://oapi.dingtalk.com} (or a test server)
     */
    public DingTalkClient(URI apiBase, AccessTokenManager tokens, HttpClient http, Clock clock) {
        this(apiBase, OPEN_API, tokens, http, clock, WebhookRateLimiter.dingTalkDefault(clock), defaultHosts(apiBase));
    }

    public DingTalkClient(URI apiBase, AccessTokenManager tokens, HttpClient http, Clock clock,
                          WebhookRateLimiter limiter, Set<String> allowedWebhookHosts) {
        this(apiBase, OPEN_API, tokens, http, clock, limiter, allowedWebhookHosts);
    }

    /**
     * @param apiBase     old API host {@code https://oapi.dingtalk.com} (gettoken, work notices)
     * @param openApiBase new API host {@link #OPEN_API} (robot send APIs)
     */
    public DingTalkClient(URI apiBase, URI openApiBase, AccessTokenManager tokens, HttpClient http, Clock clock,
                          WebhookRateLimiter limiter, Set<String> allowedWebhookHosts) {
        this.apiBase = base(apiBase);
        this.openApiBase = base(openApiBase);
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        Objects.requireNonNull(allowedWebhookHosts, "allowedWebhookHosts");
        WebhookHosts.validate(allowedWebhookHosts, "allowedWebhookHosts");
        this.allowedWebhookHosts = Set.copyOf(allowedWebhookHosts);
    }

    private static URI base(URI apiBase) {
        Objects.requireNonNull(apiBase, "apiBase");
        if (!apiBase.isAbsolute() || apiBase.getHost() == null) {
            throw new IllegalArgumentException("apiBase must be an absolute http(s) URI");
        }
        String s = apiBase.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    private static Set<String> defaultHosts(URI apiBase) {
        URI b = base(apiBase);
        Set<String> hosts = new HashSet<>();
        hosts.add("oapi.dingtalk.com");
        hosts.add(b.getScheme() + "://" + b.getHost() + (b.getPort() == -1 ? "" : ":" + b.getPort()));
        return hosts;
    }

    /** The limiter that guards custom group webhooks (bot-core may ask it for the next allowed send time). */
    public WebhookRateLimiter limiter() {
        return limiter;
    }

    /**
     * Work notification (工作通知) to up to 100 userids via {@code asyncsend_v2}; {@code Sent} carries the
     * task_id. Requires {@link DingTalkApp#agentId()}. Identical content to the same user the same day is
     * silently dropped by DingTalk: use {@link DingTalkContent#distinct}.
     */
    public SendOutcome sendWorkNotice(DingTalkApp app, List<String> userIds, Outbound message) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(userIds, "userIds");
        Objects.requireNonNull(message, "message");
        if (app.agentId().isEmpty()) {
            return new SendOutcome.Rejected("config", "app " + app.id() + " has no agentId");
        }
        if (userIds.isEmpty() || userIds.size() > 100 || userIds.stream().anyMatch(u -> u == null || u.isBlank()
                || u.contains(","))) {
            return new SendOutcome.Rejected("config", "userIds must be 1..100 non-blank ids");
        }
        ObjectNode body = JsonTree.obj();
        body.put("agent_id", Long.parseLong(app.agentId().get()));
        body.put("userid_list", String.join(",", userIds));
        body.set("msg", Render.workNotice(message));
        String json = JsonTree.write(body);
        String key = "ding:" + app.appKey();
        try {
            for (int attempt = 0; ; attempt++) {
                String token = token(key, () -> fetchToken(app));
                JsonNode answer = postOld(URI.create(apiBase
                        + "/topapi/message/corpconversation/asyncsend_v2?access_token=" + enc(token)), json);
                long errcode = errcode(answer);
                if (TOKEN_INVALID.contains(errcode)) {
                    tokens.invalidate(key, token);
                    if (attempt == 0) {
                        continue;
                    }
                    return retry(SHORT_BACKOFF, "access token rejected twice");
                }
                LOG.debug("dingtalk work notice app={} errcode={}", app.id(), errcode);
                return classify(errcode, answer, JsonTree.text(answer, "task_id"));
            }
        } catch (Stop stop) {
            return stop.outcome;
        }
    }

    /**
     * Custom group robot webhook ({@code https://oapi.dingtalk.com/robot/send?access_token=…}). With
     * {@code signSecret} ("加签", the {@code SEC…} secret) the {@code timestamp} (ms) and URL-encoded {@code sign}
     * are appended. At most 20 sends per minute per webhook: beyond that, or after a 130101 throttle answer, the
     * result is {@code RetryLater} and nothing is sent.
     */
    public SendOutcome sendToWebhook(URI webhook, Optional<String> signSecret, Outbound message) {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(signSecret, "signSecret");
        Objects.requireNonNull(message, "message");
        if (!webhook.isAbsolute() || webhook.getHost() == null
                || !("https".equals(webhook.getScheme()) || "http".equals(webhook.getScheme()))) {
            return new SendOutcome.Rejected("config", "webhook must be an absolute http(s) URI");
        }
        String key = webhook.toString();
        Optional<Instant> wait = limiter.tryAcquire(key);
        if (wait.isPresent()) {
            return new SendOutcome.RetryLater(wait.get(), "webhook rate limit (queued, not dropped)");
        }
        URI target = webhook;
        if (signSecret.isPresent()) {
            String ts = Long.toString(clock.millis());
            String sign = RobotSign.sign(signSecret.get(), ts);
            target = URI.create(webhook + (webhook.getRawQuery() == null ? "?" : "&") + "timestamp=" + ts
                    + "&sign=" + enc(sign));
        }
        try {
            JsonNode answer = postOld(target, JsonTree.write(Render.robot(message)));
            long errcode = errcode(answer);
            if (errcode == 130101L) {
                limiter.blockUntil(key, clock.instant().plus(ROBOT_THROTTLE));
            }
            return classify(errcode, answer, Optional.empty());
        } catch (Stop stop) {
            return stop.outcome;
        }
    }

    /**
     * Replies through the robot message's {@code sessionWebhook}: refused when absent, not allow-listed or
     * expired ({@code sessionWebhookExpiredTime}).
     */
    public SendOutcome sendBySessionWebhook(ReplyContext ctx, Outbound message) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(message, "message");
        if (ctx.sessionWebhook().isEmpty()) {
            return new SendOutcome.Rejected("no_session_webhook", "the message carried no usable sessionWebhook");
        }
        URI u = ctx.sessionWebhook().get();
        if (!WebhookHosts.allowed(u, allowedWebhookHosts)) {
            return new SendOutcome.Rejected("webhook_host_not_allowed", "sessionWebhook host " + u.getHost()
                    + " is not allow-listed");
        }
        if (!ctx.webhookUsableAt(clock.instant())) {
            return new SendOutcome.Rejected("session_webhook_expired", "sessionWebhook expired at "
                    + ctx.webhookExpiresAt());
        }
        try {
            JsonNode answer = postOld(u, JsonTree.write(Render.robot(message)));
            return classify(errcode(answer), answer, Optional.empty());
        } catch (Stop stop) {
            return stop.outcome;
        }
    }

    /**
     * Robot one-to-one message through the OpenAPI ({@code /v1.0/robot/oToMessages/batchSend}) to up to 20
     * userids, usable after the session webhook expired. {@code Sent} carries the processQueryKey.
     */
    public SendOutcome sendRobotToUsers(DingTalkRobot robot, List<String> userIds, Outbound message) {
        Objects.requireNonNull(robot, "robot");
        Objects.requireNonNull(userIds, "userIds");
        Objects.requireNonNull(message, "message");
        if (userIds.isEmpty() || userIds.size() > 20 || userIds.stream().anyMatch(u -> u == null || u.isBlank())) {
            return new SendOutcome.Rejected("config", "userIds must be 1..20 non-blank ids");
        }
        ObjectNode body = RobotTemplates.of(message);
        body.put("robotCode", robot.appKey());
        userIds.forEach(body.putArray("userIds")::add);
        return openApiSend(robot, "/v1.0/robot/oToMessages/batchSend", body);
    }

    /** Robot message to a group the robot is in ({@code /v1.0/robot/groupMessages/send}). */
    public SendOutcome sendRobotToGroup(DingTalkRobot robot, String openConversationId, Outbound message) {
        Objects.requireNonNull(robot, "robot");
        Objects.requireNonNull(message, "message");
        if (openConversationId == null || openConversationId.isBlank()) {
            return new SendOutcome.Rejected("config", "openConversationId must not be blank");
        }
        ObjectNode body = RobotTemplates.of(message);
        body.put("robotCode", robot.appKey()).put("openConversationId", openConversationId);
        return openApiSend(robot, "/v1.0/robot/groupMessages/send", body);
    }

    private SendOutcome openApiSend(DingTalkRobot robot, String path, ObjectNode body) {
        String json = JsonTree.write(body);
        String key = "ding:v1:" + robot.appKey();
        try {
            for (int attempt = 0; ; attempt++) {
                String token = token(key, () -> fetchOpenApiToken(robot));
                HttpResponse<byte[]> resp = exchange(jsonPost(URI.create(openApiBase + path), json)
                        .header("x-acs-dingtalk-access-token", token).build());
                int status = resp.statusCode();
                JsonNode b = JsonTree.object(resp.body()).orElse(JsonTree.MAPPER.missingNode());
                String code = JsonTree.text(b, "code").orElse("");
                if (status == 200) {
                    return new SendOutcome.Sent(JsonTree.text(b, "processQueryKey"));
                }
                if (code.equals("InvalidAuthentication") || code.startsWith("InvalidAccessToken")) {
                    tokens.invalidate(key, token);
                    if (attempt == 0) {
                        continue;
                    }
                    return retry(SHORT_BACKOFF, "access token rejected twice");
                }
                if (status == 429 || code.contains("QpsLimit") || code.contains("Throttling")) {
                    return retry(retryAfter(resp).orElse(DEFAULT_BACKOFF), "throttled by DingTalk (" + status + ")");
                }
                if (status >= 500) {
                    return retry(DEFAULT_BACKOFF, "HTTP " + status);
                }
                LOG.debug("dingtalk robot send robot={} status={} code={}", robot.id(), status, code);
                return new SendOutcome.Rejected(code.isEmpty() ? "http_" + status : code,
                        JsonTree.text(b, "message").orElse(""));
            }
        } catch (Stop stop) {
            return stop.outcome;
        }
    }

    private AccessToken fetchToken(DingTalkApp app) throws IOException {
        HttpResponse<byte[]> resp = tokenExchange(HttpRequest.newBuilder(URI.create(apiBase + "/gettoken?appkey="
                + enc(app.appKey()) + "&appsecret=" + enc(app.appSecret()))).timeout(REQUEST_TIMEOUT).GET().build());
        JsonNode b = JsonTree.object(resp.body()).orElseThrow(() -> new IOException("gettoken: not JSON"));
        if (JsonTree.text(b, "errcode").filter(s -> s.startsWith("-")).isPresent()) {
            throw new IOException("gettoken busy");
        }
        long errcode = JsonTree.number(b, "errcode").orElse(0L);
        Optional<String> token = JsonTree.text(b, "access_token");
        if (resp.statusCode() != 200 || errcode != 0 || token.isEmpty()) {
            throw new TokenRefused(errcode != 0 ? Long.toString(errcode) : "http_" + resp.statusCode(),
                    JsonTree.text(b, "errmsg").orElse("gettoken refused"));
        }
        return new AccessToken(token.get(), clock.instant().plusSeconds(JsonTree.number(b, "expires_in").orElse(7200L)));
    }

    private AccessToken fetchOpenApiToken(DingTalkRobot robot) throws IOException {
        String body = JsonTree.write(JsonTree.obj().put("appKey", robot.appKey()).put("appSecret", robot.appSecret()));
        HttpResponse<byte[]> resp = tokenExchange(jsonPost(URI.create(openApiBase + "/v1.0/oauth2/accessToken"), body)
                .build());
        JsonNode b = JsonTree.object(resp.body()).orElseThrow(() -> new IOException("accessToken: not JSON"));
        Optional<String> token = JsonTree.text(b, "accessToken");
        if (resp.statusCode() != 200 || token.isEmpty()) {
            throw new TokenRefused(JsonTree.text(b, "code").orElse("http_" + resp.statusCode()),
                    JsonTree.text(b, "message").orElse("accessToken refused"));
        }
        return new AccessToken(token.get(), clock.instant().plusSeconds(JsonTree.number(b, "expireIn").orElse(7200L)));
    }


    /** A send that ended without a classifiable platform answer: return {@link #outcome} as it is. */
    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        private final SendOutcome outcome;

        Stop(SendOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    /** A valid token for {@code key}: wrong credentials are {@code Rejected}, anything else {@code RetryLater}. */
    private String token(String key, TokenFetcher fetcher) throws Stop {
        try {
            return tokens.token(key, fetcher);
        } catch (TokenRefused e) {
            throw new Stop(new SendOutcome.Rejected(e.errcode(), e.getMessage()));
        } catch (IOException e) {
            throw new Stop(retry(DEFAULT_BACKOFF, "access token fetch failed: " + e.getClass().getSimpleName()));
        } catch (RuntimeException e) {
            // the token store (Redis in bot-core) failed: nothing was sent
            throw new Stop(retry(DEFAULT_BACKOFF, "token store unavailable: " + e.getClass().getSimpleName()));
        }
    }

    /** Sends {@code req}; transport failures become {@code RetryLater} saying whether delivery is unknown. */
    private HttpResponse<byte[]> exchange(HttpRequest req) throws Stop {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop(retry(SHORT_BACKOFF, "interrupted"));
        } catch (ConnectException e) {
            throw new Stop(retry(DEFAULT_BACKOFF, "connect failed (not sent)"));
        } catch (HttpTimeoutException e) {
            throw new Stop(retry(DEFAULT_BACKOFF, "timeout (delivery unknown)"));
        } catch (IOException e) {
            throw new Stop(retry(DEFAULT_BACKOFF, "transport error (delivery unknown): " + e.getClass().getSimpleName()));
        }
    }

    /** Token endpoints: any failure to get an answer, 429 and 5xx are plain IOExceptions (retry later). */
    private HttpResponse<byte[]> tokenExchange(HttpRequest req) throws IOException {
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

    private static HttpRequest.Builder jsonPost(URI uri, String json) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    /** POST to an old-style API ({@code errcode} bodies): the parsed 200 answer, or a final outcome. */
    private JsonNode postOld(URI uri, String json) throws Stop {
        HttpResponse<byte[]> resp = exchange(jsonPost(uri, json).build());
        int status = resp.statusCode();
        if (status == 429) {
            throw new Stop(retry(retryAfter(resp).orElse(DEFAULT_BACKOFF), "HTTP 429"));
        }
        if (status >= 500) {
            throw new Stop(retry(DEFAULT_BACKOFF, "HTTP " + status));
        }
        Optional<JsonNode> body = JsonTree.object(resp.body());
        if (status != 200 || body.isEmpty()) {
            throw new Stop(new SendOutcome.Rejected("http_" + status, "unexpected response"));
        }
        return body.get();
    }

    private static long errcode(JsonNode answer) throws Stop {
        String raw = JsonTree.text(answer, "errcode").orElse("0");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new Stop(new SendOutcome.Rejected(raw, "non-numeric errcode"));
        }
    }

    private SendOutcome classify(long errcode, JsonNode answer, Optional<String> platformId) {
        String errmsg = JsonTree.text(answer, "errmsg").orElse("");
        if (errcode == 0) {
            return new SendOutcome.Sent(platformId);
        }
        if (errcode == 130101L) {
            return retry(ROBOT_THROTTLE, "throttled by DingTalk (130101): " + errmsg);
        }
        if (THROTTLED.contains(errcode)) {
            return retry(DEFAULT_BACKOFF, "throttled by DingTalk (" + errcode + "): " + errmsg);
        }
        if (errcode == -1) {
            return retry(SHORT_BACKOFF, "DingTalk busy (-1)");
        }
        return new SendOutcome.Rejected(Long.toString(errcode), errmsg);
    }

    private SendOutcome.RetryLater retry(Duration after, String reason) {
        return new SendOutcome.RetryLater(clock.instant().plus(after), reason);
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> resp) {
        return resp.headers().firstValue("Retry-After").filter(s -> s.matches("[0-9]{1,6}"))
                .map(s -> Duration.ofSeconds(Long.parseLong(s)));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
