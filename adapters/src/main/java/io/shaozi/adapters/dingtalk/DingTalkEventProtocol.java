package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.common.JsonTree;
import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Fields;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.common.ReplayGuard;
import io.shaozi.adapters.crypto.DecryptResult;
import io.shaozi.adapters.crypto.MsgCrypt;
import io.shaozi.adapters.crypto.Sealed;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The encrypted event subscription callback ({@code POST /dingtalk/{app}/events}, docs/platform-notes.md section 4.1): checks the
 * SHA-1 signature over (token, timestamp in ms, nonce, encrypt), opens the section 1 envelope bound to the app's
 * receive id (shared {@link MsgCrypt}), answers the {@code check_url} handshake and turns events into {@link Inbound.Event}s.
 *
 * <p>Both parameter spellings are accepted: {@code msg_signature}/{@code signature} and
 * {@code timestamp}/{@code timeStamp}. The work is pure CPU (no I/O), well inside the 1.5 s URL-check budget.
 */
public final class DingTalkEventProtocol {
    /** Requests larger than this are refused with 413. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final DingTalkApp app;
    private final Clock clock;
    private final Optional<Duration> window;
    private final MsgCrypt envelope;
    private final ReplayGuard replays;
    private final SecureRandom random = new SecureRandom();

    /** No freshness window: DingTalk re-pushes events, so rely on dedupe by event id (section 6.2). */
    public DingTalkEventProtocol(DingTalkApp app, Clock clock) {
        this(app, clock, Optional.empty(), ReplayGuard.none());
    }

    /** Also refuses requests whose timestamp is more than {@code window} away from the clock; no replay memory. */
    public DingTalkEventProtocol(DingTalkApp app, Clock clock, Duration window) {
        this(app, clock, window, ReplayGuard.none());
    }

    /**
     * Refuses requests whose timestamp is more than {@code window} away from the clock, and remembers each
     * accepted signature with its decrypted event for the window (defence in depth: the signature covers the
     * ciphertext): the same signature, timestamp and nonce with another event is refused (401).
     */
    public DingTalkEventProtocol(DingTalkApp app, Clock clock, Duration window, ReplayGuard replays) {
        this(app, clock, Optional.of(positive(window)), replays);
    }

    private DingTalkEventProtocol(DingTalkApp app, Clock clock, Optional<Duration> window, ReplayGuard replays) {
        this.replays = Objects.requireNonNull(replays, "replays");
        this.app = Objects.requireNonNull(app, "app");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        this.envelope = new MsgCrypt(app.token(), app.aesKey(), app.receiveId());
    }

    private static Duration positive(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        return window;
    }

