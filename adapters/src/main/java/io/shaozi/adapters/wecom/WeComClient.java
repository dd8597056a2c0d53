package io.shaozi.adapters.wecom;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * App messages of one WeCom self-built app ({@code POST /cgi-bin/message/send}, docs/platform-notes.md section 3.6).
 * Thread-safe; every send returns a {@link SendOutcome} (never throws for platform or network errors).
 *
 * <ul>
 *   <li>access_token via {@code /cgi-bin/gettoken} under {@link WeComApp#tokenKey()} (per CorpID and app);
 *       40001/40014/42001: compare-and-invalidate, refresh, retry once.</li>
 *   <li>Partial failures reported with {@code errcode 0} ({@code invaliduser}, {@code invalidparty},
 *       {@code invalidtag}, {@code unlicenseduser}) are {@link SendOutcome.Sent} naming who was not reached.</li>
 *   <li>45009 / 45011 (frequency) block the API for 60 s, 45033 (concurrency) and -1 ask for a retry in 5 s;
 *       81013 (all recipients invalid) and every other errcode are permanent.</li>
 *   <li>Optional platform-side duplicate check ({@code enable_duplicate_check}) for retried pushes.</li>
 * </ul>
 */
public final class WeComClient {
    public static final URI DEFAULT_BASE = URI.create("https://qyapi.weixin.qq.com");
    /** API name. */
    public static final String MESSAGE_SEND = "message/send";

    /**
     * @param requestTimeout per-request timeout
     * @param duplicateCheck {@code duplicate_check_interval} (zero: no duplicate check; WeCom allows up to 4 h)
     */
    public record Options(Duration requestTimeout, Duration duplicateCheck) {
        public Options {
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(duplicateCheck, "duplicateCheck");
        }

        /** 5 s timeout, duplicate check over 30 min. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(5), Duration.ofMinutes(30));
        }
    }

    private final WeComApp app;
    private final HttpClient http;
    private final Clock clock;
    private final Options options;
    private final CgiBinApi api;

    public WeComClient(WeComApp app, URI apiBase, AccessTokenManager tokens, HttpClient http, Clock clock) {
        this(app, apiBase, tokens, http, clock, Options.defaults());
    }

    public WeComClient(WeComApp app, URI apiBase, AccessTokenManager tokens, HttpClient http, Clock clock,
                       Options options) {
        this.app = Objects.requireNonNull(app, "app");
        if (app.secret().isEmpty()) {
            throw new IllegalArgumentException("secret must not be empty for outbound calls");
        }
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.api = new CgiBinApi("wecom:" + app.id(), Objects.requireNonNull(apiBase, "apiBase"), tokens, app.tokenKey(), force -> fetcher(), http, clock,
                options.requestTimeout(), new Policy());
    }

    /**
     * Outbox entry point: {@code recipientSpec} is {@link Recipients#spec()} (e.g. {@code user:u1|u2;party:3});
     * an unreadable spec is {@link SendOutcome.Rejected} with errcode -2 (nothing is sent).
     */
    /**
     * Downloads temporary media (images, voice: AMR), kept by WeCom for 3 days: {@code GET /cgi-bin/media/get}; reads at most {@code maxBytes}, a JSON body is the
     * platform's error (40007 invalid media_id: permanent).
     */
    public CgiBinApi.Download media(String mediaId, int maxBytes) {
        return api.media(Objects.requireNonNull(mediaId, "mediaId"), maxBytes);
    }

    /**
     * The member behind an OAuth code of the web login ({@code GET /cgi-bin/auth/getuserinfo}, "获取访问用户身份",
     * https://developer.work.weixin.qq.com/document/path/91023): their UserID; empty for a refused or expired code and
     * for a visitor who is not a member (WeCom answers an {@code openid} then).
     */
    public Optional<String> oauthUser(String code) {
        CgiBinApi.Result r = api.get("auth/getuserinfo", "code=" + java.net.URLEncoder.encode(code,
                java.nio.charset.StandardCharsets.UTF_8));
        if (r instanceof CgiBinApi.Ok ok) {
            String user = ok.body().path("userid").asText(ok.body().path("UserId").asText(""));
            return user.isBlank() ? Optional.empty() : Optional.of(user);
        }
        return Optional.empty();
    }

    /** The app's corp id and agent id (the web login's authorize URL names them). */
    WeComApp app() {
        return app;
    }

    public SendOutcome send(String recipientSpec, Outbound payload) {
        Recipients to;
        try {
            to = Recipients.parse(recipientSpec);
        } catch (IllegalArgumentException e) {
            return new SendOutcome.Rejected("-2", "/cgi-bin/" + MESSAGE_SEND + ": bad recipient spec: " + e.getMessage());
        }
        return sendAppMessage(to, payload);
    }

    /**
     * Sends an app message. {@link Outbound.Text} → text, {@link Outbound.Markdown} → markdown,
     * {@link Outbound.Card} with a button → textcard (first button), {@link Outbound.News} → news (≤ 8
     * articles); anything else → text.
     */
    public SendOutcome sendAppMessage(Recipients to, Outbound msg) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(msg, "msg");
        ObjectNode body = CgiBinApi.JSON.createObjectNode();
        if (!to.users().isEmpty()) {
            body.put("touser", String.join("|", to.users()));
        }
        if (!to.parties().isEmpty()) {
            body.put("toparty", String.join("|", to.parties()));
        }
        if (!to.tags().isEmpty()) {
            body.put("totag", String.join("|", to.tags()));
        }
        body.put("agentid", Long.parseLong(app.agentId()));
        if (msg instanceof Outbound.Markdown m) {
            String content = m.title().isBlank() || m.text().contains(m.title()) ? m.text() : "**" + m.title() + "**\n" + m.text();
            body.put("msgtype", "markdown");
            body.putObject("markdown").put("content", WxReply.truncateUtf8(content, 4000));
        } else if (msg instanceof Outbound.Card c && !c.buttons().isEmpty()) {
            Outbound.Button first = c.buttons().get(0);
            body.put("msgtype", "textcard");
            body.putObject("textcard").put("title", WxReply.truncateUtf8(c.title(), 128))
                    .put("description", WxReply.truncateUtf8(c.text(), 512)).put("url", first.url())
                    .put("btntxt", WxReply.truncateUtf8(first.label(), 12));
        } else if (msg instanceof Outbound.News n && !n.articles().isEmpty()) {
            body.put("msgtype", "news");
            ArrayNode arts = body.putObject("news").putArray("articles");
            n.articles().stream().limit(8).forEach(a -> arts.addObject().put("title", a.title())
                    .put("description", a.description()).put("url", a.url()).put("picurl", a.picUrl()));
        } else {
            body.put("msgtype", "text");
            body.putObject("text").put("content", WxReply.truncateUtf8(WxReply.plainText(msg), 2048));
        }
        body.put("safe", 0);
        if (!options.duplicateCheck().isZero()) {
            body.put("enable_duplicate_check", 1);
            body.put("duplicate_check_interval", options.duplicateCheck().getSeconds());
        }
        CgiBinApi.Result r = api.post(MESSAGE_SEND, body);
        if (r instanceof CgiBinApi.Ok ok) {
            return sent(ok.body());
        }
        if (r instanceof CgiBinApi.Retry retry) {
            return new SendOutcome.RetryLater(retry.notBefore(), retry.reason());
        }
        return CgiBinApi.rejected((CgiBinApi.Fail) r);
    }

    private static SendOutcome sent(JsonNode body) {
        JsonNode idNode = body.get("msgid");
        Optional<String> id = idNode == null || idNode.isNull() || idNode.asText().isEmpty()
                ? Optional.empty() : Optional.of(idNode.asText());
        List<String> users = split(body.path("invaliduser").asText(""));
        List<String> parties = split(body.path("invalidparty").asText(""));
        List<String> tags = split(body.path("invalidtag").asText(""));
        List<String> unlicensed = split(body.path("unlicenseduser").asText(""));
        List<String> notReached = new ArrayList<>();
        users.forEach(u -> notReached.add("user:" + u));
        parties.forEach(p -> notReached.add("party:" + p));
        tags.forEach(t -> notReached.add("tag:" + t));
        unlicensed.forEach(u -> notReached.add("unlicensed:" + u));
        return new SendOutcome.Sent(id, notReached);
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split("\\|")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }

    private TokenFetcher fetcher() {
        return () -> {
            URI uri = URI.create(api.base() + "/cgi-bin/gettoken?corpid=" + URLEncoder.encode(app.corpId(), StandardCharsets.UTF_8)
                    + "&corpsecret=" + URLEncoder.encode(app.secret(), StandardCharsets.UTF_8));
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(options.requestTimeout()).GET().build();
            return CgiBinApi.parseToken(CgiBinApi.fetch(http, req), clock, "/cgi-bin/gettoken");
        };
    }

    /** WeCom error semantics. */
    private static final class Policy implements CgiBinApi.ErrorPolicy {
        @Override
        public Optional<Instant> retryAt(int errcode, Instant now) {
            switch (errcode) {
                case -1:
                case 45033:
                    return Optional.of(now.plusSeconds(5));
                case 45009:
                case 45011:
                    return Optional.of(now.plusSeconds(60));
                default:
                    return Optional.empty();
            }
        }

        @Override
        public boolean blocksApi(int errcode) {
            return errcode == 45009 || errcode == 45011;
        }
    }
}
