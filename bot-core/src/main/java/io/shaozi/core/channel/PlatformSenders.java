package io.shaozi.core.channel;

import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.wechat.WeChatClient;
import io.shaozi.adapters.wecom.Recipients;
import io.shaozi.adapters.wecom.WeComClient;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.dingtalk.DingTalkApp;
import io.shaozi.adapters.dingtalk.DingTalkClient;
import io.shaozi.adapters.dingtalk.DingTalkContent;
import io.shaozi.adapters.dingtalk.DingTalkRobot;
import io.shaozi.adapters.feishu.FeishuApp;
import io.shaozi.adapters.feishu.FeishuClient;
import io.shaozi.adapters.feishu.ReceiveIdType;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.push.SendResult;
import io.shaozi.core.store.RecentSendsJdbc;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Outbox senders over the platform clients: platform outcomes mapped to {@link SendResult}. */
public final class PlatformSenders {
    private PlatformSenders() {
    }

    /** WeChat MP: templates as template messages, everything else as customer-service messages. */
    public static ChannelSender wechat(Map<String, WeChatClient> clients) {
        return m -> {
            WeChatClient c = clients.get(m.account());
            if (c == null) {
                return new SendResult.Rejected("no outbound client for wechat account " + m.account()
                        + " (is appSecret configured?)");
            }
            io.shaozi.adapters.wechat.SendOutcome o = m.payload() instanceof Outbound.Template t
                    ? c.sendTemplate(m.recipient(), t) : c.sendCustomerService(m.recipient(), m.payload());
            if (o instanceof io.shaozi.adapters.wechat.SendOutcome.Sent) {
                return new SendResult.Sent();
            }
            if (o instanceof io.shaozi.adapters.wechat.SendOutcome.RetryLater r) {
                return new SendResult.RetryLater(r.notBefore(), r.reason());
            }
            io.shaozi.adapters.wechat.SendOutcome.Rejected r = (io.shaozi.adapters.wechat.SendOutcome.Rejected) o;
            return new SendResult.Rejected(r.api() + " errcode " + r.errcode() + ": " + r.errmsg());
        };
    }

    /** WeCom app messages; the recipient column is a {@link Recipients#spec()}. */
    public static ChannelSender wecom(Map<String, WeComClient> clients) {
        return m -> {
            WeComClient c = clients.get(m.account());
            if (c == null) {
                return new SendResult.Rejected("no outbound client for wecom app " + m.account()
                        + " (is secret configured?)");
            }
            io.shaozi.adapters.wecom.SendOutcome o = c.sendAppMessage(Recipients.parse(m.recipient()), m.payload());
            if (o instanceof io.shaozi.adapters.wecom.SendOutcome.Sent
                    || o instanceof io.shaozi.adapters.wecom.SendOutcome.PartiallySent) {
                return new SendResult.Sent();
            }
            if (o instanceof io.shaozi.adapters.wecom.SendOutcome.RetryLater r) {
                return new SendResult.RetryLater(r.notBefore(), r.reason());
            }
            io.shaozi.adapters.wecom.SendOutcome.Rejected r = (io.shaozi.adapters.wecom.SendOutcome.Rejected) o;
            return new SendResult.Rejected(r.api() + " errcode " + r.errcode() + ": " + r.errmsg());
        };
    }

    /** A DingTalk custom group robot as the sender needs it: webhook URL (secret: never logged) and 加签 secret. */
    public record DingTalkGroup(URI url, Optional<String> secret) {
        @Override
        public String toString() {
            return "DingTalkGroup[url=" + url.getHost() + "/****, secret=" + (secret.isPresent() ? "****" : "none")
                    + "]";
        }
    }

    /** How many messages a custom group robot may send per window (DingTalk: 20 per minute). */
    public record WebhookLimit(int max, Duration window) {
    }

