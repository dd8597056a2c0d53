package io.shaozi.core.ticket;

import io.shaozi.core.push.OutboxMessage;

/** The outbox of the current transaction: a queued message commits (or rolls back) with the ticket change. */
@FunctionalInterface
public interface Outbox {
    /** Queues {@code m}; false when its dedupe key was queued before. */
    boolean enqueue(OutboxMessage m);
}
