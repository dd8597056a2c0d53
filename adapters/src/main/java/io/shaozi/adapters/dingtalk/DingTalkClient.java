package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.common.JsonTree;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.common.AccessToken;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.JsonHttp;
import io.shaozi.adapters.common.JsonHttp.Stop;
import io.shaozi.adapters.common.TokenRefused;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound DingTalk calls (docs/platform-notes.md section 4.4): work notifications (corp conversation), custom group robot
 * webhooks (signed) and robot session webhooks. Every call returns a {@link SendOutcome}; nothing
 * is thrown for platform or transport failures. Access tokens (old {@code /gettoken}) are cached through the
 * shared {@link AccessTokenManager} under the key {@code ding:<appKey>}; a token the platform rejects is
 * invalidated and the call retried once. Rate limits (20 a minute per group robot) are the host's: see
 * {@link DingTalkChannel#TYPE}; a platform throttle answer ({@code 130101}) is {@code Throttled} for 10 minutes.
 *
 * <p>Never logs URLs (they carry access tokens), secrets or message bodies.
 */
public final class DingTalkClient {
    private static final Logger LOG = LoggerFactory.getLogger(DingTalkClient.class);
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
    private final Clock clock;
    private final JsonHttp web;
    private final Set<String> allowedWebhookHosts;

    /**
     * Session webhooks allowed to {@code oapi.dingtalk.com} and to {@code apiBase}'s own origin.
     *
     * @param apiBase {@code https://oapi.dingtalk.com} (or a test server)
     */
    public DingTalkClient(URI apiBase, AccessTokenManager tokens, HttpClient http, Clock clock) {
        this(apiBase, OPEN_API, tokens, http, clock, defaultHosts(apiBase));
    }

    public DingTalkClient(URI apiBase, AccessTokenManager tokens, HttpClient http, Clock clock,
                          Set<String> allowedWebhookHosts) {
        this(apiBase, OPEN_API, tokens, http, clock, allowedWebhookHosts);
    }

    /**
     * @param apiBase     old API host {@code https://oapi.dingtalk.com} (gettoken, work notices)
     * @param openApiBase new API host {@link #OPEN_API} (robot send APIs)
     */
    public DingTalkClient(URI apiBase, URI openApiBase, AccessTokenManager tokens, HttpClient http, Clock clock,
                          Set<String> allowedWebhookHosts) {
        this.apiBase = JsonHttp.base(apiBase, "apiBase");
        this.openApiBase = JsonHttp.base(openApiBase, "apiBase");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.web = new JsonHttp(http, clock, DEFAULT_BACKOFF, SHORT_BACKOFF);
        Objects.requireNonNull(allowedWebhookHosts, "allowedWebhookHosts");
        WebhookHosts.validate(allowedWebhookHosts, "allowedWebhookHosts");
        this.allowedWebhookHosts = Set.copyOf(allowedWebhookHosts);
    }

    private static Set<String> defaultHosts(URI apiBase) {
        URI b = JsonHttp.base(apiBase, "apiBase");
        Set<String> hosts = new HashSet<>();
        hosts.add("oapi.dingtalk.com");
        hosts.add(b.getScheme() + "://" + b.getHost() + (b.getPort() == -1 ? "" : ":" + b.getPort()));
        return hosts;
    }

    /**
     * Most userids in one work notice: {@code userid_list} of {@code asyncsend_v2} takes at most 5,000 (the API
     * reference, https://developer.alibaba.com/docs/api.htm?apiId=37692, and "企业发送消息单次最多只能给5000人发送" on
     * https://open.dingtalk.com/document/orgapp/asynchronous-sending-of-enterprise-session-messages, whose parameter
     * table still says 100); outbox recipient specs stay at 100 ({@link DingTalkRecipient}).
     */
    public static final int MAX_WORK_NOTICE_USERS = 5000;

    /**
     * Work notification (工作通知) to up to {@value #MAX_WORK_NOTICE_USERS} userids via {@code asyncsend_v2}; {@code Sent} carries the
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
        if (userIds.isEmpty() || userIds.size() > MAX_WORK_NOTICE_USERS || userIds.stream().anyMatch(u -> u == null
                || u.isBlank() || u.contains(","))) {
            return new SendOutcome.Rejected("config", "userIds must be 1.." + MAX_WORK_NOTICE_USERS
                    + " non-blank ids");
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
            return stop.outcome();
        }
    }

    /**
     * The send result of a work notice ({@code getsendresult}, docs/platform-notes.md section 4.4): which users were
     * invalid, filtered by flow control (forbidden, with the code), failed, read or unread. Never throws; a transient
     * failure is {@code Unavailable} with {@code retry}.
     */
    public WorkNoticeResult workNoticeResult(DingTalkApp app, String taskId) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(taskId, "taskId");
        if (app.agentId().isEmpty()) {
            return new WorkNoticeResult.Unavailable("config", "app " + app.id() + " has no agentId", false);
        }
        if (!taskId.matches("[0-9]{1,18}")) {
            return new WorkNoticeResult.Unavailable("config", "task_id must be a number", false);
        }
        String json = JsonTree.write(JsonTree.obj().put("agent_id", Long.parseLong(app.agentId().get()))
                .put("task_id", Long.parseLong(taskId)));
        String key = "ding:" + app.appKey();
        try {
            for (int attempt = 0; ; attempt++) {
                String token = token(key, () -> fetchToken(app));
                HttpResponse<byte[]> resp = web.exchange(JsonHttp.jsonPost(URI.create(apiBase
                        + "/topapi/message/corpconversation/getsendresult?access_token=" + enc(token)), json).build());
                int status = resp.statusCode();
                Optional<JsonNode> parsed = JsonTree.object(resp.body());
                if (status == 429 || status >= 500 || parsed.isEmpty()) {
                    return new WorkNoticeResult.Unavailable("http_" + status, parsed.isEmpty() ? "answer is not JSON"
                            : "HTTP " + status, true);
                }
                JsonNode answer = parsed.get();
                String raw = JsonTree.text(answer, "errcode").orElse("0");
                long errcode;
                try {
                    errcode = Long.parseLong(raw);
                } catch (NumberFormatException e) {
                    return new WorkNoticeResult.Unavailable(raw, "non-numeric errcode", false);
                }
                if (TOKEN_INVALID.contains(errcode)) {
                    tokens.invalidate(key, token);
                    if (attempt == 0) {
                        continue;
                    }
                    return new WorkNoticeResult.Unavailable(raw, "access token rejected twice", true);
                }
                String errmsg = JsonTree.text(answer, "errmsg").orElse("");
                if (errcode == -1 || THROTTLED.contains(errcode)) {
                    return new WorkNoticeResult.Unavailable(raw, errmsg, true);
                }
                if (status != 200 || errcode != 0) {
                    return new WorkNoticeResult.Unavailable(errcode != 0 ? raw : "http_" + status, errmsg, false);
                }
                JsonNode r = JsonTree.child(answer, "send_result");
                if (!r.isObject()) {
                    return new WorkNoticeResult.Unavailable("no_send_result", "answer has no send_result", true);
                }
                java.util.Map<String, String> codes = new java.util.HashMap<>();
                List<String> forbidden = new java.util.ArrayList<>(users(r, "forbidden_user_id_list"));
                for (JsonNode f : r.path("forbidden_list")) {
                    Optional<String> user = JsonTree.text(f, "userid").filter(u -> !u.isBlank());
                    if (user.isPresent()) {
                        JsonTree.text(f, "code").filter(c -> !c.isBlank()).ifPresent(c -> codes.putIfAbsent(user.get(), c));
                        if (!forbidden.contains(user.get())) {
                            forbidden.add(user.get());
                        }
                    }
                }
                LOG.debug("dingtalk send result app={} task={}", app.id(), taskId);
                return new WorkNoticeResult.Known(users(r, "invalid_user_id_list"), forbidden,
                        users(r, "failed_user_id_list"), users(r, "read_user_id_list"),
                        users(r, "unread_user_id_list"), codes);
            }
        } catch (Stop stop) {
            SendOutcome o = stop.outcome();
            if (o instanceof SendOutcome.Rejected rej) {
                return new WorkNoticeResult.Unavailable(rej.errcode(), rej.errmsg(), false);
            }
            return new WorkNoticeResult.Unavailable("transient", o instanceof SendOutcome.RetryLater r ? r.reason()
                    : "throttled", true);
        }
    }

    private static List<String> users(JsonNode result, String field) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode u : result.path(field)) {
            if (u.isTextual() && !u.asText().isBlank()) {
                out.add(u.asText());
            }
        }
        return out;
    }

    /**
     * Custom group robot webhook ({@code https://oapi.dingtalk.com/robot/send?access_token=…}). With
     * {@code signSecret} ("加签", the {@code SEC…} secret) the {@code timestamp} (ms) and URL-encoded {@code sign}
     * are appended. A throttle answer ({@code 130101}: over 20 a minute, the robot is blocked for 10 minutes) is
     * {@code Throttled} until the block ends.
     */
    public SendOutcome sendToWebhook(URI webhook, Optional<String> signSecret, Outbound message) {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(signSecret, "signSecret");
        Objects.requireNonNull(message, "message");
        if (!JsonHttp.isWebhook(webhook)) {
            return new SendOutcome.Rejected("config", "webhook must be an absolute http(s) URI");
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
            return classify(errcode(answer), answer, Optional.empty());
        } catch (Stop stop) {
            return stop.outcome();
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
            return stop.outcome();
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

    /**
     * DING (an urgent reminder that stays on the recipients' screens until read) from a robot
     * ({@code POST /v1.0/robot/ding/send}, "发送DING消息" in DingTalk's open platform documentation):
     * {@code remindType} 1 in-app, 2 SMS, 3 phone call, to up to 20 userids. {@code Sent} carries the openDingId.
     */
    public SendOutcome sendDing(DingTalkRobot robot, List<String> userIds, String content, int remindType) {
        Objects.requireNonNull(robot, "robot");
        Objects.requireNonNull(userIds, "userIds");
        Objects.requireNonNull(content, "content");
        if (userIds.isEmpty() || userIds.size() > 20 || userIds.stream().anyMatch(u -> u == null || u.isBlank())) {
            return new SendOutcome.Rejected("config", "userIds must be 1..20 non-blank ids");
        }
        if (remindType < 1 || remindType > 3) {
            return new SendOutcome.Rejected("config", "remindType must be 1 (app), 2 (SMS) or 3 (phone)");
        }
        if (content.isBlank()) {
            return new SendOutcome.Rejected("config", "content must not be blank");
        }
        ObjectNode body = JsonTree.MAPPER.createObjectNode();
        body.put("robotCode", robot.appKey()).put("remindType", remindType).put("content", content);
        userIds.forEach(body.putArray("receiverUserIdList")::add);
        return openApiSend(robot, "/v1.0/robot/ding/send", body);
    }

    private SendOutcome openApiSend(DingTalkRobot robot, String path, ObjectNode body) {
        String json = JsonTree.write(body);
        String key = "ding:v1:" + robot.appKey();
        try {
            for (int attempt = 0; ; attempt++) {
                String token = token(key, () -> fetchOpenApiToken(robot));
                HttpResponse<byte[]> resp = web.exchange(JsonHttp.jsonPost(URI.create(openApiBase + path), json)
                        .header("x-acs-dingtalk-access-token", token).build());
                int status = resp.statusCode();
                JsonNode b = JsonTree.object(resp.body()).orElse(JsonTree.MAPPER.missingNode());
                String code = JsonTree.text(b, "code").orElse("");
                if (status == 200) {
                    return new SendOutcome.Sent(JsonTree.text(b, "processQueryKey")
                            .or(() -> JsonTree.text(b, "openDingId")));
                }
                if (code.equals("InvalidAuthentication") || code.startsWith("InvalidAccessToken")) {
                    tokens.invalidate(key, token);
                    if (attempt == 0) {
                        continue;
                    }
                    return retry(SHORT_BACKOFF, "access token rejected twice");
                }
                if (status == 429 || code.contains("QpsLimit") || code.contains("Throttling")) {
                    return retry(JsonHttp.retryAfter(resp).orElse(DEFAULT_BACKOFF),
                            "throttled by DingTalk (" + status + ")");
                }
                if (status >= 500) {
                    return retry(DEFAULT_BACKOFF, "HTTP " + status);
                }
                LOG.debug("dingtalk robot send robot={} status={} code={}", robot.id(), status, code);
                return new SendOutcome.Rejected(code.isEmpty() ? "http_" + status : code,
                        JsonTree.text(b, "message").orElse(""));
            }
        } catch (Stop stop) {
            return stop.outcome();
        }
    }

    /**
     * The userid of the member behind an OAuth code of DingTalk's web login ("获取用户个人信息",
     * https://open.dingtalk.com/document/orgapp/tutorial-obtaining-user-personal-information): the code becomes a user
     * access token ({@code POST /v1.0/oauth2/userAccessToken} with the app's key and secret), which reads the user's
     * unionId ({@code GET /v1.0/contact/users/me}); the app's token turns that into the organisation's userid
     * ({@code POST /topapi/user/getbyunionid}, https://open.dingtalk.com/document/orgapp/query-a-user-by-the-union-id).
     * Empty for a refused code, a user outside the organisation, or any failure (the reader then counts as anonymous).
     */
    public Optional<String> oauthUserId(DingTalkApp app, String code) {
        try {
            String grant = JsonTree.write(JsonTree.obj().put("clientId", app.appKey())
                    .put("clientSecret", app.appSecret()).put("code", code).put("grantType", "authorization_code"));
            HttpResponse<byte[]> token = web.exchange(JsonHttp.jsonPost(URI.create(openApiBase
                    + "/v1.0/oauth2/userAccessToken"), grant).build());
            Optional<String> userToken = JsonTree.object(token.body()).filter(b -> token.statusCode() == 200)
                    .flatMap(b -> JsonTree.text(b, "accessToken"));
            if (userToken.isEmpty()) {
                return Optional.empty();
            }
            HttpResponse<byte[]> me = web.exchange(HttpRequest.newBuilder(URI.create(openApiBase
                    + "/v1.0/contact/users/me")).timeout(JsonHttp.REQUEST_TIMEOUT)
                    .header("x-acs-dingtalk-access-token", userToken.get()).GET().build());
            Optional<String> unionId = JsonTree.object(me.body()).filter(b -> me.statusCode() == 200)
                    .flatMap(b -> JsonTree.text(b, "unionId"));
            if (unionId.isEmpty()) {
                return Optional.empty();
            }
            String key = "ding:" + app.appKey();
            JsonNode answer = postOld(URI.create(apiBase + "/topapi/user/getbyunionid?access_token="
                    + enc(token(key, () -> fetchToken(app)))), JsonTree.write(JsonTree.obj().put("unionid",
                    unionId.get())));
            if (errcode(answer) != 0) {
                return Optional.empty();
            }
            return JsonTree.text(JsonTree.child(answer, "result"), "userid").filter(u -> !u.isBlank());
        } catch (Stop stop) {
            return Optional.empty();
        }
    }

    private AccessToken fetchToken(DingTalkApp app) throws IOException {
        HttpResponse<byte[]> resp = web.tokenExchange(HttpRequest.newBuilder(URI.create(apiBase
                + "/gettoken?appkey=" + enc(app.appKey()) + "&appsecret=" + enc(app.appSecret())))
                .timeout(JsonHttp.REQUEST_TIMEOUT).GET().build());
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
        HttpResponse<byte[]> resp = web.tokenExchange(JsonHttp.jsonPost(URI.create(openApiBase
                + "/v1.0/oauth2/accessToken"), body).build());
        JsonNode b = JsonTree.object(resp.body()).orElseThrow(() -> new IOException("accessToken: not JSON"));
        Optional<String> token = JsonTree.text(b, "accessToken");
        if (resp.statusCode() != 200 || token.isEmpty()) {
            throw new TokenRefused(JsonTree.text(b, "code").orElse("http_" + resp.statusCode()),
                    JsonTree.text(b, "message").orElse("accessToken refused"));
        }
        return new AccessToken(token.get(), clock.instant().plusSeconds(JsonTree.number(b, "expireIn").orElse(7200L)));
    }


    private String token(String key, io.shaozi.adapters.common.TokenFetcher fetcher) throws Stop {
        return web.token(tokens, key, fetcher, "access token fetch");
    }

    /** POST to an old-style API ({@code errcode} bodies): the parsed 200 answer, or a final outcome. */
    private JsonNode postOld(URI uri, String json) throws Stop {
        HttpResponse<byte[]> resp = web.exchange(JsonHttp.jsonPost(uri, json).build());
        int status = resp.statusCode();
        if (status == 429) {
            throw new Stop(retry(JsonHttp.retryAfter(resp).orElse(DEFAULT_BACKOFF), "HTTP 429"));
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
            // the robot is blocked: a hold, not a failed attempt
            return new SendOutcome.Throttled(clock.instant().plus(ROBOT_THROTTLE),
                    "throttled by DingTalk (130101): " + errmsg);
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
        return web.retry(after, reason);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
