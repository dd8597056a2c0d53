package io.shaozi.adapters.feishu;

import io.shaozi.adapters.common.JsonTree;
import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Fields;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.common.ReplayGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The event subscription webhook ({@code POST /feishu/{app}}, docs/platform-notes.md section 5.2–section 5.6).
 *
 * <p>With an Encrypt Key configured: bodies must be {@code {"encrypt":…}} (no downgrade to plaintext); events
 * must carry {@code X-Lark-Signature} = hex(SHA-256(timestamp ‖ nonce ‖ encryptKey ‖ raw body)), checked before
 * decryption and with the timestamp (seconds) inside {@code window}; {@code url_verification} carries no
 * signature and is accepted on its decrypted verification token alone. The verification token is checked in
 * every case (constant time). Each accepted signature is remembered with a hash of its body for the window
 * ({@link ReplayGuard}): the same timestamp, nonce and signature with another body is refused (401). Without an
 * Encrypt Key there is no signature material to remember; dedupe on {@code event_id} is the only guard.
 */
public final class FeishuProtocol {
    /** Requests larger than this are refused with 413. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    private static final Pattern MENTION = Pattern.compile("@_user_[0-9]+");

    private final FeishuApp app;
    private final Clock clock;
    private final Duration window;
    private final ReplayGuard replays;

    /** Remembers no signature: for tools and tests that never see a replay. */
    public FeishuProtocol(FeishuApp app, Clock clock, Duration window) {
        this(app, clock, window, ReplayGuard.none());
    }

    /**
     * @param window  accepted |now − X-Lark-Request-Timestamp| for signed events
     * @param replays remembers each accepted signature for the window
     */
    public FeishuProtocol(FeishuApp app, Clock clock, Duration window, ReplayGuard replays) {
        this.replays = Objects.requireNonNull(replays, "replays");
        this.app = Objects.requireNonNull(app, "app");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.window = window;
    }

