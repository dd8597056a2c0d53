package io.shaozi.core.ticket;

import io.shaozi.core.push.Outbox;
import io.shaozi.adapters.common.Fields;
import io.shaozi.nlp.Rating;
import io.shaozi.nlp.Urgency;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The ticket service the dialog and the admin API call. Every change runs in one transaction: events appended,
 * projection rewritten, outbox rows queued (staff alerts and resident notices), and returns only after commit.
 *
 * <pre>
 * Ticket t = service.open(new OpenRequest(reporter, text, "城乡建设", Optional.of("物业照明"), Urgency.NORMAL,
 *         "多福巷12号", Optional.empty(), List.of(), Optional.of(messageId)), Actor.resident(reporter));
 * Outcome o = service.act(t.number(), new Action.Accept(""), staff, OptionalInt.of(t.version()));
 * </pre>
 */
public final class TicketService {
    private final TicketRepository repo;
    private final TicketMachine machine;
    private final Clock clock;
    private final List<TicketNotifier> notifiers;

    /**
     * @param reporters   tells residents (the dialog's implementation; {@link ReporterNotifier#NONE} for none)
     * @param staffAlerts alerts departments and leaders (e.g. {@link StaffAlerts})
     */
    public TicketService(TicketRepository repo, TicketMachine machine, Clock clock, ReporterNotifier reporters,
                         TicketNotifier staffAlerts) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.machine = Objects.requireNonNull(machine, "machine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.notifiers = List.of(staffAlerts, reporters.asTicketNotifier());
    }

    public TicketMachine machine() {
        return machine;
    }

    public Clock clock() {
        return clock;
    }

    public TicketRepository repository() {
        return repo;
    }

    /**
     * Opens a ticket: 受理 and, when the duty list and place give a department, 派单 with its deadlines. With a
     * {@code dedupeKey} the same request opens one ticket only (a redelivery returns the first one).
     */
    public Ticket open(OpenRequest req, Actor actor) {
        if (req.dedupeKey().isPresent()) {
            // one look in every form the key may be stored in: a key stored as is by an older release (an instance
            // of it may still run during an upgrade) would not make the hashed key's insert below fail
            Optional<Ticket> known = byKey(req.dedupeKey().get());
            if (known.isPresent()) {
                return known.get();
            }
        }
        try {
            // no second look for the key inside: a concurrent opening of the same request makes rememberKey's
            // insert fail on ticket_open_key's primary key, and the catch below answers with the winner's ticket
            return repo.open(LocalDate.ofInstant(clock.instant(), machine.sla().workingTime().zone()), (tx, number) -> {
                Decision.Applied a = machine.open(number, req, actor, clock.instant());
                tx.insert(a.ticket(), a.events());
                req.dedupeKey().ifPresent(k -> tx.rememberKey(storedKey(k), number));
                notifyAll(a.ticket(), a.events(), tx.outbox());
                return a.ticket();
            });
        } catch (RuntimeException e) {
            if (req.dedupeKey().isPresent()) {
                // a concurrent delivery of the same message won the race: answer with its ticket
                Optional<Ticket> known = byKey(req.dedupeKey().get());
                if (known.isPresent()) {
                    return known.get();
                }
            }
            throw e;
        }
    }

    private Optional<Ticket> byKey(String key) {
        return repo.numberForKey(keyForms(key)).flatMap(repo::find); // reads only: no transaction to commit
    }

    /** The longest dedupe key older releases stored as is (ticket_open_key.dedupe_key). */
    private static final int LEGACY_KEY_COLUMN = 200;

    /**
     * How a request's dedupe key is stored: hashed ({@code h:} + SHA-256 hex, 66 characters), since the key is
     * built from user input (platform message id and user id) of any length.
     */
    static String storedKey(String dedupeKey) {
        return Fields.hashedKey("ticket-open", dedupeKey);
    }

    /** How a dedupe key may be stored: hashed, or as older releases stored it (the key itself). */
    private static List<String> keyForms(String dedupeKey) {
        return dedupeKey.length() <= LEGACY_KEY_COLUMN && Fields.isClean(dedupeKey, false)
                ? List.of(storedKey(dedupeKey), dedupeKey) : List.of(storedKey(dedupeKey));
    }

    public Optional<Ticket> find(String number) {
        return repo.find(number);
    }

    public List<TicketEvent> events(String number) {
        return repo.events(number);
    }

    /** The resident's tickets (as reporter or follower of a merged duplicate), newest first. */
    /** Tickets opened at or after {@code from}, oldest first (see {@link TicketRepository#openedSince}). */
    public List<RecentTicket> openedSince(Instant from, int limit) {
        return repo.openedSince(from, limit);
    }

    /** The request text and place of each of {@code numbers} that exists. */
    public List<RecentTicket.Request> requests(java.util.Collection<String> numbers) {
        return numbers.isEmpty() ? List.of() : repo.requests(numbers);
    }

    public List<TicketSummary> listForReporter(Reporter reporter, int limit) {
        return repo.byReporter(reporter.key(), limit);
    }

    public TicketPage search(TicketQuery q) {
        return repo.search(q);
    }

