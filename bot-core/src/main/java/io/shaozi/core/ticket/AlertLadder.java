package io.shaozi.core.ticket;

import io.shaozi.core.identity.DutyRoster;
import io.shaozi.core.identity.Org;
import io.shaozi.core.lock.Locks;
import io.shaozi.nlp.Urgency;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert ladder (告警升级). A pass ({@link #scanOnce}, the recurring job {@link #JOB}) looks at the tickets that
 * wait to be taken (已受理, 已派单, 重办) and, for each whose severity has a ladder ({@link AlertPolicy}), takes the next
 * step when it is due: it writes an {@link EventType#ALERTED} event on the ticket's timeline naming the step and its
 * recipients, and {@link AlertNotifier} queues the messages in the same transaction. The ladder's state is the
 * ticket's events ({@link AlertLog}), so a restart resumes where it was; the pass runs under a {@link Locks} lease
 * and writes with the ticket's version, and every message carries a dedupe key, so a second instance never sends
 * twice. Acknowledgement ({@link #ack}: 收到 in chat, the console, the API; or 签收) stops it.
 */
public final class AlertLadder {
    private static final Logger LOG = LoggerFactory.getLogger(AlertLadder.class);
    /** The ladder's recurring job on the scheduler. */
    public static final String JOB = "alert-ladder";
    static final String LOCK = "alert-ladder";

    private final TicketService service;
    private final Supplier<Org> org;
    private final Supplier<AlertPolicy> policy;
    private final Supplier<DutyRoster> roster;
    private final SmsLedger sms;
    private final Locks locks;
    private final Clock clock;
    private final AlertReach reach;

    /**
     * The outcome of one pass: tickets looked at, steps taken, steps held by quiet hours, and how many of the tickets
     * were read in full (the others had not changed since a pass found nothing due on them before now).
     */
    public record Pass(boolean ran, int checked, int stepped, int held, int read) {
    }

    /** One alert as the inbox shows it. */
    public record Item(AlertLog log, TicketSummary ticket, String place, boolean open) {
    }

    public AlertLadder(TicketService service, Supplier<Org> org, Supplier<AlertPolicy> policy,
                       Supplier<DutyRoster> roster, SmsLedger sms, Locks locks) {
        this(service, org, policy, roster, sms, locks, AlertReach.ALL);
    }

    /** @param reach which addresses can be sent to as configured: the others are named on the timeline as not sent */
    public AlertLadder(TicketService service, Supplier<Org> org, Supplier<AlertPolicy> policy,
                       Supplier<DutyRoster> roster, SmsLedger sms, Locks locks, AlertReach reach) {
        this.reach = Objects.requireNonNull(reach, "reach");
        this.service = Objects.requireNonNull(service, "service");
        this.org = Objects.requireNonNull(org, "org");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.roster = Objects.requireNonNull(roster, "roster");
        this.sms = Objects.requireNonNull(sms, "sms");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.clock = service.clock();
    }

    /** One pass over the waiting tickets; {@code ran=false} when another instance holds the lease. */
    public Pass scanOnce() {
        Optional<Locks.Lease> lease = locks.tryAcquire(LOCK, Duration.ofMinutes(2));
        if (lease.isEmpty()) {
            return new Pass(false, 0, 0, 0, 0);
        }
        Locks.Lease l = lease.get();
        try {
            AlertPolicy p = policy.get();
            java.util.Set<Urgency> laddered = java.util.EnumSet.noneOf(Urgency.class);
            for (Urgency u : Urgency.values()) {
                p.ladder(u).ifPresent(x -> laddered.add(u));
            }
            // oldest first: the daily SMS cap goes to the alerts that waited longest
            List<TicketRepository.Versioned> candidates = service.versions(AlertLog.WAITING, laddered);
            Map<String, Idle> was;
            synchronized (idle) {
                if (idlePolicy != p) { // the policy was reloaded: every due time may have moved
                    idle.clear();
                    idlePolicy = p;
                }
                was = new HashMap<>(idle);
            }
            Instant now = clock.instant();
            Map<String, Idle> next = new HashMap<>();
            int checked = 0;
            int stepped = 0;
            int held = 0;
            int read = 0;
            for (TicketRepository.Versioned v : candidates) {
                checked++;
                Idle known = was.get(v.number());
                if (known != null && known.version() == v.version() && now.isBefore(known.until())) {
                    next.put(v.number(), known); // unchanged since it was read, and its next step is not due yet
                    continue;
                }
                read++;
                try {
                    Step r = step(v.number(), p, now);
                    switch (r.result()) {
                        case STEPPED -> stepped++;
                        case HELD -> held++;
                        default -> r.idle().ifPresent(i -> next.put(v.number(), i));
                    }
                } catch (RuntimeException e) {
                    LOG.error("alert ladder of ticket {} failed", v.number(), e);
                }
            }
            synchronized (idle) {
                if (idlePolicy == p) {
                    idle.clear(); // tickets no longer waiting leave the map with this pass
                    idle.putAll(next);
                }
            }
            if (stepped > 0 || held > 0) {
                LOG.info("alert ladder: {} checked, {} steps, {} held (quiet hours)", checked, stepped, held);
            }
            return new Pass(true, checked, stepped, held, read);
        } finally {
            l.close();
        }
    }

    /** Tickets in the states an alert waits in. */
    private List<TicketSummary> waiting() {
        return waiting(service);
    }

    private static List<TicketSummary> waiting(TicketService service) {
        List<TicketSummary> out = new ArrayList<>();
        for (TicketStatus st : AlertLog.WAITING) {
            for (int page = 1; ; page++) {
                TicketPage p = service.search(new TicketQuery(Optional.of(st), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), page, TicketQuery.MAX_SIZE));
                out.addAll(p.items());
                if (p.items().size() < TicketQuery.MAX_SIZE) {
                    break;
                }
            }
        }
        // oldest first: the daily SMS cap goes to the alerts that waited longest
        out.sort(java.util.Comparator.comparing(TicketSummary::createdAt).thenComparing(TicketSummary::number));
        return out;
    }

    private enum StepResult { NONE, STEPPED, HELD }

    /**
     * What a look at one ticket did; {@code idle}: nothing is due on it before that time unless it changes (its
     * version then differs), so the next passes need not read it until then.
     */
    private record Step(StepResult result, Optional<Idle> idle) {
        static Step none(Ticket t, Instant until) {
            return new Step(StepResult.NONE, Optional.of(new Idle(t.version(), until)));
        }
    }

    /** A ticket read at {@code version} whose next step is not due before {@code until}. */
    private record Idle(int version, Instant until) {
    }

    /** Tickets with nothing due, from the last pass (guarded by itself); cleared when the policy changes. */
    private final Map<String, Idle> idle = new HashMap<>();
    private AlertPolicy idlePolicy;

    private Step step(String number, AlertPolicy p, Instant now) {
        Optional<Ticket> found = service.find(number);
        if (found.isEmpty()) {
            return new Step(StepResult.NONE, Optional.empty());
        }
        Ticket t = found.get();
        Optional<AlertPolicy.Ladder> ladder = p.ladder(t.urgency());
        List<TicketEvent> events = service.events(number);
        if (events.size() != t.version()) {
            return new Step(StepResult.NONE, Optional.empty()); // changed between the two reads: look again next pass
        }
        Optional<AlertLog> log = AlertLog.latest(events);
        if (ladder.isEmpty() || log.isEmpty() || !log.get().open(t.status())) {
            return Step.none(t, Instant.MAX); // only a change to the ticket (a new version) can start a step
        }
        AlertLog a = log.get();
        int k = a.steps().size();
        if (k >= ladder.get().total()) {
            return Step.none(t, Instant.MAX);
        }
        Instant due = k == 0 ? a.triggeredAt() : a.lastAt().orElseThrow().plus(ladder.get().after());
        if (now.isBefore(due)) {
            return Step.none(t, due);
        }
        if (k > 0 && !ladder.get().critical() && p.quiet(now)) {
            return new Step(StepResult.HELD, Optional.empty());
        }
        AlertPolicy.Step kind = ladder.get().step(k);
        Org o = org.get();
        Map<String, String> d = new HashMap<>();
        d.put("ladder", Integer.toString(a.ladder()));
        d.put("step", Integer.toString(k));
        d.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        List<String> names = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int i = 0;
        switch (kind) {
            case NOTICE, URGENT -> {
                // step 1's messages went out with the dispatch itself (same transaction); this records them
                Instant at = k == 0 ? a.triggeredAt() : now;
                i = told(AlertTargets.notice(o, a.department(), t.urgency(), roster.get(), at), d, i, names, skipped);
                if (k == 0) {
                    d.put("sent", "inline");
                }
            }
            case SUPERVISOR -> {
                i = told(AlertTargets.supervisor(o, a.department()), d, i, names, skipped);
            }
            case SMS -> {
                LocalDate day = now.atZone(AlertPolicy.ZONE).toLocalDate();
                for (AlertTargets.Phone ph : AlertTargets.phones(o, a.department(), roster.get(), now)) {
                    if (!p.smsConsent().contains(ph.phone())) {
                        skipped.add(ph.name() + "（未同意接收短信）");
                    } else if (!sms.reserve(ph.phone(), day, a.id() + ":" + k, p.smsPerNumberPerDay())) {
                        skipped.add(ph.name() + "（今日短信已达上限）");
                    } else {
                        put(d, i++, ph.who(), new Org.Notify(AlertNotifier.SMS.id(), AlertNotifier.SMS_ACCOUNT, ph.phone()));
                        names.add(ph.name());
                    }
                }
            }
        }
        String note = "第" + (k + 1) + "级告警（" + kind.label() + "）：" + (names.isEmpty() ? "没有可通知的对象"
                : "已通知" + String.join("、", names)) + (skipped.isEmpty() ? "" : "；未发送：" + String.join("、", skipped));
        Outcome out = service.act(number, new Action.Alert(note, d), Actor.system(), OptionalInt.of(t.version()));
        if (out instanceof Outcome.Done) {
            return new Step(StepResult.STEPPED, Optional.empty());
        }
        if (!(out instanceof Outcome.Conflict)) {
            LOG.warn("alert step on ticket {} not written: {}", number, out);
        }
        return new Step(StepResult.NONE, Optional.empty());
    }

    /**
     * Records the targets a step tells from index {@code i} on (their names in {@code names}); those whose address
     * cannot be sent to as configured go to {@code skipped} with the reason. Returns the next free index.
     */
    private int told(List<AlertTargets.Target> targets, Map<String, String> d, int i, List<String> names,
                     List<String> skipped) {
        for (AlertTargets.Target target : targets) {
            if (!reach.reachable(target.address())) {
                skipped.add(target.name() + "（" + AlertReach.why(target.address()) + "）");
                continue;
            }
            put(d, i++, target.who(), target.address());
            names.add(target.name());
        }
        return i;
    }

    private static void put(Map<String, String> d, int i, String who, Org.Notify n) {
        d.put("to." + i + ".who", who);
        d.put("to." + i + ".ch", n.channel());
        d.put("to." + i + ".acct", n.account());
        d.put("to." + i + ".to", n.recipient());
    }

    /**
     * Acknowledges the open alert of ticket {@code number} (收到). {@code via}: {@code chat}, {@code console} or
     * {@code api}. Refused with a reason when no alert of the ticket waits for acknowledgement.
     */
    public Outcome ack(String number, Actor actor, String via) {
        return ack(service, number, actor, via);
    }

    /** {@link #ack} on {@code service} (the chat dialog acknowledges this way). */
    public static Outcome ack(TicketService service, String number, Actor actor, String via) {
        Optional<Ticket> t = service.find(number);
        if (t.isEmpty()) {
            return new Outcome.NotFound(number);
        }
        Optional<AlertLog> log = AlertLog.latest(service.events(number));
        if (log.isEmpty() || log.get().steps().isEmpty() || !log.get().open(t.get().status())) {
            return new Outcome.Refused("工单" + number + "没有待确认的告警");
        }
        return service.act(number, new Action.AckAlert(via), actor, OptionalInt.empty());
    }

    /**
     * Acknowledges every open alert that concerns {@code actor} (收到 without a number); the ticket numbers acknowledged.
     */
    public static List<String> ackAll(TicketService service, Actor actor, String via) {
        List<String> out = new ArrayList<>();
        for (TicketSummary s : waiting(service)) {
            Optional<Ticket> t = service.find(s.number());
            Optional<AlertLog> log = AlertLog.latest(service.events(s.number()));
            if (t.isPresent() && log.isPresent() && !log.get().steps().isEmpty() && log.get().open(t.get().status())
                    && concerns(log.get(), actor)
                    && service.act(s.number(), new Action.AckAlert(via), actor, OptionalInt.empty()) instanceof Outcome.Done) {
                out.add(s.number());
            }
        }
        return out;
    }

    /** The alerts of the waiting tickets, newest step first: those still open and those acknowledged. */
    public List<Item> inbox() {
        List<Item> out = new ArrayList<>();
        for (TicketSummary s : waiting()) {
            Optional<Ticket> t = service.find(s.number());
            if (t.isEmpty()) {
                continue;
            }
            AlertLog.latest(service.events(s.number())).filter(l -> !l.steps().isEmpty()).ifPresent(l ->
                    out.add(new Item(l, s, t.get().place(), l.open(t.get().status()))));
        }
        out.sort(java.util.Comparator.comparing((Item it) -> it.log().lastAt().orElse(Instant.EPOCH)).reversed());
        return out;
    }

    /** Whether {@code actor} is among those an alert concerns: told by name, or of the department alerted. */
    public static boolean concerns(AlertLog log, Actor actor) {
        return log.told().contains(actor.id())
                || actor.department().isPresent() && log.department().equals(actor.department())
                || actor.role().street() && log.department().isEmpty();
    }

    /** For tests and tools: whether {@code u} has a ladder under the current policy. */
    boolean hasLadder(Urgency u) {
        return policy.get().ladder(u).isPresent();
    }
}
