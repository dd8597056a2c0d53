package io.shaozi.adapters.generic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.channel.Addresses;
import io.shaozi.adapters.channel.Capability;
import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.ChannelType;
import io.shaozi.adapters.channel.ChatChannel;
import io.shaozi.adapters.channel.ConfigSection;
import io.shaozi.adapters.channel.Delivery;
import io.shaozi.adapters.channel.Endpoint;
import io.shaozi.adapters.channel.HttpCall;
import io.shaozi.adapters.channel.Reception;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Fields;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.JsonHttp;
import io.shaozi.adapters.common.JsonFields;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.common.OutboundJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic JSON webhook {@code POST /webhook/generic} ({@code {"user", "text", "msgId"}}, optionally signed with
 * {@code X-Shaozi-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}), answered with every reply in the response:
 * {@code {"replies": [...], "duplicate": bool}}. Messages that are not the synchronous reply (ticket progress, notices,
 * alerts) are pushed to {@code callbackUrl} when it is set, as {@code {"user": "...", "replies": [...]}} signed the same
 * way; without it the webhook has no push channel. Its account {@value #CHAT_PAGE} is the host's /chat/ page, whose
 * pushes are read from the outbox by the page.
 */
public final class GenericChannel implements ChatChannel {
    /** The account of the host's /chat/ page: its pushes are "sent" by being stored for the page to poll. */
    public static final String CHAT_PAGE = "chat";
    /** The account of {@code /webhook/generic}: its users are pushed to {@code channels.generic.callbackUrl}. */
    public static final String WEBHOOK = "generic";
    public static final int MAX_ID = 128;
    public static final int MAX_TEXT = 4000;

    /**
     * @param secret          HMAC-SHA256 key of {@code X-Shaozi-Signature}, inbound and on pushes; empty: unsigned
     * @param callbackUrl     where pushes are POSTed (an http(s) URL); empty: no push channel (pushes are rejected)
     * @param callbackTimeout how long one push POST may take before it counts as failed (tried again later)
     */
    public record Settings(String secret, String callbackUrl, Duration callbackTimeout) {
        public static final int DEFAULT_CALLBACK_TIMEOUT_MILLIS = 5_000;

        public Settings {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(callbackUrl, "callbackUrl");
            Objects.requireNonNull(callbackTimeout, "callbackTimeout");
            if (!callbackUrl.isEmpty() && !JsonHttp.isWebhook(URI.create(callbackUrl))) {
                throw new IllegalArgumentException("callbackUrl must be an absolute http(s) URL");
            }
            if (callbackTimeout.isNegative() || callbackTimeout.isZero()) {
                throw new IllegalArgumentException("callbackTimeout must be positive");
            }
        }

        /** Without a push callback. */
        public Settings(String secret) {
            this(secret, "", Duration.ofMillis(DEFAULT_CALLBACK_TIMEOUT_MILLIS));
        }

        static Settings read(ConfigSection s) {
            String url = s.url("callbackUrl", "");
            if (!url.isEmpty() && !JsonHttp.isWebhook(URI.create(url))) {
                throw s.error("callbackUrl", "\"" + url + "\" must be an http(s) URL");
            }
            int timeout = s.int32("callbackTimeoutMillis", DEFAULT_CALLBACK_TIMEOUT_MILLIS, 100, 60_000);
            return new Settings(s.string("secret", ""), url, Duration.ofMillis(timeout));
        }

        public boolean signed() {
            return !secret.isEmpty();
        }

        /** Whether messages for webhook users are pushed to {@link #callbackUrl}. */
        public boolean pushes() {
            return !callbackUrl.isEmpty();
        }

        @Override
        public String toString() {
            // the callback URL may carry a token in its query: only its origin is shown
            return "Generic[secret=****, callback=" + (pushes() ? origin(callbackUrl) : "none")
                    + ", callbackTimeoutMillis=" + callbackTimeout.toMillis() + "]";
        }

        private static String origin(String url) {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        }
    }

    public static final ChannelType<Settings> TYPE = new ChannelType<>(Channel.GENERIC, Set.of(Capability.PUSH),
            List.of(), new Addresses() {
                @Override
                public Optional<String> user(String account, String user) {
                    return CHAT_PAGE.equals(account) ? Optional.of(user) : Optional.empty();
                }

                @Override
                public Optional<String> problem(String recipient) {
                    return Fields.idProblem("recipient", recipient, MAX_ID);
                }
            }, Settings::read, GenericChannel::new);

    /** When to try a push again after a transport failure or a 5xx without Retry-After. */
    static final Duration BACKOFF = Duration.ofSeconds(30);

    private final Settings settings;
    private final Clock clock;
    private final JsonHttp web;

    public GenericChannel(Settings settings, ChannelContext context) {
        this.settings = settings;
        this.clock = context.clock();
        this.web = new JsonHttp(context.http(), clock, BACKOFF, Duration.ofSeconds(5));
    }

    @Override
    public ChannelType<?> type() {
        return TYPE;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.post("/webhook/generic", this::receive));
    }

    Reception receive(HttpCall call) {
        if (settings.signed()) {
            String given = call.header("X-Shaozi-Signature").orElse("");
            if (given.isEmpty()) {
                return new Reception.Refused(401, "missing X-Shaozi-Signature");
            }
            if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                    ("sha256=" + hmacHex(settings.secret(), call.body())).getBytes(StandardCharsets.UTF_8))) {
                return new Reception.Refused(401, "bad X-Shaozi-Signature");
            }
        }
        try {
            JsonNode body = JsonFields.parse(call.body());
            if (!body.isObject()) {
                return new Reception.Refused(400, "body must be a JSON object with user, text and msgId");
            }
            String user = JsonFields.requiredId(body, "user", MAX_ID);
            String msgId = JsonFields.requiredId(body, "msgId", MAX_ID);
            Origin origin = new Origin(Channel.GENERIC, WEBHOOK, user, msgId, clock.instant());
            return new Reception.Message(new Inbound.Text(origin, text(body)),
                    new Reception.InResponse(Optional.empty(), GenericChannel::replies));
        } catch (JsonFields.BadInput e) {
            return new Reception.Refused(400, e.getMessage());
        }
    }

    /** The {@code text} field: a resident's text keeps its words, control characters dropped, cut to {@link #MAX_TEXT}. */
    public static String text(JsonNode body) {
        return Fields.text(JsonFields.requiredText(body, "text", Integer.MAX_VALUE), MAX_TEXT);
    }

    /** Every reply in the response: {@code {"replies": [...], "duplicate": bool}}. */
    public static Reception.Answer replies(List<Outbound> replies, boolean repeat) {
        ObjectNode n = JsonFields.MAPPER.createObjectNode();
        n.putArray("replies").addAll(OutboundJson.toJson(replies));
        n.put("duplicate", repeat);
        return new Reception.Answer(200, Reception.Answer.JSON, n.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The chat page's users, and the webhook's users when {@code callbackUrl} is set (their pushes go there); a
     * webhook without a callback cannot push.
     */
    @Override
    public Optional<String> userAddress(String account, String user) {
        return CHAT_PAGE.equals(account) || WEBHOOK.equals(account) && settings.pushes() ? Optional.of(user)
                : Optional.empty();
    }

    /**
     * The chat page's pushes are stored for the page to poll (nothing to send). A webhook user's push is POSTed to
     * {@code callbackUrl} as {@code {"user": "...", "replies": [...]}}, signed like the inbound requests: 2xx is
     * sent; 408, 429 and 5xx (after {@code Retry-After} when given) and transport failures are tried again later;
     * any other answer is final.
     */
    @Override
    public SendOutcome send(Delivery d) {
        if (CHAT_PAGE.equals(d.account())) {
            return SendOutcome.Sent.ok();
        }
        if (!WEBHOOK.equals(d.account())) {
            return new SendOutcome.Rejected("config", "the generic channel has no account \"" + d.account()
                    + "\" (only " + WEBHOOK + " and " + CHAT_PAGE + ")");
        }
        if (!settings.pushes()) {
            return new SendOutcome.Rejected("config",
                    "the generic webhook has no push channel: channels.generic.callbackUrl is not set");
        }
        byte[] body = pushBody(d.recipient(), d.payload());
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(settings.callbackUrl()))
                .timeout(settings.callbackTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.signed()) {
            req.header("X-Shaozi-Signature", "sha256=" + hmacHex(settings.secret(), body));
        }
        d.dedupeKey().ifPresent(k -> req.header("X-Shaozi-Delivery", k));
        HttpResponse<byte[]> resp;
        try {
            resp = web.exchange(req.build());
        } catch (JsonHttp.Stop stop) {
            return stop.outcome();
        }
        int status = resp.statusCode();
        if (status >= 200 && status < 300) {
            return SendOutcome.Sent.ok();
        }
        if (status == 429 || status == 408 || status >= 500) {
            Duration after = JsonHttp.retryAfter(resp).orElse(BACKOFF);
            return web.retry(after, "callback answered HTTP " + status);
        }
        return new SendOutcome.Rejected("http_" + status, "the callback refused the push");
    }

    /** A push as POSTed to the callback: {@code {"user": "...", "replies": [{"type": "text", ...}]}}. */
    public static byte[] pushBody(String user, Outbound payload) {
        ObjectNode n = JsonFields.MAPPER.createObjectNode();
        n.put("user", user);
        n.putArray("replies").addAll(OutboundJson.toJson(List.of(payload)));
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