    /** Verifies, decrypts and classifies one callback. Never throws for any input; never returns null. */
    public EventOutcome handle(Map<String, String> query, byte[] body) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(body, "body");
        if (body.length > MAX_BODY_BYTES) {
            return new EventOutcome.Rejected(413, "body too large");
        }
        Optional<String> signature = JsonTree.param(query, "msg_signature").or(() -> JsonTree.param(query, "signature"));
        // case-insensitive: also finds the `timeStamp` spelling
        Optional<String> timestamp = JsonTree.param(query, "timestamp");
        Optional<String> nonce = JsonTree.param(query, "nonce");
        if (signature.isEmpty() || timestamp.isEmpty() || nonce.isEmpty()) {
            return new EventOutcome.Rejected(401, "missing signature, timestamp or nonce");
        }
        if (window.isPresent()) {
            if (!timestamp.get().matches("[0-9]{1,18}")) {
                return new EventOutcome.Rejected(401, "timestamp is not milliseconds");
            }
            if (Math.abs(clock.millis() - Long.parseLong(timestamp.get())) > window.get().toMillis()) {
                return new EventOutcome.Rejected(401, "stale timestamp");
            }
        }
        Optional<JsonNode> outer = JsonTree.object(body);
        Optional<String> encrypt = outer.flatMap(o -> JsonTree.child(o, "encrypt").isTextual()
                ? Optional.of(o.get("encrypt").asText()) : Optional.empty());
        if (encrypt.isEmpty()) {
            return new EventOutcome.Rejected(400, "body has no encrypt field");
        }
        DecryptResult opened = envelope.verifyAndDecrypt(signature.get(), timestamp.get(), nonce.get(), encrypt.get());
        if (opened instanceof DecryptResult.Failed f) {
            return f.reason() == DecryptResult.Reason.BAD_SIGNATURE
                    ? new EventOutcome.Rejected(401, "bad signature")
                    : new EventOutcome.Rejected(400, "bad envelope: " + f.reason().name().toLowerCase(Locale.ROOT));
        }
        String plaintext = ((DecryptResult.Decrypted) opened).message();
        if (window.isPresent() && replays.check(Channel.DINGTALK, app.id() + "/events",
                signature.get() + "&" + timestamp.get() + "&" + nonce.get(), plaintext.getBytes(StandardCharsets.UTF_8),
                ReplayGuard.until(Instant.ofEpochMilli(Long.parseLong(timestamp.get())), window.get(), clock))
                == ReplayGuard.Verdict.REPLAY) {
            return new EventOutcome.Rejected(401, "replayed signature: the same signature, timestamp and nonce came "
                    + "with another message");
        }
        Optional<JsonNode> event = JsonTree.object(plaintext);
        if (event.isEmpty()) {
            return new EventOutcome.Rejected(400, "decrypted event is not a JSON object");
        }
        JsonNode e = event.get();
        Optional<String> type = JsonTree.text(e, "EventType").or(() -> JsonTree.text(e, "eventType"));
        if (type.isEmpty()) {
            return new EventOutcome.Rejected(400, "missing EventType");
        }
        String success = successBody();
        switch (type.get()) {
            case "check_url":
            case "check_create_suite_url":
            case "check_update_suite_url":
                return new EventOutcome.CheckUrl(success);
            default:
                break;
        }
        String eventId = JsonTree.text(e, "EventId").or(() -> JsonTree.text(e, "eventId"))
                .orElseGet(() -> "sha256:" + sha256(plaintext));
        String user = firstUser(e).orElse("");
        Optional<String> badId = Fields.idProblem("EventId", eventId, Fields.MAX_MESSAGE_ID)
                .or(() -> Fields.optionalIdProblem("UserId", Optional.of(user).filter(u -> !u.isEmpty()), Fields.MAX_USER));
        if (badId.isPresent()) {
            return new EventOutcome.Rejected(400, badId.get());
        }
        Instant at = JsonTree.number(e, "TimeStamp").or(() -> JsonTree.number(e, "timeStamp"))
                .or(() -> JsonTree.number(e, "eventBornTime")).map(Instant::ofEpochMilli).orElseGet(clock::instant);
        Origin origin = new Origin(Channel.DINGTALK, app.id(), user, eventId, at);
        Optional<String> key = JsonTree.text(e, "processInstanceId").or(() -> JsonTree.text(e, "BizId"));
        Inbound inbound = Fields.clean(new Inbound.Event(origin, type.get().toLowerCase(Locale.ROOT), key));
        return new EventOutcome.Event(inbound, eventId, success);
    }

    /**
     * The 200 answer DingTalk expects: {@code {"msg_signature","timeStamp","nonce","encrypt"}} with the
     * envelope of the literal {@code success}, signed over those same values.
     */
    String successBody() {
        Sealed s = envelope.encrypt("success", nonce(), clock.millis());
        return JsonTree.write(JsonTree.obj().put("msg_signature", s.msgSignature())
                .put("timeStamp", s.timestamp()).put("nonce", s.nonce()).put("encrypt", s.encrypt()));
    }

    private String nonce() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static Optional<String> firstUser(JsonNode e) {
        for (String f : new String[] {"UserId", "userId", "StaffId", "staffId", "OperatorUserId"}) {
            JsonNode v = JsonTree.child(e, f);
            if (v.isArray() && v.size() > 0 && v.get(0).isTextual() && !v.get(0).asText().isBlank()) {
                return Optional.of(v.get(0).asText());
            }
            Optional<String> t = JsonTree.text(e, f);
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
