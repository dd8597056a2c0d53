package io.shaozi.core.push;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import java.util.Objects;
import java.util.Optional;

/**
 * One send waiting in the outbox.
 *
 * @param channel   platform to send through
 * @param account   configured account/app/robot id
 * @param recipient platform user id, chat id, department/tag spec or robot id (adapter-specific)
 * @param payload   what to send
 * @param dedupeKey when present, the same logical notice is queued at most once (e.g. "overdue:2026112800012:1")
 */
public record OutboxMessage(Channel channel, String account, String recipient, Outbound payload,
                            Optional<String> dedupeKey) {
    public OutboxMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(dedupeKey, "dedupeKey");
    }
}
