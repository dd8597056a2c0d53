package io.shaozi.adapters.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.common.TokenFetcher;
import io.shaozi.adapters.tencent.CgiBinApi;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.tencent.WxReply;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Outbound calls of one Official Account (docs/platform-notes.md section 2.6–2.7): customer-service messages (客服消息),
 * template messages and subscription notices. Thread-safe; every send returns a {@link SendOutcome}
 * (never throws for platform or network errors).
 *
 * <ul>
 *   <li>access_token from {@link AccessTokenManager} under the key {@link WeChatAccount#tokenKey()}: cached,
 *       refreshed before expiry, one refresher per account; {@code stable_token} by default.</li>
 *   <li>40001/40014/42001: compare-and-invalidate, fetch with {@code force_refresh}, retry once.</li>
 *   <li>45009 (daily quota) blocks the API until midnight Beijing time, 45011 (frequency) for 60 s, -1 (busy)
 *       asks for a retry in 5 s; 45015 (outside 48 h), 45047, 43004 and every other errcode are permanent.</li>
 *   <li>Rate limits per API are the host's ({@link WeChatChannel#TYPE} declares them).</li>
 *   <li>Never logs the access_token, the AppSecret or a full request URL.</li>
 * </ul>
 */
public final class WeChatClient {
    /** Production API base. */
    public static final URI DEFAULT_BASE = URI.create("https://api.weixin.qq.com");
    /** API names. */
    public static final String CUSTOM_SEND = "message/custom/send";
    public static final String TEMPLATE_SEND = "message/template/send";
    public static final String SUBSCRIBE_SEND = "message/subscribe/bizsend";
    public static final String MASS_SEND = "message/mass/send";
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    /** Which token endpoint to use. */
    public enum TokenApi {
        /** {@code POST /cgi-bin/stable_token} (recommended: repeated calls return the same token). */
        STABLE,
        /** {@code GET /cgi-bin/token} (every call issues a new token and soon invalidates the previous one). */
        CLASSIC
    }

    /**
     * @param requestTimeout per-request timeout (connect timeout belongs to the {@link HttpClient})
     * @param tokenApi       token endpoint
     */
    public record Options(Duration requestTimeout, TokenApi tokenApi) {
        public Options {
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(tokenApi, "tokenApi");
        }

        /** 5 s timeout, stable token. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(5), TokenApi.STABLE);
        }
    }

    private final WeChatAccount account;
    private final HttpClient http;
    private final Clock clock;
    private final Options options;
    private final CgiBinApi api;

    public WeChatClient(WeChatAccount account, URI apiBase, AccessTokenManager tokens, HttpClient http, Clock clock) {
        this(account, apiBase, tokens, http, clock, Options.defaults());
    }

    public WeChatClient(WeChatAccount account, URI apiBase, AccessTokenManager tokens, HttpClient http, Clock clock,
                        Options options) {
        this.account = Objects.requireNonNull(account, "account");
        if (account.appSecret().isEmpty()) {
            throw new IllegalArgumentException("appSecret must not be empty for outbound calls");
        }
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.api = new CgiBinApi("wechat:" + account.id(), Objects.requireNonNull(apiBase, "apiBase"), tokens,
                account.tokenKey(), this::fetcher, http, clock, options.requestTimeout(), new Policy());
    }

    /**
     * Outbox entry point: {@link Outbound.Template} → {@link #sendTemplate}, everything else →
     * {@link #sendCustomerService}. {@code openId} is the outbox row's {@code recipient}.
     */
    /**
     * Downloads temporary media (images, voice: AMR, or speex from the JS-SDK), kept by WeChat for 3 days: {@code GET /cgi-bin/media/get}; reads at most {@code maxBytes}, a JSON body is the
     * platform's error (40007 invalid media_id: permanent).
     */
    public CgiBinApi.Download media(String mediaId, int maxBytes) {
        return api.media(Objects.requireNonNull(mediaId, "mediaId"), maxBytes);
    }

    public SendOutcome send(String openId, Outbound payload) {
        if (payload instanceof Outbound.Template t) {
            return sendTemplate(openId, t);
        }
        if (payload instanceof Outbound.Mass m) {
            return sendMass(List.of(openId), m);
        }
        return sendCustomerService(openId, payload);
    }

    /**
     * Customer-service message to {@code openId} (inside the 48 h window opened by the user). Text and news
     * (first article) natively; other kinds as text.
     */
    public SendOutcome sendCustomerService(String openId, Outbound msg) {
        Objects.requireNonNull(openId, "openId");
        Objects.requireNonNull(msg, "msg");
        ObjectNode body = CgiBinApi.JSON.createObjectNode();
        body.put("touser", openId);
        if (msg instanceof Outbound.News n && !n.articles().isEmpty()) {
            Outbound.Article a = n.articles().get(0);
            body.put("msgtype", "news");
            ArrayNode arts = body.putObject("news").putArray("articles");
            arts.addObject().put("title", a.title()).put("description", a.description()).put("url", a.url())
                    .put("picurl", a.picUrl());
        } else {
            body.put("msgtype", "text");
            body.putObject("text").put("content", WxReply.truncateUtf8(WxReply.plainText(msg), WxReply.MAX_TEXT_BYTES));
        }
        return outcome(api.post(CUSTOM_SEND, body));
    }

    /** Template message ({@code url} sent when non-empty); {@code data} values go to {@code {"<key>":{"value":…}}}. */
    public SendOutcome sendTemplate(String openId, Outbound.Template template) {
        ObjectNode body = templateBody(openId, template);
        if (!template.url().isBlank()) {
            body.put("url", template.url());
        }
        return outcome(api.post(TEMPLATE_SEND, body));
    }

    /**
     * 服务号 mass send of text to an OpenID list ({@code message/mass/send}, 2-10,000 OpenIDs in WeChat's documentation;
     * one OpenID is sent as the list twice over is refused, so a single recipient is repeated: WeChat delivers a
     * message once per user). Each user receives at most 4 mass sends a calendar month; 45009 (quota), 45011
     * (frequency) and 45028 (no mass-send quota left, until the next month) are retried later.
     */
    public SendOutcome sendMass(List<String> openIds, Outbound.Mass msg) {
        Objects.requireNonNull(msg, "msg");
        ObjectNode body = CgiBinApi.JSON.createObjectNode();
        ArrayNode to = body.putArray("touser");
        openIds.forEach(to::add);
        if (openIds.size() == 1) {
            to.add(openIds.get(0));
        }
        body.put("msgtype", "text");
        body.putObject("text").put("content", WxReply.truncateUtf8(msg.text(), WxReply.MAX_TEXT_BYTES));
        return outcome(api.post(MASS_SEND, body));
    }

    /**
     * The OpenID behind a code of the web login ({@code snsapi_base}, "网页授权",
     * https://developers.weixin.qq.com/doc/service/guide/h5/auth.html): {@code GET /sns/oauth2/access_token?appid=…
     * &secret=…&code=…&grant_type=authorization_code} → {@code openid}. Empty for a refused code or any failure.
     */
    public Optional<String> oauthOpenId(String code) {
        URI uri = URI.create(api.base() + "/sns/oauth2/access_token?appid=" + enc(account.appId()) + "&secret="
                + enc(account.appSecret()) + "&code=" + enc(code) + "&grant_type=authorization_code");
        try {
            JsonNode b = CgiBinApi.fetch(http, java.net.http.HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5)).GET().build());
            String openId = b.path("openid").asText("");
            return b.path("errcode").asInt(0) == 0 && !openId.isBlank() ? Optional.of(openId) : Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String enc(String v) {
        return java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The account (its appId names the web login). */
    WeChatAccount account() {
        return account;
    }

    /** Subscription notice (订阅通知); {@code template.url()} is sent as {@code page} when non-empty. */
    public SendOutcome sendSubscribe(String openId, Outbound.Template template) {
        ObjectNode body = templateBody(openId, template);
        if (!template.url().isBlank()) {
            body.put("page", template.url());
        }
        return outcome(api.post(SUBSCRIBE_SEND, body));
    }

    private static ObjectNode templateBody(String openId, Outbound.Template template) {
        Objects.requireNonNull(openId, "openId");
        Objects.requireNonNull(template, "template");
        ObjectNode body = CgiBinApi.JSON.createObjectNode();
        body.put("touser", openId);
        body.put("template_id", template.templateId());
        ObjectNode data = body.putObject("data");
        new TreeMap<>(template.data()).forEach((k, v) -> data.putObject(k).put("value", v));
        return body;
    }

    private static SendOutcome outcome(CgiBinApi.Result r) {
        if (r instanceof CgiBinApi.Ok ok) {
            // template and subscribe sends answer "msgid", mass sends "msg_id" (MASSSENDJOBFINISH names it MsgID)
            JsonNode id = ok.body().has("msgid") ? ok.body().get("msgid") : ok.body().get("msg_id");
            return new SendOutcome.Sent(id == null || id.isNull() ? Optional.empty() : Optional.of(id.asText()));
        }
        if (r instanceof CgiBinApi.Retry retry) {
            return new SendOutcome.RetryLater(retry.notBefore(), retry.reason());
        }
        return CgiBinApi.rejected((CgiBinApi.Fail) r);
    }

    private TokenFetcher fetcher(boolean forceRefresh) {
        if (options.tokenApi() == TokenApi.CLASSIC) {
            return () -> {
                URI uri = URI.create(api.base() + "/cgi-bin/token?grant_type=client_credential&appid="
                        + URLEncoder.encode(account.appId(), StandardCharsets.UTF_8) + "&secret="
                        + URLEncoder.encode(account.appSecret(), StandardCharsets.UTF_8));
                HttpRequest req = HttpRequest.newBuilder(uri).timeout(options.requestTimeout()).GET().build();
                return CgiBinApi.parseToken(CgiBinApi.fetch(http, req), clock, "/cgi-bin/token");
            };
        }
        return () -> {
            ObjectNode body = CgiBinApi.JSON.createObjectNode();
            body.put("grant_type", "client_credential").put("appid", account.appId())
                    .put("secret", account.appSecret()).put("force_refresh", forceRefresh);
            HttpRequest req = HttpRequest.newBuilder(URI.create(api.base() + "/cgi-bin/stable_token"))
                    .timeout(options.requestTimeout()).header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(CgiBinApi.JSON.writeValueAsBytes(body))).build();
            return CgiBinApi.parseToken(CgiBinApi.fetch(http, req), clock, "/cgi-bin/stable_token");
        };
    }

    /** WeChat MP error semantics. */
    private static final class Policy implements CgiBinApi.ErrorPolicy {
        @Override
        public Optional<Instant> retryAt(int errcode, Instant now) {
            switch (errcode) {
                case -1:
                    return Optional.of(now.plusSeconds(5));
                case 45009:
                    return Optional.of(LocalDate.ofInstant(now, BEIJING).plusDays(1).atStartOfDay(BEIJING).toInstant());
                case 45011:
                    return Optional.of(now.plusSeconds(60));
                case 45028:
                    // no mass-send quota left for the account: WeChat's quotas are per calendar month
                    return Optional.of(LocalDate.ofInstant(now, BEIJING).withDayOfMonth(1).plusMonths(1)
                            .atStartOfDay(BEIJING).toInstant());
                default:
                    return Optional.empty();
            }
        }

        @Override
        public boolean blocksApi(int errcode) {
            return errcode == 45009 || errcode == 45011 || errcode == 45028;
        }
    }
}
