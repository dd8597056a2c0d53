package io.shaozi.adapters.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.common.ReplayGuard;
import io.shaozi.adapters.crypto.DecryptResult;
import io.shaozi.adapters.crypto.MsgCrypt;
import io.shaozi.adapters.crypto.Sealed;
import io.shaozi.adapters.tencent.CgiBinApi;
import io.shaozi.adapters.tencent.Freshness;
import io.shaozi.adapters.tencent.WxInbound;
import io.shaozi.adapters.tencent.WxReply;
import io.shaozi.adapters.xml.SafeXml;
import io.shaozi.adapters.xml.XmlResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The inbound side of one WeCom self-built app: {@code GET|POST /wecom/{app}} (docs/platform-notes.md section 3).
 *
 * <ul>
 *   <li>Always encrypted, receive id = CorpID; {@code msg_signature} over token, timestamp, nonce and the
 *       ciphertext (for URL verification: the {@code echostr}), constant-time; timestamp window.</li>
 *   <li>URL verification answers the DECRYPTED echostr (not the raw one, unlike MP).</li>
 *   <li>XML callbacks ({@code <xml><ToUserName/><Encrypt/><AgentID/></xml>}) and the JSON variant
 *       ({@code {"tousername","encrypt","agentid"}}); the unauthenticated outer fields are ignored, the inner
 *       (authenticated) ones are used; an inner AgentID different from the configured one is refused.</li>
 *   <li>Event names are compared case-insensitively ({@code click} in WeCom, {@code CLICK} in MP).</li>
 * </ul>
 * Never throws for any request input. Thread-safe.
 */
public final class WeComProtocol {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(300);
    private static final Set<String> EVENTS = Set.of("subscribe", "unsubscribe", "enter_agent", "click", "view",
            "scancode_push", "scancode_waitmsg");
    private static final int MAX_JSON_DEPTH = 16;

    private final WeComApp app;
    private final Clock clock;
    private final Duration window;
    private final MsgCrypt crypt;
    private final SafeXml xml;
    private final ReplayGuard replays;

    public WeComProtocol(WeComApp app, Clock clock) {
        this(app, clock, DEFAULT_WINDOW);
    }

    public WeComProtocol(WeComApp app, Clock clock, Duration timestampWindow) {
        this(app, clock, timestampWindow, SafeXml.defaults());
    }

    /** Remembers no signature: for tools and tests that never see a replay. */
    public WeComProtocol(WeComApp app, Clock clock, Duration timestampWindow, SafeXml xml) {
        this(app, clock, timestampWindow, xml, ReplayGuard.none());
    }

    /**
     * @param xml     parser limits; its {@code maxBytes} is also the body cap for JSON callbacks (413 above it)
     * @param replays remembers each accepted {@code msg_signature} with the decrypted message for its timestamp
     *                window (defence in depth: the signature already covers the ciphertext); the same signature
     *                with another message is refused (403)
     */
    public WeComProtocol(WeComApp app, Clock clock, Duration timestampWindow, SafeXml xml, ReplayGuard replays) {
        this.replays = Objects.requireNonNull(replays, "replays");
        this.app = Objects.requireNonNull(app, "app");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(timestampWindow, "timestampWindow");
        if (timestampWindow.isNegative()) {
            throw new IllegalArgumentException("timestampWindow must not be negative");
        }
        this.xml = Objects.requireNonNull(xml, "xml");
        this.crypt = new MsgCrypt(app.token(), app.aesKey(), app.corpId());
    }

    public WeComApp app() {
        return app;
    }

    /** {@code GET ?msg_signature&timestamp&nonce&echostr}: verify, decrypt, answer the decrypted echostr. */
    public VerifyOutcome verifyUrl(Map<String, String> query) {
        String sig = query.get("msg_signature");
        String timestamp = query.get("timestamp");
        String nonce = query.get("nonce");
        String echostr = query.get("echostr");
        if (sig == null || timestamp == null || nonce == null || echostr == null) {
            return new VerifyOutcome.Rejected(400, "missing msg_signature, timestamp, nonce or echostr");
        }
        if (!crypt.verifySignature(sig, timestamp, nonce, echostr)) {
            // A form-style decoder turns an unencoded '+' of the Base64 echostr into ' ': try the original once.
            String plus = echostr.replace(' ', '+');
            if (plus.equals(echostr) || !crypt.verifySignature(sig, timestamp, nonce, plus)) {
                return new VerifyOutcome.Rejected(403, "bad signature");
            }
            echostr = plus;
        }
        Optional<String> stale = Freshness.check(timestamp, clock, window);
        if (stale.isPresent()) {
            return new VerifyOutcome.Rejected(403, stale.get());
        }
        DecryptResult d = crypt.decrypt(echostr);
        if (d instanceof DecryptResult.Failed f) {
            return new VerifyOutcome.Rejected(f.reason().isAuthenticationFailure() ? 403 : 400, "echostr refused: " + f.reason());
        }
        return new VerifyOutcome.Echo(((DecryptResult.Decrypted) d).message());
    }

