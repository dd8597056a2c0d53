package io.shaozi.adapters.common;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an inbound message came from.
 *
 * @param channel   platform
 * @param account   configured account/app/robot id (the {account} path variable), not the platform's secret id
 * @param user      the platform's stable user id (WeChat OpenID, WeCom UserID, DingTalk senderStaffId, Feishu open_id)
 * @param messageId platform message id, or a synthetic dedupe key for events (user + time + event)
 * @param sentAt    platform timestamp of the message
 */
public record Origin(Channel channel, String account, String user, String messageId, Instant sentAt) {
    public Origin {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sentAt, "sentAt");
    }

    /** Key that identifies one delivery across retries: channel, account and message id. */
    public String dedupeKey() {
        return channel.id() + ":" + account + ":" + messageId;
    }
}
