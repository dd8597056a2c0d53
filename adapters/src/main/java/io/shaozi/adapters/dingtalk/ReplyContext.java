package io.shaozi.adapters.dingtalk;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How to answer a robot message later. Serialisable by bot-core (all strings / instants).
 *
 * @param robotId          configured robot id
 * @param conversationId   DingTalk conversation id (openConversationId for group sends)
 * @param conversationType "1" one-to-one, "2" group
 * @param senderStaffId    the sender's userid (robot 1:1 sends)
 * @param sessionWebhook   the per-conversation reply URL; present only when its host was allow-listed
 * @param webhookExpiresAt when the session webhook stops working ({@code sessionWebhookExpiredTime})
 */
public record ReplyContext(String robotId, String conversationId, String conversationType, String senderStaffId,
                           Optional<URI> sessionWebhook, Instant webhookExpiresAt) {
    public ReplyContext {
        Objects.requireNonNull(robotId, "robotId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(conversationType, "conversationType");
        Objects.requireNonNull(senderStaffId, "senderStaffId");
        Objects.requireNonNull(sessionWebhook, "sessionWebhook");
        Objects.requireNonNull(webhookExpiresAt, "webhookExpiresAt");
    }

    /** True while the session webhook may still be used. */
    public boolean webhookUsableAt(Instant now) {
        return sessionWebhook.isPresent() && now.isBefore(webhookExpiresAt);
    }

    @Override
    public String toString() {
        // the session webhook URL carries a session token: never print it
        return "ReplyContext[robotId=" + robotId + ", conversationId=" + conversationId + ", conversationType="
                + conversationType + ", senderStaffId=" + senderStaffId + ", sessionWebhook="
                + sessionWebhook.map(u -> u.getHost() + "/****").orElse("none") + ", webhookExpiresAt="
                + webhookExpiresAt + "]";
    }
}