    /**
     * DingTalk, recipient formats of {@link DingTalkRecipient}: work notices from apps, custom group robots
     * (rate limited: a send over the limit is {@link SendResult.Throttled}, so it is neither dropped nor counted
     * as an attempt and the group's rows stay in order), robot OpenAPI sends and session-webhook replies. The
     * group window is computed from the outbox's own delivery times as well as the client's in-memory limiter,
     * so it holds across a restart. Alerts tied to a ticket (dedupe key {@code tk:<ticket>:…}) go through
     * {@link DingTalkContent#distinct}, because DingTalk silently drops identical content.
     */
    public static ChannelSender dingtalk(DingTalkClient client, Map<String, DingTalkApp> apps,
                                         Map<String, DingTalkRobot> robots, Map<String, DingTalkGroup> groups,
                                         RecentSendsJdbc recent, WebhookLimit limit, Clock clock) {
        return m -> {
            DingTalkRecipient to;
            Optional<String> bare = DingTalkRecipient.bareUser(m.recipient());
            if (bare.isPresent()) {
                to = robots.containsKey(m.account()) ? new DingTalkRecipient.RobotUsers(List.of(bare.get()))
                        : new DingTalkRecipient.WorkNotice(List.of(bare.get()));
            } else {
                try {
                    to = DingTalkRecipient.parse(m.recipient());
                } catch (IllegalArgumentException e) {
                    return new SendResult.Rejected("dingtalk recipient: " + e.getMessage());
                }
            }
            Outbound payload = ticketNumber(m).map(t -> DingTalkContent.distinct(m.payload(), t, clock.instant()))
                    .orElse(m.payload());
            if (to instanceof DingTalkRecipient.WorkNotice w) {
                DingTalkApp app = apps.get(m.account());
                if (app == null) {
                    return new SendResult.Rejected("no dingtalk app " + m.account());
                }
                return dingResult(client.sendWorkNotice(app, w.users(), payload));
            }
            if (to instanceof DingTalkRecipient.Group g) {
                DingTalkGroup group = groups.get(g.webhookId());
                if (group == null) {
                    return new SendResult.Rejected("no dingtalk group webhook " + g.webhookId());
                }
                Instant now = clock.instant();
                List<Instant> sent = recent.since(Channel.DINGTALK, m.account(), m.recipient(),
                        now.minus(limit.window()));
                if (sent.size() >= limit.max()) {
                    return new SendResult.Throttled(sent.get(sent.size() - limit.max()).plus(limit.window()),
                            "group robot limit " + limit.max() + " per " + limit.window().toSeconds() + " s");
                }
                String key = group.url().toString();
                Instant next = client.limiter().nextAllowedSend(key);
                if (next.isAfter(now)) {
                    return new SendResult.Throttled(next, "group robot rate limit");
                }
                io.shaozi.adapters.dingtalk.SendOutcome o = client.sendToWebhook(group.url(), group.secret(), payload);
                if (o instanceof io.shaozi.adapters.dingtalk.SendOutcome.RetryLater r
                        && client.limiter().nextAllowedSend(key).isAfter(now)) {
                    // the platform throttled the robot (130101): a hold, not a failed attempt
                    return new SendResult.Throttled(r.notBefore(), r.reason());
                }
                return dingResult(o);
            }
            DingTalkRobot robot = robots.get(m.account());
            if (robot == null) {
                return new SendResult.Rejected("no dingtalk robot " + m.account());
            }
            if (to instanceof DingTalkRecipient.Session s) {
                if (clock.instant().isBefore(s.expiresAt())) {
                    io.shaozi.adapters.dingtalk.SendOutcome o = client.sendBySessionWebhook(s.context(robot.id()),
                            payload);
                    if (!(o instanceof io.shaozi.adapters.dingtalk.SendOutcome.Rejected r)
                            || !"session_webhook_expired".equals(r.errcode())) {
                        return dingResult(o);
                    }
                }
                to = s.fallback();
            }
            if (to instanceof DingTalkRecipient.RobotUsers u) {
                return dingResult(client.sendRobotToUsers(robot, u.users(), payload));
            }
            return dingResult(client.sendRobotToGroup(robot, ((DingTalkRecipient.RobotGroup) to).openConversationId(),
                    payload));
        };
    }

