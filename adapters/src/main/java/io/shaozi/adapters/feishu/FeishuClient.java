package io.shaozi.adapters.feishu;

import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.JsonHttp;
import io.shaozi.adapters.common.JsonHttp.Stop;
import io.shaozi.adapters.common.TokenRefused;
import io.shaozi.adapters.common.JsonTree;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.common.AccessToken;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.Outbound;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound Feishu/Lark calls (docs/platform-notes.md section 5.7): {@code tenant_access_token} through the shared
 * {@link AccessTokenManager} (key {@code lark:<appId>}) and {@code POST /open-apis/im/v1/messages}. HTTP 429 (or
 * code 99991400) becomes {@code RetryLater} at now + {@code x-ogw-ratelimit-reset} seconds; an invalid token
 * (99991661/99991663/99991664) is invalidated and the call retried once. Never logs tokens or bodies.
 */
public final class FeishuClient {
    private static final Logger LOG = LoggerFactory.getLogger(FeishuClient.class);
    static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(60);
    static final Duration RATE_LIMIT_BACKOFF = Duration.ofSeconds(1);
    private static final Set<Long> TOKEN_INVALID = Set.of(99991661L, 99991663L, 99991664L);
    private static final long RATE_LIMITED = 99991400L;
    private static final long WEBHOOK_RATE_LIMITED = 11232L;

    private final URI apiBase;
    private final AccessTokenManager tokens;
    private final Clock clock;
    private final JsonHttp web;

    /** @param apiBase {@code https://open.feishu.cn} (Feishu) or {@code https://open.larksuite.com} (Lark) */
    public FeishuClient(URI apiBase, AccessTokenManager tokens, HttpClient http, Clock clock) {
        this.apiBase = JsonHttp.base(apiBase, "apiBase");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.web = new JsonHttp(http, clock, DEFAULT_BACKOFF, RATE_LIMIT_BACKOFF);
    }

    /** Sends {@code message} (text, post, or interactive card) without an idempotency key. */
    public SendOutcome send(FeishuApp app, ReceiveIdType type, String receiveId, Outbound message) {
        return send(app, type, receiveId, message, Optional.empty());
    }

