package io.shaozi.core.push;

/** Delivers outbox messages of one channel through its platform API. May block; runs on the sender thread. */
@FunctionalInterface
public interface ChannelSender {
    SendResult send(OutboxMessage message);
}