    /** The ticket number of an alert row ({@code tk:<ticket>:<seq>:…}, see StaffAlerts). */
    static Optional<String> ticketNumber(OutboxMessage m) {
        return m.dedupeKey().filter(k -> k.startsWith("tk:")).map(k -> k.split(":"))
                .filter(parts -> parts.length > 2 && !parts[1].isBlank()).map(parts -> parts[1]);
    }

    private static SendResult dingResult(io.shaozi.adapters.dingtalk.SendOutcome o) {
        if (o instanceof io.shaozi.adapters.dingtalk.SendOutcome.Sent) {
            return new SendResult.Sent();
        }
        if (o instanceof io.shaozi.adapters.dingtalk.SendOutcome.RetryLater r) {
            return new SendResult.RetryLater(r.notBefore(), r.reason());
        }
        io.shaozi.adapters.dingtalk.SendOutcome.Rejected r = (io.shaozi.adapters.dingtalk.SendOutcome.Rejected) o;
        return new SendResult.Rejected("dingtalk errcode " + r.errcode() + ": " + r.errmsg());
    }

    /**
     * Feishu / Lark messages; the recipient is {@code <receive_id_type>:<id>} ({@code chat_id:oc_…},
     * {@code open_id:ou_…}, {@code user_id:…}, {@code union_id:…}, {@code email:…}) or a bare id (type
     * inferred, see {@link #bareFeishuType}) and the account the configured app. The dedupe key, hashed, is
     * Feishu's idempotency uuid, so a retry after an unknown outcome does not post twice.
     */
    public static ChannelSender feishu(FeishuClient client, Map<String, FeishuApp> apps) {
        return m -> {
            FeishuApp app = apps.get(m.account());
            if (app == null) {
                return new SendResult.Rejected("no feishu app " + m.account());
            }
            int colon = m.recipient().indexOf(':');
            ReceiveIdType type;
            if (colon < 0) {
                type = bareFeishuType(m.recipient());
            } else {
                try {
                    type = ReceiveIdType.valueOf(m.recipient().substring(0, colon).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    return new SendResult.Rejected(
                            "feishu recipient must be <chat_id|open_id|user_id|union_id|email>:<id>");
                }
            }
            io.shaozi.adapters.feishu.SendOutcome o = client.send(app, type, m.recipient().substring(colon + 1),
                    m.payload(), m.dedupeKey().map(PlatformSenders::uuid));
            if (o instanceof io.shaozi.adapters.feishu.SendOutcome.Sent) {
                return new SendResult.Sent();
            }
            if (o instanceof io.shaozi.adapters.feishu.SendOutcome.RetryLater r) {
                return new SendResult.RetryLater(r.notBefore(), r.reason());
            }
            io.shaozi.adapters.feishu.SendOutcome.Rejected r = (io.shaozi.adapters.feishu.SendOutcome.Rejected) o;
            return new SendResult.Rejected("feishu code " + r.errcode() + ": " + r.errmsg());
        };
    }

    /**
     * The id type of a bare Feishu id (the handoff console writes the resident's open_id as is): {@code oc_} chat,
     * {@code on_} union id, an address with {@code @} e-mail, anything else an open_id.
     */
    static ReceiveIdType bareFeishuType(String id) {
        if (id.startsWith("oc_")) {
            return ReceiveIdType.CHAT_ID;
        }
        if (id.startsWith("on_")) {
            return ReceiveIdType.UNION_ID;
        }
        return id.contains("@") ? ReceiveIdType.EMAIL : ReceiveIdType.OPEN_ID;
    }

    /** 32 hex characters of SHA-256: a stable Feishu uuid (≤ 50 characters) for any dedupe key. */
    static String uuid(String dedupeKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(dedupeKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