    /** Verifies, decrypts and classifies one request. Never throws for any input; never returns null. */
    public EventOutcome handle(Map<String, String> headers, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        if (body.length > MAX_BODY_BYTES) {
            return new EventOutcome.Rejected(413, "body too large");
        }
        Optional<JsonNode> outer = JsonTree.object(body);
        if (outer.isEmpty()) {
            return new EventOutcome.Rejected(400, "body is not a JSON object");
        }
        JsonNode payload = outer.get();
        boolean signed = false;
        JsonNode encrypted = JsonTree.child(payload, "encrypt");
        if (app.encryptKey().isPresent()) {
            if (!encrypted.isTextual()) {
                return new EventOutcome.Rejected(400, "plaintext body but an encryptKey is configured");
            }
            String key = app.encryptKey().get();
            Optional<String> sig = JsonTree.param(headers, "X-Lark-Signature");
            if (sig.isPresent()) {
                Optional<String> ts = JsonTree.param(headers, "X-Lark-Request-Timestamp");
                Optional<String> nonce = JsonTree.param(headers, "X-Lark-Request-Nonce");
                if (ts.isEmpty() || nonce.isEmpty()) {
                    return new EventOutcome.Rejected(401, "missing signature timestamp or nonce");
                }
                if (!ts.get().matches("[0-9]{1,15}")) {
                    return new EventOutcome.Rejected(401, "timestamp is not seconds");
                }
                if (Math.abs(clock.instant().getEpochSecond() - Long.parseLong(ts.get())) > window.toSeconds()) {
                    return new EventOutcome.Rejected(401, "stale timestamp");
                }
                if (!FeishuCrypto.constantTimeEquals(FeishuCrypto.signature(ts.get(), nonce.get(), key, body),
                        sig.get())) {
                    return new EventOutcome.Rejected(401, "bad signature");
                }
                if (replays.check(Channel.FEISHU, app.id(), ts.get() + "&" + nonce.get() + "&" + sig.get(), body,
                        ReplayGuard.until(Instant.ofEpochSecond(Long.parseLong(ts.get())), window, clock))
                        == ReplayGuard.Verdict.REPLAY) {
                    return new EventOutcome.Rejected(401, "replayed signature: the same timestamp, nonce and signature "
                            + "came with another body");
                }
                signed = true;
            }
            Optional<JsonNode> inner = FeishuCrypto.decrypt(key, encrypted.asText()).flatMap(JsonTree::object);
            if (inner.isEmpty()) {
                return new EventOutcome.Rejected(400, "cannot decrypt body");
            }
            payload = inner.get();
        } else if (!encrypted.isMissingNode()) {
            return new EventOutcome.Rejected(400, "encrypted body but no encryptKey configured");
        }

        JsonNode header = JsonTree.child(payload, "header");
        boolean v2 = "2.0".equals(JsonTree.text(payload, "schema").orElse(""));
        Optional<String> token = v2 ? JsonTree.text(header, "token") : JsonTree.text(payload, "token");
        if (token.isEmpty() || !FeishuCrypto.constantTimeEquals(token.get(), app.verificationToken())) {
            return new EventOutcome.Rejected(401, "bad verification token");
        }
        if (!v2 && "url_verification".equals(JsonTree.text(payload, "type").orElse(""))) {
            Optional<String> challenge = JsonTree.text(payload, "challenge");
            if (challenge.isEmpty()) {
                return new EventOutcome.Rejected(400, "missing challenge");
            }
            return new EventOutcome.Challenge(JsonTree.write(JsonTree.obj().put("challenge", challenge.get())));
        }
        if (app.encryptKey().isPresent() && !signed) {
            return new EventOutcome.Rejected(401, "missing X-Lark-Signature");
        }
        if (!v2) {
            JsonNode ev = JsonTree.child(payload, "event");
            Optional<String> uuid = JsonTree.text(payload, "uuid");
            if (uuid.isEmpty()) {
                return new EventOutcome.Rejected(400, "missing uuid");
            }
            return new EventOutcome.Ignored(JsonTree.text(ev, "type").orElse(JsonTree.text(payload, "type").orElse("v1")));
        }
        Optional<String> eventId = JsonTree.text(header, "event_id");
        Optional<String> type = JsonTree.text(header, "event_type");
        if (eventId.isEmpty() || type.isEmpty()) {
            return new EventOutcome.Rejected(400, "missing header.event_id or header.event_type");
        }
        Optional<String> badEventId = Fields.idProblem("header.event_id", eventId.get(), Fields.MAX_MESSAGE_ID);
        if (badEventId.isPresent()) {
            return new EventOutcome.Rejected(400, badEventId.get());
        }
        Instant headerTime = JsonTree.number(header, "create_time").map(Instant::ofEpochMilli).orElseGet(clock::instant);
        JsonNode event = JsonTree.child(payload, "event");
        switch (type.get()) {
            case "im.message.receive_v1":
                return message(eventId.get(), type.get(), headerTime, event);
            case "im.chat.access_event.bot_p2p_chat_entered_v1": {
                Optional<String> user = JsonTree.text(JsonTree.child(event, "operator_id"), "open_id");
                Optional<String> chat = JsonTree.text(event, "chat_id");
                if (user.isEmpty()) {
                    return new EventOutcome.Rejected(400, "missing operator_id.open_id");
                }
                Optional<String> bad = badIds("operator_id.open_id", user.get(), chat);
                if (bad.isPresent()) {
                    return new EventOutcome.Rejected(400, bad.get());
                }
                Origin o = new Origin(Channel.FEISHU, app.id(), user.get(), eventId.get(), headerTime);
                return new EventOutcome.Event(Fields.clean(new Inbound.Event(o, "bot_p2p_chat_entered", Optional.empty())),
                        eventId.get(), chat.map(c -> new ReplyTarget(ReceiveIdType.CHAT_ID, c))
                        .or(() -> Optional.of(new ReplyTarget(ReceiveIdType.OPEN_ID, user.get()))));
            }
            case "application.bot.menu_v6": {
                Optional<String> user = JsonTree.text(JsonTree.child(JsonTree.child(event, "operator"), "operator_id"),
                        "open_id");
                if (user.isEmpty()) {
                    return new EventOutcome.Rejected(400, "missing operator.operator_id.open_id");
                }
                Optional<String> bad = badIds("operator.operator_id.open_id", user.get(), Optional.empty());
                if (bad.isPresent()) {
                    return new EventOutcome.Rejected(400, bad.get());
                }
                Origin o = new Origin(Channel.FEISHU, app.id(), user.get(), eventId.get(), headerTime);
                return new EventOutcome.Event(Fields.clean(new Inbound.Event(o, "click", JsonTree.text(event, "event_key"))),
                        eventId.get(), Optional.of(new ReplyTarget(ReceiveIdType.OPEN_ID, user.get())));
            }
            default:
                return new EventOutcome.Ignored(type.get());
        }
    }

