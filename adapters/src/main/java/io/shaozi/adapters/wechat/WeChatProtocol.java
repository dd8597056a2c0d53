package io.shaozi.adapters.wechat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.common.ReplayGuard;
import io.shaozi.adapters.crypto.DecryptResult;
import io.shaozi.adapters.crypto.MsgCrypt;
import io.shaozi.adapters.tencent.Freshness;
import io.shaozi.adapters.tencent.WxInbound;
import io.shaozi.adapters.tencent.WxReply;
import io.shaozi.adapters.xml.SafeXml;
import io.shaozi.adapters.xml.XmlResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The inbound side of one WeChat Official Account: {@code GET|POST /wechat/{account}} (docs/platform-notes.md section 2).
 *
 * <p>Order of checks for a POST: body size → query {@code signature} (constant time) → timestamp window →
 * configured mode vs {@code encrypt_type} (no downgrade in safe mode) → hardened outer XML → {@code msg_signature}
 * over {@code <Encrypt>} → decrypt with the AppID check → hardened inner XML → record → replay guard. Every
 * failure is a {@link ParseOutcome.Rejected}; no exception escapes for any input. Thread-safe.
 *
 * <p>The query {@code signature} covers only token, timestamp and nonce, never the body: in plain mode (and for
 * compat mode's plaintext requests) nothing but the {@link ReplayGuard} stops a captured query from carrying
 * another body inside the window. The guard keys on that signature and compares the message it carried: the raw
 * body, or for an envelope the decrypted message (a retry may be sealed anew). The same message again is
 * WeChat's retry and goes on to dedupe; another message is refused (403), including a plaintext body sent under
 * the signature of a captured envelope to a compat-mode account.
 */
public final class WeChatProtocol {
    /** Default timestamp window (±300 s). */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(300);
    /**
     * Suggested time budget for the bot's answer before falling back to {@link #empty()} plus a
     * customer-service message (WeChat gives up after 5 s).
     */
    public static final Duration DEFAULT_REPLY_BUDGET = Duration.ofSeconds(4);
    /** The reply meaning "received, nothing to say". */
    public static final String SUCCESS = "success";
    private static final Set<String> EVENTS = Set.of("subscribe", "unsubscribe", "scan", "click", "view",
            io.shaozi.adapters.tencent.WxInbound.MASS_SEND_JOB_FINISH);

    private final WeChatAccount account;
    private final Clock clock;
    private final Duration window;
    private final Optional<MsgCrypt> crypt;
    private final SafeXml xml;
    private final ReplayGuard replays;

    /** With the default window and XML limits. */
    public WeChatProtocol(WeChatAccount account, Clock clock) {
        this(account, clock, DEFAULT_WINDOW);
    }

    public WeChatProtocol(WeChatAccount account, Clock clock, Duration timestampWindow) {
        this(account, clock, timestampWindow, SafeXml.defaults());
    }

    /** Remembers no signature: for tools and tests that never see a replay. */
    public WeChatProtocol(WeChatAccount account, Clock clock, Duration timestampWindow, SafeXml xml) {
        this(account, clock, timestampWindow, xml, ReplayGuard.none());
    }

    /**
     * @param xml     parser limits; its {@code maxBytes} is the body cap (413 above it)
     * @param replays remembers each accepted signature for its timestamp window
     */
    public WeChatProtocol(WeChatAccount account, Clock clock, Duration timestampWindow, SafeXml xml,
                          ReplayGuard replays) {
        this.replays = Objects.requireNonNull(replays, "replays");
        this.account = Objects.requireNonNull(account, "account");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(timestampWindow, "timestampWindow");
        if (timestampWindow.isNegative()) {
            throw new IllegalArgumentException("timestampWindow must not be negative");
        }
        this.xml = Objects.requireNonNull(xml, "xml");
        this.crypt = account.aesKey().isEmpty() ? Optional.empty()
                : Optional.of(new MsgCrypt(account.token(), account.aesKey(), account.appId()));
    }

    public WeChatAccount account() {
        return account;
    }

    /**
     * URL verification ({@code GET ?signature&timestamp&nonce&echostr}): SHA-1 over token, timestamp, nonce;
     * the {@code echostr} is plain in every mode and echoed byte for byte.
     *
     * @param query decoded query parameters (decoded once, exactly as received)
     */
    public VerifyOutcome verifyUrl(Map<String, String> query) {
        String signature = query.get("signature");
        String timestamp = query.get("timestamp");
        String nonce = query.get("nonce");
        String echostr = query.get("echostr");
        if (signature == null || timestamp == null || nonce == null || echostr == null) {
            return new VerifyOutcome.Rejected(400, "missing signature, timestamp, nonce or echostr");
        }
        Optional<String> forged = unauthentic(signature, timestamp, nonce);
        if (forged.isPresent()) {
            return new VerifyOutcome.Rejected(403, forged.get());
        }
        return new VerifyOutcome.Echo(echostr);
    }

    /** The query {@code signature} (constant time), then the timestamp window: a 403 reason, or empty. */
    private Optional<String> unauthentic(String signature, String timestamp, String nonce) {
        if (!MsgCrypt.constantTimeEquals(MsgCrypt.sha1Sorted(account.token(), timestamp, nonce), signature)) {
            return Optional.of("bad signature");
        }
        return Freshness.check(timestamp, clock, window);
    }

    /**
     * Verifies, decrypts and parses a {@code POST}. Unknown message or event types become
     * {@link io.shaozi.adapters.common.Inbound.Unknown} (answer them politely), never a rejection.
     *
     * @param query decoded query parameters
     * @param body  raw request body
     */
    public ParseOutcome parse(Map<String, String> query, byte[] body) {
        if (body == null || body.length == 0) {
            return new ParseOutcome.Rejected(400, "empty body");
        }
        if (body.length > xml.maxBytes()) {
            return new ParseOutcome.Rejected(413, "body larger than " + xml.maxBytes() + " bytes");
        }
        String signature = query.get("signature");
        String timestamp = query.get("timestamp");
        String nonce = query.get("nonce");
        if (signature == null || timestamp == null || nonce == null) {
            return new ParseOutcome.Rejected(400, "missing signature, timestamp or nonce");
        }
        Optional<String> forged = unauthentic(signature, timestamp, nonce);
        if (forged.isPresent()) {
            return new ParseOutcome.Rejected(403, forged.get());
        }
        String encryptType = query.getOrDefault("encrypt_type", "raw");
        boolean encrypted;
        if (encryptType.equals("aes")) {
            encrypted = true;
        } else if (encryptType.equals("raw") || encryptType.isEmpty()) {
            encrypted = false;
        } else {
            return new ParseOutcome.Rejected(400, "unsupported encrypt_type");
        }
        if (account.mode() == Mode.SAFE && !encrypted) {
            return new ParseOutcome.Rejected(403, "plaintext message refused: account is in safe mode");
        }
        if (account.mode() == Mode.PLAIN && encrypted) {
            return new ParseOutcome.Rejected(400, "encrypted message but account is in plain mode");
        }
        XmlResult outer = xml.parse(body);
        if (outer instanceof XmlResult.Refused r) {
            return new ParseOutcome.Rejected(400, "XML refused: " + r.reason());
        }
        XmlResult.Parsed fields = (XmlResult.Parsed) outer;
        byte[] content = body;
        if (encrypted) {
            String enc = fields.text("Encrypt").trim();
            String msgSignature = query.get("msg_signature");
            if (enc.isEmpty()) {
                return new ParseOutcome.Rejected(400, "missing Encrypt");
            }
            if (msgSignature == null) {
                return new ParseOutcome.Rejected(400, "missing msg_signature");
            }
            DecryptResult d = crypt.orElseThrow().verifyAndDecrypt(msgSignature, timestamp, nonce, enc);
            if (d instanceof DecryptResult.Failed f) {
                return new ParseOutcome.Rejected(f.reason().isAuthenticationFailure() ? 403 : 400, "envelope refused: " + f.reason());
            }
            String message = ((DecryptResult.Decrypted) d).message();
            content = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            XmlResult inner = xml.parse(message);
            if (inner instanceof XmlResult.Refused r) {
                return new ParseOutcome.Rejected(400, "inner XML refused: " + r.reason());
            }
            fields = (XmlResult.Parsed) inner;
        }
        WxInbound.Mapped m = WxInbound.map(Channel.WECHAT, account.id(), fields.fields(), "", EVENTS);
        if (m instanceof WxInbound.Malformed bad) {
            return new ParseOutcome.Rejected(400, bad.reason());
        }
        WxInbound.Ok ok = (WxInbound.Ok) m;
        Optional<String> replayed = Freshness.replayed(replays, Channel.WECHAT, account.id(), signature, timestamp,
                nonce, content, clock, window);
        if (replayed.isPresent()) {
            return new ParseOutcome.Rejected(403, replayed.get());
        }
        ReplyContext ctx = new ReplyContext(account.id(), ok.inbound().origin().user(), fields.text("ToUserName").trim(),
                encrypted, nonce, ok.event());
        return new ParseOutcome.Parsed(ok.inbound(), ctx);
    }

    /**
     * The passive reply body: text or news XML (one article for a message, up to eight for an event); other
     * {@link Outbound} kinds are rendered as text. Wrapped in an encrypted envelope when {@code ctx.encrypted()}.
     * An empty {@link Outbound.News} renders as {@link #empty()}.
     */
    public String render(ReplyContext ctx, Outbound reply) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(reply, "reply");
        if (reply instanceof Outbound.News n && n.articles().isEmpty()) {
            return empty();
        }
        long now = clock.instant().getEpochSecond();
        String inner = WxReply.innerXml(ctx.user(), ctx.accountId(), now, reply, ctx.event() ? 8 : 1);
        if (!ctx.encrypted()) {
            return inner;
        }
        MsgCrypt c = crypt.orElseThrow(() -> new IllegalStateException("account " + account.id() + " has no aesKey"));
        return WxReply.encryptedXml(c.encrypt(inner, ctx.nonce(), now));
    }

    /** "success": received, nothing to say (no retry, no error shown). Never encrypted. */
    public String empty() {
        return SUCCESS;
    }
}
