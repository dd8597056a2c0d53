package io.shaozi.core.push;

import java.util.List;

/** Queues sends durably (one transaction for the whole list). */
@FunctionalInterface
public interface OutboxQueue {
    void enqueue(List<OutboxMessage> messages);
}