    private EventOutcome message(String eventId, String type, Instant headerTime, JsonNode event) {
        JsonNode sender = JsonTree.child(event, "sender");
        if ("app".equals(JsonTree.text(sender, "sender_type").orElse(""))) {
            return new EventOutcome.Ignored(type);
        }
        Optional<String> user = JsonTree.text(JsonTree.child(sender, "sender_id"), "open_id");
        if (user.isEmpty()) {
            return new EventOutcome.Rejected(400, "missing sender.sender_id.open_id");
        }
        JsonNode msg = JsonTree.child(event, "message");
        Optional<String> bad = badIds("sender.sender_id.open_id", user.get(), JsonTree.text(msg, "chat_id"));
        if (bad.isPresent()) {
            return new EventOutcome.Rejected(400, bad.get());
        }
        Instant sentAt = JsonTree.number(msg, "create_time").map(Instant::ofEpochMilli).orElse(headerTime);
        Origin origin = new Origin(Channel.FEISHU, app.id(), user.get(), eventId, sentAt);
        Optional<ReplyTarget> replyTo = JsonTree.text(msg, "chat_id").map(c -> new ReplyTarget(ReceiveIdType.CHAT_ID, c))
                .or(() -> Optional.of(new ReplyTarget(ReceiveIdType.OPEN_ID, user.get())));
        String msgType = JsonTree.text(msg, "message_type").orElse("");
        JsonNode content = JsonTree.text(msg, "content").flatMap(JsonTree::object).orElse(JsonTree.MAPPER.missingNode());
        return new EventOutcome.Event(Fields.clean(inbound(origin, msgType, content)), eventId, replyTo);
    }

    /** Why the sender's open_id ({@code userField}) or the chat_id cannot be stored, if so. */
    private static Optional<String> badIds(String userField, String user, Optional<String> chat) {
        return Fields.idProblem(userField, user, Fields.MAX_USER)
                .or(() -> Fields.optionalIdProblem("chat_id", chat, Fields.MAX_USER));
    }

    private static Inbound inbound(Origin origin, String msgType, JsonNode content) {
        switch (msgType) {
            case "text": {
                JsonNode t = JsonTree.child(content, "text");
                if (!t.isTextual()) {
                    return new Inbound.Unknown(origin, msgType);
                }
                return new Inbound.Text(origin, stripMentions(t.asText()));
            }
            case "post": {
                String text = postText(content);
                return text.isEmpty() ? new Inbound.Unknown(origin, msgType) : new Inbound.Text(origin, text);
            }
            case "image":
                return JsonTree.text(content, "image_key").<Inbound>map(k -> new Inbound.Image(origin, k, Optional.empty()))
                        .orElseGet(() -> new Inbound.Unknown(origin, msgType));
            case "audio":
                return JsonTree.text(content, "file_key").<Inbound>map(k -> new Inbound.Voice(origin, k, Optional.empty()))
                        .orElseGet(() -> new Inbound.Unknown(origin, msgType));
            case "location": {
                Optional<Double> lat = decimal(content, "latitude");
                Optional<Double> lon = decimal(content, "longitude");
                if (lat.isEmpty() || lon.isEmpty()) {
                    return new Inbound.Unknown(origin, msgType);
                }
                return new Inbound.Location(origin, lat.get(), lon.get(), 0, JsonTree.text(content, "name").orElse(""));
            }
            default:
                return new Inbound.Unknown(origin, msgType.isEmpty() ? "missing" : msgType);
        }
    }

    /** Mentions arrive as {@code @_user_N} placeholders; they carry no request text, so they are removed. */
    static String stripMentions(String text) {
        return MENTION.matcher(text).replaceAll(" ").replaceAll("[ \\t]+", " ").strip();
    }

    private static Optional<Double> decimal(JsonNode node, String field) {
        return JsonTree.text(node, field).filter(s -> s.matches("-?[0-9]{1,3}(\\.[0-9]{1,15})?"))
                .map(Double::parseDouble)
                .filter(d -> Math.abs(d) <= 180);
    }

    /** Title and the text of {@code text}/{@code a}/{@code md} elements, one line per paragraph. */
    private static String postText(JsonNode content) {
        JsonNode body = content;
        if (!JsonTree.child(body, "content").isArray()) {
            // the locale-wrapped form {"zh_cn":{"title","content"}}
            body = JsonTree.MAPPER.missingNode();
            if (content.isObject()) {
                for (JsonNode v : content) {
                    if (JsonTree.child(v, "content").isArray()) {
                        body = v;
                        break;
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder(JsonTree.text(body, "title").orElse(""));
        for (JsonNode para : JsonTree.child(body, "content")) {
            if (!para.isArray()) {
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (JsonNode el : para) {
                String tag = JsonTree.text(el, "tag").orElse("");
                if (tag.equals("text") || tag.equals("a") || tag.equals("md")) {
                    JsonTree.text(el, "text").ifPresent(line::append);
                }
            }
            String l = stripMentions(line.toString());
            if (!l.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(l);
            }
        }
        return sb.toString().strip();
    }
}