    /**
     * Sends {@code message}; {@code uuid} (≤ 50 chars, e.g. the outbox row id) makes Feishu drop a repeat of the
     * same send within about an hour, so an outbox retry after an unknown outcome cannot post twice.
     */
    public SendOutcome send(FeishuApp app, ReceiveIdType type, String receiveId, Outbound message,
                            Optional<String> uuid) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(uuid, "uuid");
        if (receiveId == null || receiveId.isBlank()) {
            return new SendOutcome.Rejected("config", "receiveId must not be blank");
        }
        if (uuid.isPresent() && (uuid.get().isBlank() || uuid.get().length() > 50)) {
            return new SendOutcome.Rejected("config", "uuid must be 1..50 characters");
        }
        ObjectNode body = render(message);
        body.put("receive_id", receiveId);
        uuid.ifPresent(u -> body.put("uuid", u));
        String json = JsonTree.write(body);
        URI uri = URI.create(apiBase + "/open-apis/im/v1/messages?receive_id_type=" + type.wire());
        return authorised(app, token -> JsonHttp.jsonPost(uri, json).header("Authorization", "Bearer " + token).build(),
                data -> new SendOutcome.Sent(JsonTree.text(data, "message_id")));
    }

    /**
     * The open_id of the user behind an OAuth code of the web login: the code becomes a user_access_token
     * ({@code POST /open-apis/authen/v2/oauth/token}, grant {@code authorization_code} with the app's id and secret and
     * the same {@code redirect_uri}, "获取 user_access_token",
     * https://open.feishu.cn/document/authentication-management/access-token/get-user-access-token), which reads the
     * user's identity ({@code GET /open-apis/authen/v1/user_info}, "获取用户信息",
     * https://open.feishu.cn/document/server-docs/authentication-management/login-state-management/get). Empty for a
     * refused or expired code, and on any transport failure (the reader then counts as anonymous).
     */
    public Optional<String> oauthOpenId(FeishuApp app, String code, String redirectUri) {
        ObjectNode body = JsonTree.obj().put("grant_type", "authorization_code").put("client_id", app.appId())
                .put("client_secret", app.appSecret()).put("code", code).put("redirect_uri", redirectUri);
        try {
            HttpResponse<byte[]> token = web.exchange(JsonHttp.jsonPost(URI.create(apiBase
                    + "/open-apis/authen/v2/oauth/token"), JsonTree.write(body)).build());
            Optional<String> access = JsonTree.object(token.body()).filter(n -> n.path("code").asLong(-1) == 0)
                    .flatMap(n -> JsonTree.text(n, "access_token"));
            if (token.statusCode() != 200 || access.isEmpty()) {
                return Optional.empty();
            }
            HttpResponse<byte[]> info = web.exchange(HttpRequest.newBuilder(URI.create(apiBase
                    + "/open-apis/authen/v1/user_info")).timeout(JsonHttp.REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + access.get()).GET().build());
            return JsonTree.object(info.body()).filter(n -> info.statusCode() == 200 && n.path("code").asLong(-1) == 0)
                    .flatMap(n -> JsonTree.text(JsonTree.child(n, "data"), "open_id")).filter(id -> !id.isBlank());
        } catch (Stop stop) {
            return Optional.empty();
        }
    }

    /** Most ids Shaozi puts in one {@code batch_send} call (over all its id lists). */
    public static final int MAX_BATCH = 200;

    /**
     * One message to many users ({@code POST /open-apis/message/v4/batch_send/}, "批量发送消息",
     * https://open.feishu.cn/document/server-docs/im-v1/batch_message/send-messages-in-batches; 50 calls a second,
     * 1,000 a minute, 500,000 messages a day per app): {@code ids} by type ({@code open_ids}, {@code user_ids},
     * {@code union_ids}), at most {@value #MAX_BATCH} in all. Feishu answers a {@code bm-} message id and delivers
     * asynchronously; {@code Sent.notReached} lists the ids it called invalid ({@code invalid_open_ids} …) as
     * {@code <type>:<id>}. HTTP 429 waits for {@code x-ogw-ratelimit-reset}, as every call here.
     */
    public SendOutcome batchSend(FeishuApp app, Map<ReceiveIdType, List<String>> ids, Outbound message) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(message, "message");
        int n = ids.values().stream().mapToInt(List::size).sum();
        if (n == 0 || n > MAX_BATCH || ids.keySet().stream().anyMatch(t -> t != ReceiveIdType.OPEN_ID
                && t != ReceiveIdType.USER_ID && t != ReceiveIdType.UNION_ID)) {
            return new SendOutcome.Rejected("config", "batch_send takes 1.." + MAX_BATCH + " open, user or union ids");
        }
        ObjectNode rendered = render(message);
        String type = rendered.path("msg_type").asText("text");
        JsonNode content = JsonTree.object(rendered.path("content").asText("{}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).orElse(JsonTree.obj());
        ObjectNode body = JsonTree.obj();
        body.put("msg_type", type);
        // batch_send takes the content as an object (not a string); a post is wrapped in "post", a card is "card"
        if ("interactive".equals(type)) {
            body.set("card", content);
        } else if ("post".equals(type)) {
            body.putObject("content").set("post", content);
        } else {
            body.set("content", content);
        }
        ids.forEach((t, list) -> list.forEach(body.withArray(t.wire() + "s")::add));
        String json = JsonTree.write(body);
        URI uri = URI.create(apiBase + "/open-apis/message/v4/batch_send/");
        return authorised(app, token -> JsonHttp.jsonPost(uri, json).header("Authorization", "Bearer " + token).build(),
                data -> {
                    List<String> invalid = new java.util.ArrayList<>();
                    for (ReceiveIdType t : List.of(ReceiveIdType.OPEN_ID, ReceiveIdType.USER_ID,
                            ReceiveIdType.UNION_ID)) {
                        JsonTree.child(data, "invalid_" + t.wire() + "s").forEach(x -> invalid.add(t.wire() + ":"
                                + x.asText()));
                    }
                    return new SendOutcome.Sent(JsonTree.text(data, "message_id"), invalid);
                });
    }

    /**
     * Urgent notice (加急) of a message the app already sent ({@code PATCH
     * /open-apis/im/v1/messages/{message_id}/urgent_app?user_id_type=open_id}, "发送应用内加急" in Feishu's open
     * platform documentation): the message is pinned as urgent for {@code openIds}, who must be in its chat.
     * {@code Sent.notReached} lists the ids Feishu called invalid ({@code invalid_user_id_list}) as {@code open_id:<id>}.
     */
    public SendOutcome urgentApp(FeishuApp app, String messageId, List<String> openIds) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(openIds, "openIds");
        if (messageId == null || !messageId.matches("[A-Za-z0-9_-]{1,100}")) {
            return new SendOutcome.Rejected("config", "messageId must be a Feishu message id (om_…)");
        }
        if (openIds.isEmpty() || openIds.size() > 200 || openIds.stream().anyMatch(u -> u == null || u.isBlank())) {
            return new SendOutcome.Rejected("config", "openIds must be 1..200 non-blank ids");
        }
        ObjectNode body = JsonTree.MAPPER.createObjectNode();
        openIds.forEach(body.putArray("user_id_list")::add);
        String json = JsonTree.write(body);
        URI uri = URI.create(apiBase + "/open-apis/im/v1/messages/" + messageId + "/urgent_app?user_id_type=open_id");
        return authorised(app, token -> HttpRequest.newBuilder(uri).timeout(JsonHttp.REQUEST_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build(), data -> {
                    List<String> invalid = new java.util.ArrayList<>();
                    JsonTree.child(data, "invalid_user_id_list").forEach(n -> invalid.add("open_id:" + n.asText()));
                    return new SendOutcome.Sent(Optional.empty(), invalid);
                });
    }

    /**
     * One call with the app's tenant access token: a rejected token is dropped and the call made once more; HTTP 429
     * or code 99991400 → RetryLater (after {@code x-ogw-ratelimit-reset}), 5xx → RetryLater,
     * code 0 → {@code ok} of the body's {@code data}, any other code → Rejected with Feishu's code and message.
     */
    private SendOutcome authorised(FeishuApp app, java.util.function.Function<String, HttpRequest> request,
                                   java.util.function.Function<JsonNode, SendOutcome> ok) {
        String key = "lark:" + app.appId();
        for (int attempt = 0; ; attempt++) {
            String token;
            HttpResponse<byte[]> resp;
            try {
                token = web.token(tokens, key, () -> fetchToken(app), "tenant_access_token");
                resp = web.exchange(request.apply(token));
            } catch (Stop stop) {
                return stop.outcome();
            }
            int status = resp.statusCode();
            Optional<JsonNode> parsed = JsonTree.object(resp.body());
            long code = parsed.flatMap(b -> JsonTree.text(b, "code")).map(FeishuClient::parseCode).orElse(-1L);
            String msg = parsed.flatMap(b -> JsonTree.text(b, "msg")).orElse("");
            if (status == 429 || code == RATE_LIMITED) {
                Duration wait = resp.headers().firstValue("x-ogw-ratelimit-reset")
                        .filter(v -> v.matches("[0-9]{1,6}")).map(v -> Duration.ofSeconds(Long.parseLong(v)))
                        .filter(d -> !d.isZero()).orElse(RATE_LIMIT_BACKOFF);
                return retry(wait, "rate limited by Feishu (HTTP " + status + ")");
            }
            if (TOKEN_INVALID.contains(code)) {
                tokens.invalidate(key, token);
                if (attempt == 0) {
                    continue;
                }
                return retry(RATE_LIMIT_BACKOFF, "tenant access token rejected twice");
            }
            if (status >= 500) {
                return retry(DEFAULT_BACKOFF, "HTTP " + status);
            }
            if (parsed.isEmpty()) {
                return new SendOutcome.Rejected("http_" + status, "unexpected response");
            }
            LOG.debug("feishu call app={} code={}", app.id(), code);
            if (code == 0 && status == 200) {
                return ok.apply(JsonTree.child(parsed.get(), "data"));
            }
            return new SendOutcome.Rejected(Long.toString(code), msg);
        }
    }

    /**
     * Custom group bot webhook ({@code /open-apis/bot/v2/hook/<id>}, send-only). With {@code signSecret} the
     * body carries {@code timestamp} (seconds) and {@code sign}. Here {@code content} is a JSON object, not a
     * string, and cards go in {@code card}. Throttling (HTTP 429, code 11232) → {@code RetryLater}.
     */
    public SendOutcome sendToWebhook(URI webhook, Optional<String> signSecret, Outbound message) {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(signSecret, "signSecret");
        Objects.requireNonNull(message, "message");
        if (!JsonHttp.isWebhook(webhook)) {
            return new SendOutcome.Rejected("config", "webhook must be an absolute http(s) URI");
        }
        ObjectNode api = render(message);
        ObjectNode body = JsonTree.obj();
        String msgType = api.path("msg_type").asText();
        JsonNode content = JsonTree.object(api.path("content").asText()).orElseThrow();
        body.put("msg_type", msgType);
        if (msgType.equals("interactive")) {
            body.set("card", content);
        } else if (msgType.equals("post")) {
            body.putObject("content").set("post", content);
        } else {
            body.set("content", content);
        }
        signSecret.ifPresent(secret -> {
            String ts = Long.toString(clock.instant().getEpochSecond());
            body.put("timestamp", ts).put("sign", FeishuCrypto.botSign(secret, ts));
        });
        HttpResponse<byte[]> resp;
        try {
            resp = web.exchange(JsonHttp.jsonPost(webhook, JsonTree.write(body)).build());
        } catch (Stop stop) {
            return stop.outcome();
        }
        int status = resp.statusCode();
        Optional<JsonNode> parsed = JsonTree.object(resp.body());
        long code = parsed.flatMap(b -> JsonTree.text(b, "code").or(() -> JsonTree.text(b, "StatusCode")))
                .map(FeishuClient::parseCode).orElse(-1L);
        String msg = parsed.flatMap(b -> JsonTree.text(b, "msg").or(() -> JsonTree.text(b, "StatusMessage"))).orElse("");
        if (status == 429 || code == WEBHOOK_RATE_LIMITED) {
            return retry(DEFAULT_BACKOFF, "webhook rate limited by Feishu");
        }
        if (status >= 500) {
            return retry(DEFAULT_BACKOFF, "HTTP " + status);
        }
        if (status == 200 && code == 0) {
            return new SendOutcome.Sent(Optional.empty());
        }
        return new SendOutcome.Rejected(parsed.isEmpty() ? "http_" + status : Long.toString(code), msg);
    }

    private static long parseCode(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    private AccessToken fetchToken(FeishuApp app) throws IOException {
        String body = JsonTree.write(JsonTree.obj().put("app_id", app.appId()).put("app_secret", app.appSecret()));
        HttpRequest req = JsonHttp.jsonPost(URI.create(apiBase + "/open-apis/auth/v3/tenant_access_token/internal"),
                body).build();
        HttpResponse<byte[]> resp = web.tokenExchange(req);
        JsonNode b = JsonTree.object(resp.body()).orElseThrow(() -> new IOException("tenant_access_token: not JSON"));
        long code = JsonTree.text(b, "code").map(FeishuClient::parseCode).orElse(-1L);
        Optional<String> token = JsonTree.text(b, "tenant_access_token");
        if (code != 0 || token.isEmpty()) {
            throw new TokenRefused(Long.toString(code), JsonTree.text(b, "msg").orElse("tenant_access_token refused"));
        }
        long expire = JsonTree.number(b, "expire").orElse(7200L);
        return new AccessToken(token.get(), clock.instant().plusSeconds(expire));
    }


    private SendOutcome.RetryLater retry(Duration after, String reason) {
        return web.retry(after, reason);
    }

    /**
     * {@code msg_type} and {@code content} (a JSON string): Text → text; Markdown, News, Template → post;
     * Card → interactive card whose buttons open their URLs.
     */
    static ObjectNode render(Outbound out) {
        ObjectNode m = JsonTree.obj();
        if (out instanceof Outbound.Text t) {
            content(m, "text", JsonTree.obj().put("text", t.text()));
        } else if (out instanceof Outbound.Markdown md) {
            ObjectNode post = JsonTree.obj();
            ObjectNode zh = post.putObject("zh_cn").put("title", md.title());
            zh.putArray("content").addArray().addObject().put("tag", "md").put("text", md.text());
            content(m, "post", post);
        } else if (out instanceof Outbound.News n) {
            ObjectNode post = JsonTree.obj();
            ObjectNode zh = post.putObject("zh_cn").put("title", n.articles().isEmpty() ? ""
                    : n.articles().get(0).title());
            ArrayNode rows = zh.putArray("content");
            for (Outbound.Article a : n.articles()) {
                rows.addArray().addObject().put("tag", "a").put("text", a.title()).put("href", a.url());
                if (!a.description().isEmpty()) {
                    rows.addArray().addObject().put("tag", "text").put("text", a.description());
                }
            }
            content(m, "post", post);
        } else if (out instanceof Outbound.Template tp) {
            ObjectNode post = JsonTree.obj();
            ObjectNode zh = post.putObject("zh_cn").put("title", tp.templateId());
            ArrayNode rows = zh.putArray("content");
            for (Map.Entry<String, String> e : new TreeMap<>(tp.data()).entrySet()) {
                rows.addArray().addObject().put("tag", "text").put("text", e.getKey() + ": " + e.getValue());
            }
            if (!tp.url().isBlank()) {
                rows.addArray().addObject().put("tag", "a").put("text", "详情").put("href", tp.url());
            }
            content(m, "post", post);
        } else if (out instanceof Outbound.Card c) {
            ObjectNode card = JsonTree.obj();
            card.putObject("config").put("wide_screen_mode", true);
            card.putObject("header").putObject("title").put("tag", "plain_text").put("content", c.title());
            ArrayNode elements = card.putArray("elements");
            elements.addObject().put("tag", "div").putObject("text").put("tag", "lark_md").put("content", c.text());
            if (!c.buttons().isEmpty()) {
                ArrayNode actions = elements.addObject().put("tag", "action").putArray("actions");
                boolean first = true;
                for (Outbound.Button b : c.buttons()) {
                    ObjectNode btn = actions.addObject().put("tag", "button");
                    btn.putObject("text").put("tag", "plain_text").put("content", b.label());
                    btn.put("type", first ? "primary" : "default").put("url", b.url());
                    first = false;
                }
            }
            content(m, "interactive", card);
        }
        return m;
    }

    private static void content(ObjectNode m, String msgType, ObjectNode content) {
        m.put("msg_type", msgType).put("content", JsonTree.write(content));
    }
}
