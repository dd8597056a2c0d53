package io.shaozi.core.push;

import java.util.List;

/**
 * The outbox: messages queued here are sent by the outbox sender, with retries, once each (dedupe key). Inside a
 * ticket transaction ({@code TicketRepository.Tx#outbox}) a queued message commits or rolls back with the ticket
 * change; on its own ({@code store.OutboxJdbc}) each call is one transaction.
 */
@FunctionalInterface
public interface Outbox {
    /** Queues {@code m}; false when its dedupe key was queued before. */
    boolean enqueue(OutboxMessage m);

    /** Queues all of {@code messages}: at once (one transaction) where the outbox stands on its own. */
    default void enqueueAll(List<OutboxMessage> messages) {
        messages.forEach(this::enqueue);
    }
}
