package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.common.JsonTree;
import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Fields;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.common.ReplayGuard;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The robot HTTP callback ({@code POST /dingtalk/{robot}}, docs/platform-notes.md section 4.2): verifies the {@code timestamp}
 * (milliseconds) and {@code sign} headers, parses the JSON body and renders synchronous replies.
 *
 * <p>The signature covers only the timestamp, so any captured request could be replayed with another body inside
 * the window: the {@link ReplayGuard} remembers each accepted {@code timestamp}/{@code sign} pair with a hash of
 * its body for the window, and the same pair with another body is refused (401); bot-core also dedupes on
 * {@code origin().messageId()} (DingTalk's {@code msgId}), and the {@code sessionWebhook} is only accepted when
 * its host is allow-listed.
 */
public final class DingTalkRobotProtocol {
    /** Requests larger than this are refused with 413. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    /** Longest conversationId accepted (it becomes an outbox recipient, 256 characters, with a prefix). */
    static final int MAX_CONVERSATION = 200;

    private final DingTalkRobot robot;
    private final Clock clock;
    private final Duration window;
    private final Set<String> allowedWebhookHosts;
    private final ReplayGuard replays;

    /**
     * @param window              accepted |now − timestamp| (DingTalk documents 1 hour)
     * @param allowedWebhookHosts hosts ({@code oapi.dingtalk.com}, https only) or origins
     *                            ({@code http://127.0.0.1:8089}) a sessionWebhook may point to
     */
    public DingTalkRobotProtocol(DingTalkRobot robot, Clock clock, Duration window, Set<String> allowedWebhookHosts,
                                 ReplayGuard replays) {
        this.replays = Objects.requireNonNull(replays, "replays");
        this.robot = Objects.requireNonNull(robot, "robot");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.window = window;
        Objects.requireNonNull(allowedWebhookHosts, "allowedWebhookHosts");
        if (allowedWebhookHosts.isEmpty()) {
            throw new IllegalArgumentException("allowedWebhookHosts must not be empty");
        }
        WebhookHosts.validate(allowedWebhookHosts, "allowedWebhookHosts");
        this.allowedWebhookHosts = Set.copyOf(allowedWebhookHosts);
    }

    /** Remembers no {@code sign}: for tools and tests that never see a replay. */
    public DingTalkRobotProtocol(DingTalkRobot robot, Clock clock, Duration window, Set<String> allowedWebhookHosts) {
        this(robot, clock, window, allowedWebhookHosts, ReplayGuard.none());
    }

    /** The documented defaults: 1 hour window, replies only to {@code https://oapi.dingtalk.com}; no replay memory. */
    public DingTalkRobotProtocol(DingTalkRobot robot, Clock clock) {
        this(robot, clock, Duration.ofHours(1), Set.of("oapi.dingtalk.com"));
    }

    /** Verifies and parses one callback. Never throws for any input; never returns null. */
    public ParseOutcome parse(Map<String, String> headers, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        if (body.length > MAX_BODY_BYTES) {
            return new ParseOutcome.Rejected(413, "body too large");
        }
        Optional<String> ts = JsonTree.param(headers, "timestamp");
        Optional<String> sign = JsonTree.param(headers, "sign");
        if (ts.isEmpty() || sign.isEmpty()) {
            return new ParseOutcome.Rejected(401, "missing timestamp or sign header");
        }
        if (!ts.get().matches("[0-9]{1,18}")) {
            return new ParseOutcome.Rejected(401, "timestamp is not milliseconds");
        }
        long millis = Long.parseLong(ts.get());
        long now = clock.millis();
        if (Math.abs(now - millis) > window.toMillis()) {
            return new ParseOutcome.Rejected(401, "stale timestamp");
        }
        if (!RobotSign.verify(robot.appSecret(), ts.get(), sign.get())) {
            return new ParseOutcome.Rejected(401, "bad sign");
        }
        Optional<JsonNode> parsed = JsonTree.object(body);
        if (parsed.isEmpty()) {
            return new ParseOutcome.Rejected(400, "body is not a JSON object");
        }
        JsonNode m = parsed.get();
        Optional<String> msgId = JsonTree.text(m, "msgId");
        if (msgId.isEmpty()) {
            return new ParseOutcome.Rejected(400, "missing msgId");
        }
        Optional<String> user = JsonTree.text(m, "senderStaffId").or(() -> JsonTree.text(m, "senderId"));
        if (user.isEmpty()) {
            return new ParseOutcome.Rejected(400, "missing senderStaffId");
        }
        Optional<String> badId = Fields.idProblem("msgId", msgId.get(), Fields.MAX_MESSAGE_ID)
                .or(() -> Fields.idProblem("senderStaffId", user.get(), Fields.MAX_USER))
                .or(() -> Fields.optionalIdProblem("conversationId", JsonTree.text(m, "conversationId"), MAX_CONVERSATION))
                .or(() -> Fields.optionalIdProblem("conversationType", JsonTree.text(m, "conversationType"), 16));
        if (badId.isPresent()) {
            return new ParseOutcome.Rejected(400, badId.get());
        }
        Instant sentAt = Instant.ofEpochMilli(JsonTree.number(m, "createAt").orElse(millis));
        Origin origin = new Origin(Channel.DINGTALK, robot.id(), user.get(), msgId.get(), sentAt);

        Optional<URI> webhook = Optional.empty();
        Optional<String> rawWebhook = JsonTree.text(m, "sessionWebhook");
        if (rawWebhook.isPresent()) {
            webhook = WebhookHosts.allowed(rawWebhook.get(), allowedWebhookHosts);
            if (webhook.isEmpty()) {
                return new ParseOutcome.Rejected(400, "sessionWebhook host not allowed");
            }
        }
        Instant expires = JsonTree.number(m, "sessionWebhookExpiredTime").map(Instant::ofEpochMilli)
                .orElse(Instant.EPOCH);
        ReplyContext ctx = new ReplyContext(robot.id(), JsonTree.text(m, "conversationId").orElse(""),
                JsonTree.text(m, "conversationType").orElse(""), user.get(), webhook, expires);
        if (replays.check(Channel.DINGTALK, robot.id(), ts.get() + "&" + sign.get(), body,
                ReplayGuard.until(Instant.ofEpochMilli(millis), window, clock)) == ReplayGuard.Verdict.REPLAY) {
            return new ParseOutcome.Rejected(401, "replayed sign: the same timestamp and sign came with another body");
        }
        return new ParseOutcome.Parsed(Fields.clean(inbound(origin, m)), ctx);
    }

    private static Inbound inbound(Origin origin, JsonNode m) {
        String type = JsonTree.text(m, "msgtype").orElse("");
        JsonNode content = JsonTree.child(m, "content");
        switch (type) {
            case "text": {
                Optional<String> text = JsonTree.text(JsonTree.child(m, "text"), "content");
                return text.<Inbound>map(t -> new Inbound.Text(origin, t.strip()))
                        .orElseGet(() -> new Inbound.Unknown(origin, type));
            }
            case "picture": {
                Optional<String> code = JsonTree.text(content, "downloadCode")
                        .or(() -> JsonTree.text(content, "pictureDownloadCode"));
                return code.<Inbound>map(c -> new Inbound.Image(origin, c, Optional.empty()))
                        .orElseGet(() -> new Inbound.Unknown(origin, type));
            }
            case "audio": {
                Optional<String> code = JsonTree.text(content, "downloadCode");
                Optional<String> recognition = JsonTree.text(content, "recognition").map(String::strip);
                if (code.isEmpty() && recognition.isEmpty()) {
                    return new Inbound.Unknown(origin, type);
                }
                return new Inbound.Voice(origin, code.orElse(""), recognition);
            }
            case "richText":
                return richText(origin, content);
            default:
                return new Inbound.Unknown(origin, type.isEmpty() ? "missing" : type);
        }
    }

    private static Inbound richText(Origin origin, JsonNode content) {
        JsonNode parts = JsonTree.child(content, "richText");
        StringBuilder text = new StringBuilder();
        Optional<String> picture = Optional.empty();
        if (parts.isArray()) {
            for (JsonNode p : parts) {
                Optional<String> t = JsonTree.text(p, "text");
                if (t.isPresent()) {
                    if (text.length() > 0) {
                        text.append('\n');
                    }
                    text.append(t.get());
                } else if (picture.isEmpty()) {
                    picture = JsonTree.text(p, "downloadCode").or(() -> JsonTree.text(p, "pictureDownloadCode"));
                }
            }
        }
        String s = text.toString().strip();
        if (!s.isEmpty()) {
            return new Inbound.Text(origin, s);
        }
        return picture.<Inbound>map(c -> new Inbound.Image(origin, c, Optional.empty()))
                .orElseGet(() -> new Inbound.Unknown(origin, "richText"));
    }

    /**
     * The synchronous reply body for {@code reply}: {@code text}, {@code markdown}, {@code actionCard} (Card with
     * buttons), {@code link}/{@code feedCard} (News); a Template becomes markdown.
     */
    public String render(Outbound reply) {
        return JsonTree.write(Render.robot(Objects.requireNonNull(reply, "reply")));
    }
}
