package io.shaozi.core.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Fields;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.InputGate;
import io.shaozi.core.http.Json;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.store.ChatMailboxJdbc;
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
 * signed with {@code X-Shaozi-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}) and the chat page's
 * unsigned twin {@code POST /chat/api/messages}, which uses the same pipeline under account "chat".
 */
public final class GenericChannel {
    static final int MAX_ID = 128;
    static final int MAX_TEXT = Fields.MAX_TEXT;

    private final InboundPipeline pipeline;
    private final String secret;
    private final Clock clock;
    private final ChatMailboxJdbc mailbox;

    public GenericChannel(InboundPipeline pipeline, String secret, Clock clock, ChatMailboxJdbc mailbox) {
        this.pipeline = pipeline;
        this.secret = secret;
        this.clock = clock;
        this.mailbox = mailbox;
    }

    public void routes(Router router) {
        router.post("/webhook/generic", this::webhook);
        router.post("/chat/api/messages", this::chat);
        router.get("/chat/api/messages", this::poll);
    }

    /**
     * {@code GET /chat/api/messages?user=U&after=N}: messages pushed to a chat-page user (status changes, rating
     * surveys) after number N of the user's delivery sequence, with {@code last}, the cursor for the next poll.
     * Without {@code after}, returns nothing and the cursor to start from.
     */
    WebResponse poll(WebRequest req) {
        String user = InputGate.id("user", req.param("user")
                .orElseThrow(() -> HttpError.badRequest("query parameter user is required")), MAX_ID);
        java.util.Optional<String> after = req.param("after");
        if (after.isEmpty()) {
            return WebResponse.json(200, Map.of("messages", java.util.List.of(), "last", mailbox.latest("chat", user)));
        }
        long afterSeq = InputGate.number("after", after.get(), 0, Long.MAX_VALUE);
        java.util.List<ChatMailboxJdbc.Pushed> pushed = mailbox.after("chat", user, afterSeq, 50);
        long last = pushed.isEmpty() ? afterSeq : pushed.get(pushed.size() - 1).seq();
        return WebResponse.json(200, Map.of("messages",
                Replies.toJson(pushed.stream().map(ChatMailboxJdbc.Pushed::message).toList()), "last", last));
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

    WebResponse chat(WebRequest req) {
        return deliver(req, "chat");
    }

    private WebResponse deliver(WebRequest req, String account) {
        JsonNode body = Json.parse(req.body());
        if (!body.isObject()) {
            throw HttpError.badRequest("body must be a JSON object with user, text and msgId");
        }
        String user = field(body, "user", MAX_ID);
        String msgId = field(body, "msgId", MAX_ID);
        // a resident's text keeps its words: control characters are dropped and an over-long text is cut
        String text = Fields.text(InputGate.requiredText(body, "text", Integer.MAX_VALUE), MAX_TEXT);
        Inbound in = new Inbound.Text(new Origin(Channel.GENERIC, account, user, msgId, clock.instant()), text);
        // The chat page polls the outbox for replies that come late (after a crash, from the recovery sweep);
        // the webhook's caller gets them by retrying.
        InboundPipeline.Route route = "chat".equals(account)
                ? new InboundPipeline.Route(java.util.Optional.of(user), Integer.MAX_VALUE)
                : InboundPipeline.Route.inResponse();
        InboundPipeline.Result result;
        try {
            result = pipeline.handle(in, route);
        } catch (RuntimeException e) {
            throw InboundPipeline.failure("generic", e);
        }
        if (result instanceof InboundPipeline.Result.InProgress) {
            throw HttpError.retryLater("this message is still being processed; retry shortly");
        }
        return WebResponse.json(200, Map.of("replies", Replies.toJson(result.replies()),
                "duplicate", result instanceof InboundPipeline.Result.Redelivered));
    }

    private static String field(JsonNode body, String name, int maxLength) {
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
