package io.shaozi.core.push;

import io.shaozi.adapters.channel.SendOutcome;

/** Delivers outbox messages of one channel through its platform API. May block; runs on the sender thread. */
@FunctionalInterface
public interface ChannelSender {
    SendOutcome send(OutboxMessage message);
}
