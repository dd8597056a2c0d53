package io.shaozi.adapters.dingtalk;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The outbox {@code recipient} column of {@code dingtalk} rows (at most 256 characters). The {@code account}
 * column names the configured robot, app or group webhook the row goes through.
 *
 * <ul>
 *   <li>{@code user:<userid>[,<userid>…]} — work notice (工作通知) from app {@code account} (needs its agentId),
 *       up to 100 userids</li>
 *   <li>{@code group:<groupWebhookId>} — custom group robot (自定义机器人) webhook, signed when a secret is
 *       configured, at most 20 messages per minute (held back, never dropped); {@code account} is free,
 *       by convention the same id</li>
 *   <li>{@code robot-user:<userid>[,<userid>…]} — one-to-one message from robot {@code account} through the robot
 *       OpenAPI, up to 20 userids</li>
 *   <li>{@code robot-group:<openConversationId>} — group message from robot {@code account} through the robot
 *       OpenAPI (the robot must be in the group)</li>
 *   <li>{@code session:<expiresAtMillis>:<1|2>:<userid|openConversationId>:<sessionWebhook>} — written by the
 *       robot endpoint for late replies: the session webhook while it is valid, afterwards the robot OpenAPI
 *       to the same user (1) or group (2)</li>
 *   <li>a bare {@code <userid>} (what the handoff console writes for every channel but WeCom) — from a robot
 *       {@code account}: as {@code robot-user:}, from an app {@code account}: as {@code user:}</li>
 * </ul>
 */
public sealed interface DingTalkRecipient {
    int MAX = 256;

    String spec();

    record WorkNotice(List<String> users) implements DingTalkRecipient {
        public WorkNotice {
            users = List.copyOf(users);
        }

        @Override
        public String spec() {
            return "user:" + String.join(",", users);
        }
    }

    record Group(String webhookId) implements DingTalkRecipient {
        @Override
        public String spec() {
            return "group:" + webhookId;
        }
    }

    record RobotUsers(List<String> users) implements DingTalkRecipient {
        public RobotUsers {
            users = List.copyOf(users);
        }

        @Override
        public String spec() {
            return "robot-user:" + String.join(",", users);
        }
    }

    record RobotGroup(String openConversationId) implements DingTalkRecipient {
        @Override
        public String spec() {
            return "robot-group:" + openConversationId;
        }
    }

    /** Reply through a robot's session webhook until {@code expiresAt}, then through the robot OpenAPI. */
    record Session(Instant expiresAt, boolean group, String target, URI webhook) implements DingTalkRecipient {
        @Override
        public String spec() {
            return "session:" + expiresAt.toEpochMilli() + ":" + (group ? "2" : "1") + ":" + target + ":" + webhook;
        }

        /** The OpenAPI route used once the session webhook has expired. */
        public DingTalkRecipient fallback() {
            return group ? new RobotGroup(target) : new RobotUsers(List.of(target));
        }

        public ReplyContext context(String robotId) {
            return new ReplyContext(robotId, group ? target : "", group ? "2" : "1", group ? "" : target,
                    Optional.of(webhook), expiresAt);
        }
    }

    /**
     * Where late replies to a robot message go: the session webhook when there is one (and the spec fits the
     * column), else the OpenAPI to the sender (one-to-one) or the conversation (group).
     */
    static DingTalkRecipient forReply(ReplyContext ctx) {
        boolean group = "2".equals(ctx.conversationType());
        String target = group ? ctx.conversationId() : ctx.senderStaffId();
        DingTalkRecipient direct = group ? new RobotGroup(target) : new RobotUsers(List.of(target));
        if (ctx.sessionWebhook().isPresent() && !target.contains(":")) {
            Session s = new Session(ctx.webhookExpiresAt(), group, target, ctx.sessionWebhook().get());
            if (s.spec().length() <= MAX) {
                return s;
            }
        }
        return direct;
    }

    /**
     * The user id when {@code spec} is a bare user id rather than a {@code kind:} spec: no colon at all, or
     * DingTalk's own {@code $:LWCP_v1:$…} sender id format.
     */
    static java.util.Optional<String> bareUser(String spec) {
        if (spec.isBlank() || spec.contains(",") || spec.contains(":") && !spec.startsWith("$:")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(spec);
    }

    /** Parses a spec; the message of the exception names the problem, never the (secret) webhook URL. */
    static DingTalkRecipient parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("recipient has no kind (user:, group:, robot-user:, robot-group:)");
        }
        String kind = spec.substring(0, colon);
        String rest = spec.substring(colon + 1);
        switch (kind) {
            case "user":
                return new WorkNotice(ids(rest, 100));
            case "group":
                return new Group(nonBlank(rest));
            case "robot-user":
                return new RobotUsers(ids(rest, 20));
            case "robot-group":
                return new RobotGroup(nonBlank(rest));
            case "session":
                String[] parts = rest.split(":", 4);
                if (parts.length != 4 || !parts[1].matches("[12]")) {
                    throw new IllegalArgumentException("malformed session recipient");
                }
                try {
                    return new Session(Instant.ofEpochMilli(Long.parseLong(parts[0])), "2".equals(parts[1]),
                            nonBlank(parts[2]), URI.create(parts[3]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("malformed session recipient");
                }
            default:
                throw new IllegalArgumentException("unknown recipient kind " + kind
                        + " (user:, group:, robot-user:, robot-group:)");
        }
    }

    private static List<String> ids(String s, int max) {
        List<String> ids = Arrays.stream(s.split(",")).map(String::trim).toList();
        if (ids.isEmpty() || ids.size() > max || ids.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("recipient needs 1.." + max + " comma-separated user ids");
        }
        return ids;
    }

    private static String nonBlank(String s) {
        if (s.isBlank()) {
            throw new IllegalArgumentException("recipient id is empty");
        }
        return s;
    }
}
