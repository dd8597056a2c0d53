package io.shaozi.core.ticket;

import io.shaozi.core.lock.Locks;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds tickets whose stored next-check time has come (deadlines, 报到, escalation, rating window) and lets
 * {@link TicketMachine#tick} decide: 超期 marked, events written, alerts queued, 督办 escalated. Everything it needs
 * is stored, so a restart loses nothing; each ticket is changed in its own transaction with the optimistic
 * version, and the pass runs under a {@link Locks} lease, so several instances never double-alert (outbox rows also
 * carry dedupe keys).
 *
 * <p>It runs as the recurring job {@link #JOB} on the scheduler ({@code schedule.Jobs}), which starts each pass on
 * one instance only; the lease still keeps a pass started elsewhere (by hand, or by an instance of an older release
 * during a rolling upgrade) from overlapping it.
 */
public final class EscalationScanner {
    private static final Logger LOG = LoggerFactory.getLogger(EscalationScanner.class);
    static final String LOCK = "ticket-escalation-scanner";
    /** The scanner's recurring job on the scheduler. */
    public static final String JOB = "ticket-escalation";

    private final TicketService service;
    private final Locks locks;
    private final Clock clock;
    private final int batch;
    private final Duration leaseTtl;

    /** The outcome of one pass; {@code failed} tickets threw (logged) and are retried on the next pass. */
    public record Pass(boolean ran, int checked, int changed, int conflicts, int failed) {
    }

    public EscalationScanner(TicketService service, Locks locks, int batch, Duration leaseTtl) {
        this.service = Objects.requireNonNull(service, "service");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.clock = service.clock();
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive");
        }
        this.batch = batch;
        this.leaseTtl = leaseTtl;
    }

    public EscalationScanner(TicketService service, Locks locks) {
        this(service, locks, 500, Duration.ofMinutes(5));
    }

    /** One pass over everything due now. Returns {@code ran=false} when another instance holds the lease. */
    public Pass scanOnce() {
        Optional<Locks.Lease> lease = locks.tryAcquire(LOCK, leaseTtl);
        if (lease.isEmpty()) {
            return new Pass(false, 0, 0, 0, 0);
        }
        try (Locks.Lease l = lease.get()) {
            int checked = 0;
            int changed = 0;
            int conflicts = 0;
            int failed = 0;
            Set<String> seen = new HashSet<>();
            while (true) {
                List<String> due = service.repository().dueForCheck(clock.instant(), batch);
                boolean progress = false;
                for (String number : due) {
                    if (!seen.add(number)) {
                        continue;
                    }
                    progress = true;
                    checked++;
                    int events;
                    try {
                        events = service.tick(number);
                    } catch (RuntimeException e) {
                        // one bad ticket must not stop the others; it stays due and is tried again next pass
                        LOG.error("escalation check of ticket {} failed", number, e);
                        failed++;
                        continue;
                    }
                    if (events > 0) {
                        changed++;
                    } else if (events < 0) {
                        conflicts++;
                    }
                }
                if (!progress || due.size() < batch) {
                    break;
                }
                if (!l.renew(leaseTtl)) {
                    LOG.warn("scanner lease lost after {} tickets; stopping this pass", checked);
                    break;
                }
            }
            if (changed > 0 || failed > 0) {
                LOG.info("escalation pass: {} checked, {} changed, {} conflicts, {} failed", checked, changed, conflicts, failed);
            }
            return new Pass(true, checked, changed, conflicts, failed);
        }
    }
}
