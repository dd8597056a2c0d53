package io.shaozi.core.store;

import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.push.OutboxQueue;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

/** {@link OutboxQueue} on the outbox table. */
public final class OutboxQueueJdbc implements OutboxQueue {
    private final Tx tx;
    private final Clock clock;

    public OutboxQueueJdbc(DataSource ds, Clock clock) {
        this.tx = new Tx(ds);
        this.clock = clock;
    }

    @Override
    public void enqueue(List<OutboxMessage> messages) {
        tx.inTx(c -> {
            for (OutboxMessage m : messages) {
                OutboxJdbc.enqueue(c, m, clock.instant());
            }
            return null;
        });
    }
}
