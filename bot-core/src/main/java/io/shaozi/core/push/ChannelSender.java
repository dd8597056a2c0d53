package io.shaozi.core.push;

import io.shaozi.adapters.channel.BatchSending;
import io.shaozi.adapters.channel.SendOutcome;
import java.util.List;

/** Delivers outbox messages of one channel through its platform API. May block; runs on the sender thread. */
@FunctionalInterface
public interface ChannelSender {
    SendOutcome send(OutboxMessage message);

    /**
     * {@link #send(OutboxMessage)} told which try this is: {@code attempt} 1 for the first, as the outbox counts its
     * row's attempts (a sender whose outcome depends on it, such as the last try of a media download, overrides this).
     */
    default SendOutcome send(OutboxMessage message, int attempt) {
        return send(message);
    }

    /**
     * Sends {@code message}'s payload to {@code members} (one user's address each) in one platform call, after each
     * member's and the account's rate limits said yes; {@code beforeCall} runs right before the platform is called
     * (not when the limits hold the batch back), so that the caller can record that the call may have happened.
     * Channels that cannot batch refuse with code {@code config}.
     */
    default BatchSending.Result sendBatch(OutboxMessage message, List<String> members, Runnable beforeCall) {
        return BatchSending.Result.of(new SendOutcome.Rejected("config", "channel " + message.channel().id()
                + " cannot send batches"));
    }
}