    /** {@code POST ?msg_signature&timestamp&nonce} with an XML or JSON body. */
    public ParseOutcome parse(Map<String, String> query, byte[] body) {
        if (body == null || body.length == 0) {
            return new ParseOutcome.Rejected(400, "empty body");
        }
        if (body.length > xml.maxBytes()) {
            return new ParseOutcome.Rejected(413, "body larger than " + xml.maxBytes() + " bytes");
        }
        String sig = query.get("msg_signature");
        String timestamp = query.get("timestamp");
        String nonce = query.get("nonce");
        if (sig == null || timestamp == null || nonce == null) {
            return new ParseOutcome.Rejected(400, "missing msg_signature, timestamp or nonce");
        }
        Optional<String> stale = Freshness.check(timestamp, clock, window);
        if (stale.isPresent()) {
            return new ParseOutcome.Rejected(403, stale.get());
        }
        boolean json = firstNonSpace(body) == '{';
        String encrypt;
        if (json) {
            Optional<Map<String, String>> outer = flatJson(body);
            if (outer.isEmpty()) {
                return new ParseOutcome.Rejected(400, "malformed JSON");
            }
            encrypt = outer.get().getOrDefault("encrypt", "").trim();
        } else {
            XmlResult outer = xml.parse(body);
            if (outer instanceof XmlResult.Refused r) {
                return new ParseOutcome.Rejected(400, "XML refused: " + r.reason());
            }
            encrypt = ((XmlResult.Parsed) outer).text("Encrypt").trim();
        }
        if (encrypt.isEmpty()) {
            return new ParseOutcome.Rejected(400, "missing Encrypt");
        }
        DecryptResult d = crypt.verifyAndDecrypt(sig, timestamp, nonce, encrypt);
        if (d instanceof DecryptResult.Failed f) {
            return new ParseOutcome.Rejected(f.reason().isAuthenticationFailure() ? 403 : 400, "envelope refused: " + f.reason());
        }
        String message = ((DecryptResult.Decrypted) d).message();
        Map<String, String> fields;
        if (message.stripLeading().startsWith("{")) {
            Optional<Map<String, String>> inner = flatJson(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (inner.isEmpty()) {
                return new ParseOutcome.Rejected(400, "malformed inner JSON");
            }
            fields = inner.get();
        } else {
            XmlResult inner = xml.parse(message);
            if (inner instanceof XmlResult.Refused r) {
                return new ParseOutcome.Rejected(400, "inner XML refused: " + r.reason());
            }
            fields = ((XmlResult.Parsed) inner).fields();
        }
        String agent = fields.getOrDefault("AgentID", "").trim();
        if (!agent.isEmpty() && !agent.equals(app.agentId())) {
            return new ParseOutcome.Rejected(403, "AgentID does not match the configured app");
        }
        WxInbound.Mapped m = WxInbound.map(Channel.WECOM, app.id(), fields, app.agentId() + ":", EVENTS);
        if (m instanceof WxInbound.Malformed bad) {
            return new ParseOutcome.Rejected(400, bad.reason());
        }
        WxInbound.Ok ok = (WxInbound.Ok) m;
        Optional<String> replayed = Freshness.replayed(replays, Channel.WECOM, app.id(), sig, timestamp, nonce,
                message.getBytes(java.nio.charset.StandardCharsets.UTF_8), clock, window);
        if (replayed.isPresent()) {
            return new ParseOutcome.Rejected(403, replayed.get());
        }
        return new ParseOutcome.Parsed(ok.inbound(), new ReplyContext(app.id(), ok.inbound().origin().user(),
                app.corpId(), app.agentId(), json, nonce, ok.event()));
    }

    /**
     * The encrypted passive reply: text or news (up to 8 articles) XML inside
     * {@code <xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>}; for JSON callbacks
     * {@code {"encrypt","msgsignature","timestamp","nonce"}} around the same fields as JSON (best effort:
     * prefer {@link #empty()} plus {@link WeComClient} there). Other kinds are rendered as text.
     */
    public String render(ReplyContext ctx, Outbound reply) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(reply, "reply");
        if (reply instanceof Outbound.News n && n.articles().isEmpty()) {
            return empty();
        }
        long now = clock.instant().getEpochSecond();
        if (!ctx.json()) {
            String inner = WxReply.innerXml(ctx.user(), ctx.corpId(), now, reply, 8);
            return WxReply.encryptedXml(crypt.encrypt(inner, ctx.nonce(), now));
        }
        ObjectNode m = CgiBinApi.JSON.createObjectNode();
        m.put("ToUserName", ctx.user()).put("FromUserName", ctx.corpId()).put("CreateTime", now);
        if (reply instanceof Outbound.News n) {
            m.put("MsgType", "news").put("ArticleCount", Math.min(8, n.articles().size()));
            ArrayNode arts = m.putArray("Articles");
            n.articles().stream().limit(8).forEach(a -> arts.addObject().put("Title", a.title())
                    .put("Description", a.description()).put("PicUrl", a.picUrl()).put("Url", a.url()));
        } else {
            m.put("MsgType", "text").put("Content", WxReply.truncateUtf8(WxReply.plainText(reply), WxReply.MAX_TEXT_BYTES));
        }
        Sealed s = crypt.encrypt(m.toString(), ctx.nonce(), now);
        ObjectNode out = CgiBinApi.JSON.createObjectNode();
        out.put("encrypt", s.encrypt()).put("msgsignature", s.msgSignature()).put("timestamp", s.timestamp())
                .put("nonce", s.nonce());
        return out.toString();
    }

    /** The empty body: received, nothing to say. */
    public String empty() {
        return "";
    }

    private static int firstNonSpace(byte[] b) {
        for (byte x : b) {
            if (x != ' ' && x != '\t' && x != '\r' && x != '\n') {
                return x;
            }
        }
        return -1;
    }

    /** Object → flat map of text values ("a/b" for nested objects); empty on any parse problem. */
    static Optional<Map<String, String>> flatJson(byte[] bytes) {
        JsonNode node;
        try {
            node = CgiBinApi.JSON.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        Map<String, String> out = new HashMap<>();
        flatten("", node, out, 0);
        return Optional.of(out);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, int depth) {
        if (depth > MAX_JSON_DEPTH) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(key, v, out, depth + 1);
            } else if (v.isValueNode() && !v.isNull()) {
                out.putIfAbsent(key, v.asText());
            }
        }
    }
}
