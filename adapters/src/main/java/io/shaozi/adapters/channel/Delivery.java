package io.shaozi.adapters.channel;

import io.shaozi.adapters.common.Outbound;
import java.util.Objects;
import java.util.Optional;

/**
 * One outbound message as a channel sends it (an outbox row without its channel).
 *
 * @param account   the configured account/app/robot the message goes out through
 * @param recipient the channel's recipient address ({@link ChatChannel#userAddress} and the channel's own forms)
 * @param payload   what to send
 * @param dedupeKey the outbox row's dedupe key, when it has one (a platform idempotency key may be derived from it)
 */
public record Delivery(String account, String recipient, Outbound payload, Optional<String> dedupeKey) {
    public Delivery {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(dedupeKey, "dedupeKey");
    }
}
