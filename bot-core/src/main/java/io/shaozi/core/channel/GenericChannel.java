package io.shaozi.core.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.common.Fields;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.InputGate;
import io.shaozi.core.http.Json;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic JSON webhook {@code POST /webhook/generic} ({@code {"user", "text", "msgId"}}, optionally
 * signed with {@code X-Shaozi-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}). The chat page's API
 * ({@link ChatEndpoint}) shares its field checks and pipeline call.
 */
public final class GenericChannel {
    static final int MAX_ID = 128;
    static final int MAX_TEXT = 4000;

    private final InboundPipeline pipeline;
    private final String secret;
    private final Clock clock;

    public GenericChannel(InboundPipeline pipeline, String secret, Clock clock) {
        this.pipeline = pipeline;
        this.secret = secret;
        this.clock = clock;
    }

    public void routes(Router router) {
        router.post("/webhook/generic", this::webhook);
    }

    WebResponse webhook(WebRequest req) {
        if (!secret.isEmpty()) {
            String given = req.header("X-Shaozi-Signature").orElse("");
            if (given.isEmpty()) {
                throw new HttpError(401, "missing X-Shaozi-Signature");
            }
            if (!constantTimeEquals(given, "sha256=" + hmacHex(secret, req.body()))) {
                throw new HttpError(401, "bad X-Shaozi-Signature");
            }
        }
        return deliver(req, "generic");
    }

    private WebResponse deliver(WebRequest req, String account) {
        JsonNode body = Json.parse(req.body());
        if (!body.isObject()) {
            throw HttpError.badRequest("body must be a JSON object with user, text and msgId");
        }
        String user = field(body, "user", MAX_ID);
        String msgId = field(body, "msgId", MAX_ID);
        return answer(pipeline, new Origin(Channel.GENERIC, account, user, msgId, clock.instant()), text(body));
    }

    /** The {@code text} field: a resident's text keeps its words, control characters dropped, cut to {@link #MAX_TEXT}. */
    static String text(JsonNode body) {
        return Fields.text(InputGate.requiredText(body, "text", Integer.MAX_VALUE), MAX_TEXT);
    }

    /**
     * Runs a text message through the pipeline; {@code {"replies": [...], "duplicate": bool}}. The chat page polls
     * the outbox for replies that come late (after a crash, from the recovery sweep); the webhook's caller gets them
     * by retrying. Work still in progress elsewhere, or a store outage, is a 503 to retry.
     */
    static WebResponse answer(InboundPipeline pipeline, Origin origin, String text) {
        InboundPipeline.Route route = "chat".equals(origin.account())
                ? new InboundPipeline.Route(java.util.Optional.of(origin.user()), Integer.MAX_VALUE)
                : InboundPipeline.Route.inResponse();
        InboundPipeline.Result result;
        try {
            result = pipeline.handle(new Inbound.Text(origin, text), route);
        } catch (RuntimeException e) {
            throw InboundPipeline.failure("generic", e);
        }
        if (result instanceof InboundPipeline.Result.InProgress) {
            throw HttpError.retryLater("this message is still being processed; retry shortly");
        }
        return WebResponse.json(200, Map.of("replies", Replies.toJson(result.replies()),
                "duplicate", result instanceof InboundPipeline.Result.Redelivered));
    }

    static String field(JsonNode body, String name, int maxLength) {
        return InputGate.requiredId(body, name, maxLength);
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

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