    /** See {@link TicketRepository#versions}. */
    public List<TicketRepository.Versioned> versions(java.util.Set<TicketStatus> statuses,
                                                     java.util.Set<io.shaozi.nlp.Urgency> urgencies) {
        return repo.versions(statuses, urgencies);
    }

    /**
     * Applies {@code action}. {@code expectedVersion}: the version the caller saw (optimistic lock); empty to act
     * on whatever is current (still safe against concurrent writers).
     */
    public Outcome act(String number, Action action, Actor actor, OptionalInt expectedVersion) {
        Outcome o = attempt(number, action, actor, expectedVersion);
        // without an expected version the caller asked to act on whatever is current: a concurrent writer (the
        // scanner, another cadre) only means deciding again on the new state
        for (int retry = 0; retry < 3 && expectedVersion.isEmpty() && o instanceof Outcome.Conflict; retry++) {
            o = attempt(number, action, actor, expectedVersion);
        }
        return o;
    }

    private Outcome attempt(String number, Action action, Actor actor, OptionalInt expectedVersion) {
        try {
            return repo.inTransaction(tx -> {
                Optional<Ticket> found = tx.lock(number);
                if (found.isEmpty()) {
                    return new Outcome.NotFound(number);
                }
                Ticket t = found.get();
                if (expectedVersion.isPresent() && expectedVersion.getAsInt() != t.version()) {
                    return new Outcome.Conflict("工单已被他人更新（当前版本" + t.version() + "），请刷新后重试", t.version());
                }
                Instant now = clock.instant();
                Decision d;
                Optional<Ticket> master = Optional.empty();
                if (action instanceof Action.Merge m) {
                    master = tx.lock(m.master());
                    if (master.isEmpty()) {
                        return new Outcome.Refused("主单" + m.master() + "不存在");
                    }
                    d = machine.decideMerge(t, master.get(), m, actor, now);
                } else {
                    d = machine.decide(t, action, actor, now);
                }
                if (d instanceof Decision.Refused r) {
                    return r.forbidden() ? new Outcome.Forbidden(r.reason()) : new Outcome.Refused(r.reason());
                }
                Decision.Applied a = (Decision.Applied) d;
                commit(tx, t, a);
                if (a.master().isPresent()) {
                    commit(tx, master.orElseThrow(), a.master().get());
                }
                return new Outcome.Done(a.ticket());
            });
        } catch (VersionConflict c) {
            int v = repo.find(number).map(Ticket::version).orElse(0);
            return new Outcome.Conflict("工单已被他人更新，请刷新后重试", v);
        }
    }

    /** 评价: 满意 / 基本满意 close the ticket; 不满意 (with the reason) sends it back for 重办. */
    public Outcome rate(String number, Rating rating, String comment, Actor actor) {
        return act(number, new Action.Rate(rating, comment), actor, OptionalInt.empty());
    }

    /** 催办. */
    public Outcome urge(String number, String note, Actor actor) {
        return act(number, new Action.Urge(note), actor, OptionalInt.empty());
    }

    /** 撤销. */
    public Outcome withdraw(String number, String reason, Actor actor) {
        return act(number, new Action.Withdraw(reason), actor, OptionalInt.empty());
    }

    /**
     * 附件下载失败 on the timeline, by the system, once per file and kind (retrying / given up): a download job run
     * again after a lost lease does not write it twice. Empty when it was written before.
     */
    public Optional<Outcome> mediaFailed(String number, Action.MediaFailed failure) {
        String retrying = Boolean.toString(failure.retrying());
        boolean written = events(number).stream().anyMatch(e -> e.type() == EventType.MEDIA_FAILED
                && failure.ref().equals(e.data().get(Keys.MEDIA)) && retrying.equals(e.data().get(Keys.RETRYING)));
        return written ? Optional.empty() : Optional.of(act(number, failure, Actor.system(), OptionalInt.empty()));
    }

    /** 补充诉求 (text and/or attachment references). */
    public Outcome addDetail(String number, String note, List<String> attachments, Actor actor) {
        return act(number, new Action.AddDetail(note, attachments), actor, OptionalInt.empty());
    }

    /**
     * What time does to one ticket now (the scanner's unit of work): the number of events written, 0 when nothing
     * was due, -1 when the ticket changed concurrently (it is looked at again on the next pass).
     */
    int tick(String number) {
        try {
            return repo.inTransaction(tx -> {
                Optional<Ticket> found = tx.lock(number);
                if (found.isEmpty()) {
                    return 0;
                }
                Decision.Applied a = machine.tick(found.get(), clock.instant());
                commit(tx, found.get(), a);
                return a.events().size();
            });
        } catch (VersionConflict c) {
            return -1;
        }
    }

    private void commit(TicketRepository.Tx tx, Ticket before, Decision.Applied a) {
        if (a.empty()) {
            return;
        }
        if (!tx.update(a.ticket(), before.version(), a.events())) {
            throw new VersionConflict(before.number());
        }
        notifyAll(a.ticket(), a.events(), tx.outbox());
    }

    private void notifyAll(Ticket t, List<TicketEvent> events, Outbox outbox) {
        for (TicketNotifier n : new ArrayList<>(notifiers)) {
            n.changed(t, events, outbox);
        }
    }
}
