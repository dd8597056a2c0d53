package io.shaozi.core.ticket;

import io.shaozi.nlp.Rating;
import io.shaozi.nlp.Urgency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The fold: how one event changes a ticket. No decisions here, no clock, no configuration. */
final class TicketEvolver {
    private TicketEvolver() {
    }

    static Ticket apply(Ticket before, TicketEvent e) {
        if (before == null) {
            if (e.type() != EventType.OPENED || e.seq() != 1) {
                throw new IllegalArgumentException("a ticket's first event is OPENED with seq 1, got " + e.type() + " #" + e.seq());
            }
            return opened(e);
        }
        if (e.seq() != before.version() + 1) {
            throw new IllegalArgumentException("event " + e.seq() + " does not follow version " + before.version()
                    + " of " + before.number());
        }
        if (!e.ticket().equals(before.number())) {
            throw new IllegalArgumentException("event of " + e.ticket() + " applied to " + before.number());
        }
        B b = new B(before);
        b.version = e.seq();
        b.status = e.to();
        b.updatedAt = e.at();
        switch (e.type()) {
            case OPENED -> throw new IllegalArgumentException("OPENED twice on " + before.number());
            case DISPATCHED -> {
                b.department = e.opt(Keys.DEPARTMENT);
                if (e.opt(Keys.COMMUNITY).isPresent()) {
                    b.community = e.opt(Keys.COMMUNITY);
                }
                b.startCycle(e);
                e.opt(Keys.WRONGFUL_MINUTES).ifPresent(m -> {
                    b.wrongfulMinutes += Integer.parseInt(m);
                    int last = b.returns.size() - 1;
                    ReturnRecord r = b.returns.get(last);
                    b.returns.set(last, new ReturnRecord(r.seq(), r.department(), r.reason(), r.at(), true, Long.parseLong(m)));
                });
            }
            case ACCEPTED -> {
                b.acceptedAt = Optional.of(e.at());
                if (b.responded.isEmpty()) {
                    b.responded = Optional.of(!b.breached.contains(DeadlineKind.SIGN)
                            && b.signDue.map(d -> !e.at().isAfter(d)).orElse(true));
                }
            }
            case PROGRESS, DETAIL_ADDED -> {
                if ("true".equals(e.data().get(Keys.CONTACT)) && b.contactedAt.isEmpty()) {
                    b.contactedAt = Optional.of(e.at());
                }
                if (e.type() == EventType.DETAIL_ADDED) {
                    b.attachments.addAll(e.attachments());
                    e.opt(Keys.PLACE).ifPresent(p -> b.place = p);
                    e.opt(Keys.COMMUNITY).ifPresent(c -> b.community = Optional.of(c));
                }
                b.resume(e);
            }
            case WAITING -> {
                if ("true".equals(e.data().get(Keys.PAUSED))) {
                    b.pausedAt = Optional.of(e.at());
                }
            }
            case RESOLVED -> {
                b.resume(e);
                b.pausedAt = Optional.empty();
                b.resolvedAt = Optional.of(e.at());
                b.ratingDue = Keys.instant(e, Keys.RATING_DUE);
            }
            case RETURNED -> {
                b.returns.add(new ReturnRecord(e.seq(), b.department.orElse(""), ReturnReason.parse(e.get(Keys.REASON)), e.at(),
                        false, 0));
                b.returnedBy = b.department;
                b.returnedAt = Optional.of(e.at());
                b.bounces = Integer.parseInt(e.get(Keys.BOUNCES));
                b.department = Optional.empty();
                b.clearCycle();
            }
            case WHISTLED -> {
                e.opt(Keys.DEPARTMENT).ifPresent(d -> b.department = Optional.of(d));
                if (e.opt(Keys.RESOLVE_DUE).isPresent()) {
                    b.startCycle(e);
                }
                e.data().forEach((k, v) -> {
                    if (k.startsWith(Keys.SUMMON_PREFIX)) {
                        String dept = k.substring(Keys.SUMMON_PREFIX.length());
                        b.summons.removeIf(s -> s.department().equals(dept));
                        b.summons.add(new Summons(dept, e.at(), Instant.parse(v), Optional.empty(), Optional.empty(),
                                Optional.empty(), Optional.empty(), false));
                    }
                });
            }
            case REPORTED -> b.updateSummons(e.get(Keys.DEPARTMENT), s -> new Summons(s.department(), s.summonedAt(), s.dueAt(),
                    Optional.of(e.at()), Optional.of(e.actor().name()), e.opt(Keys.LOCATION), e.opt(Keys.PHOTO), s.missed()));
            case REPORT_MISSED -> b.updateSummons(e.get(Keys.DEPARTMENT), s -> new Summons(s.department(), s.summonedAt(), s.dueAt(),
                    s.reportedAt(), s.reportedBy(), s.location(), s.photo(), true));
            case MERGED -> {
                b.master = e.opt(Keys.MASTER);
                b.closedAt = Optional.of(e.at());
            }
            case MERGED_IN -> {
                b.merged.add(e.get(Keys.DUPLICATE));
                for (Reporter r : Keys.followers(e)) {
                    if (!r.key().equals(b.reporter.key()) && b.followers.stream().noneMatch(f -> f.key().equals(r.key()))) {
                        b.followers.add(r);
                    }
                }
            }
            case REOPENED -> b.reopen(e);
            case EXTENSION_REQUESTED -> b.extensionRequested = Optional.of(Integer.parseInt(e.get(Keys.DAYS)));
            case EXTENSION_APPROVED -> {
                b.extendedDays += Integer.parseInt(e.get(Keys.DAYS));
                b.extensionRequested = Optional.empty();
                b.resolveDue = Keys.instant(e, Keys.RESOLVE_DUE);
                b.breached.remove(DeadlineKind.RESOLVE);
                if (b.breached.isEmpty()) {
                    b.escalation = 0;
                    b.escalateAt = Optional.empty();
                }
            }
            case EXTENSION_REJECTED -> b.extensionRequested = Optional.empty();
            case WITHDRAWN -> b.closedAt = Optional.of(e.at());
            case RATED -> {
                b.rating = Optional.of(Rating.valueOf(e.get(Keys.RATING)));
                if (e.to() == TicketStatus.REOPENED) {
                    b.reopen(e);
                } else {
                    b.closedAt = Optional.of(e.at());
                    b.ratingDue = Optional.empty();
                }
            }
            case CLOSED_UNRATED -> {
                b.rating = Optional.of(Rating.UNRATED);
                b.closedAt = Optional.of(e.at());
                b.ratingDue = Optional.empty();
            }
            case URGED -> b.urges++;
            case RECATEGORIZED -> {
                b.category = e.get(Keys.CATEGORY);
                b.subcategory = e.opt(Keys.SUBCATEGORY);
            }
            case ALERTED, ALERT_ACKED, MEDIA_FAILED -> {
                // the alert ladder's log: the ticket itself is unchanged
            }
            case OVERDUE -> {
                DeadlineKind k = DeadlineKind.valueOf(e.get(Keys.KIND));
                if (b.breached.add(k)) {
                    b.breaches++;
                }
                if (k == DeadlineKind.SIGN && b.responded.isEmpty()) {
                    b.responded = Optional.of(false);
                }
                b.escalation = Math.max(b.escalation, 1);
                b.escalateAt = Keys.instant(e, Keys.ESCALATE_AT);
            }
            case ESCALATED -> {
                b.escalation = Integer.parseInt(e.get(Keys.LEVEL));
                b.escalateAt = Optional.empty();
            }
        }
        if (b.status != TicketStatus.WAITING_RESIDENT) {
            b.pausedAt = Optional.empty(); // leaving the waiting state (to a final one) ends the pause
        }
        return b.build();
    }

    private static Ticket opened(TicketEvent e) {
        Reporter r = Keys.reporter(e, "r.");
        return new Ticket(e.ticket(), 1, e.to(), e.get(Keys.CATEGORY), e.opt(Keys.SUBCATEGORY),
                Urgency.valueOf(e.get(Keys.URGENCY)), e.data().getOrDefault(Keys.TEXT, ""),
                e.data().getOrDefault(Keys.PLACE, ""), e.opt(Keys.COMMUNITY), Optional.empty(), r, List.of(),
                e.attachments(), e.at(), e.at(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, Set.of(), 0, 0,
                Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(), 0, List.of(), List.of(), Optional.empty(),
                0, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), 0, 0, Optional.empty(),
                e.data().getOrDefault(Keys.REQUEST_TYPE, ""));
    }

    /** Mutable copy used while applying one event. */
    private static final class B {
        final Ticket t;
        int version;
        TicketStatus status;
        Instant updatedAt;
        String category;
        Optional<String> subcategory;
        Optional<String> community;
        String place;
        Optional<String> department;
        final List<Reporter> followers;
        final Reporter reporter;
        final List<String> attachments;
        Optional<Instant> dispatchedAt;
        Optional<Instant> acceptedAt;
        Optional<Instant> contactedAt;
        Optional<Instant> resolvedAt;
        Optional<Instant> closedAt;
        Optional<Instant> signDue;
        Optional<Instant> contactDue;
        Optional<Instant> resolveDue;
        boolean provisional;
        final Set<DeadlineKind> breached;
        int breaches;
        int escalation;
        Optional<Instant> escalateAt;
        Optional<Instant> pausedAt;
        int bounces;
        Optional<String> returnedBy;
        Optional<Instant> returnedAt;
        int wrongfulMinutes;
        final List<ReturnRecord> returns;
        final List<Summons> summons;
        Optional<Integer> extensionRequested;
        int extendedDays;
        Optional<Rating> rating;
        Optional<Instant> ratingDue;
        Optional<String> master;
        final List<String> merged;
        int reopens;
        int urges;
        Optional<Boolean> responded;

        B(Ticket t) {
            this.t = t;
            version = t.version();
            status = t.status();
            updatedAt = t.updatedAt();
            category = t.category();
            subcategory = t.subcategory();
            community = t.community();
            place = t.place();
            department = t.department();
            reporter = t.reporter();
            followers = new ArrayList<>(t.followers());
            attachments = new ArrayList<>(t.attachments());
            dispatchedAt = t.dispatchedAt();
            acceptedAt = t.acceptedAt();
            contactedAt = t.contactedAt();
            resolvedAt = t.resolvedAt();
            closedAt = t.closedAt();
            signDue = t.signDue();
            contactDue = t.contactDue();
            resolveDue = t.resolveDue();
            provisional = t.provisional();
            breached = t.breached().isEmpty() ? EnumSet.noneOf(DeadlineKind.class) : EnumSet.copyOf(t.breached());
            breaches = t.breaches();
            escalation = t.escalation();
            escalateAt = t.escalateAt();
            pausedAt = t.pausedAt();
            bounces = t.bounces();
            returnedBy = t.returnedBy();
            returnedAt = t.returnedAt();
            wrongfulMinutes = t.wrongfulMinutes();
            returns = new ArrayList<>(t.returns());
            summons = new ArrayList<>(t.summons());
            extensionRequested = t.extensionRequested();
            extendedDays = t.extendedDays();
            rating = t.rating();
            ratingDue = t.ratingDue();
            master = t.master();
            merged = new ArrayList<>(t.merged());
            reopens = t.reopens();
            urges = t.urges();
            responded = t.responded();
        }

        void clearCycle() {
            acceptedAt = Optional.empty();
            contactedAt = Optional.empty();
            signDue = Optional.empty();
            contactDue = Optional.empty();
            resolveDue = Optional.empty();
            breached.clear();
            escalation = 0;
            escalateAt = Optional.empty();
            pausedAt = Optional.empty();
            extensionRequested = Optional.empty();
            provisional = false;
        }

        /** A new dispatch cycle: the clocks start at this event. */
        void startCycle(TicketEvent e) {
            clearCycle();
            dispatchedAt = Optional.of(e.at());
            signDue = Keys.instant(e, Keys.SIGN_DUE);
            contactDue = Keys.instant(e, Keys.CONTACT_DUE);
            resolveDue = Keys.instant(e, Keys.RESOLVE_DUE);
            provisional = "true".equals(e.data().get(Keys.PROVISIONAL));
        }

        /** Leaves a pause: deadlines were shifted by the decider and travel in the event. */
        void resume(TicketEvent e) {
            if (pausedAt.isPresent()) {
                pausedAt = Optional.empty();
                Keys.instant(e, Keys.SIGN_DUE).ifPresent(i -> signDue = Optional.of(i));
                Keys.instant(e, Keys.CONTACT_DUE).ifPresent(i -> contactDue = Optional.of(i));
                Keys.instant(e, Keys.RESOLVE_DUE).ifPresent(i -> resolveDue = Optional.of(i));
            }
        }

        void reopen(TicketEvent e) {
            reopens++;
            resolvedAt = Optional.empty();
            closedAt = Optional.empty();
            ratingDue = Optional.empty();
            e.opt(Keys.DEPARTMENT).ifPresent(d -> department = Optional.of(d));
            startCycle(e);
        }

        void updateSummons(String dept, java.util.function.UnaryOperator<Summons> f) {
            for (int i = 0; i < summons.size(); i++) {
                if (summons.get(i).department().equals(dept)) {
                    summons.set(i, f.apply(summons.get(i)));
                    return;
                }
            }
            throw new IllegalArgumentException("no summons of " + dept + " on " + t.number());
        }

        Ticket build() {
            return new Ticket(t.number(), version, status, category, subcategory, t.urgency(), t.text(), place,
                    community, department, reporter, followers, attachments, t.createdAt(), updatedAt, dispatchedAt,
                    acceptedAt, contactedAt, resolvedAt, closedAt, signDue, contactDue, resolveDue, provisional, breached,
                    breaches, escalation, escalateAt, pausedAt, bounces, returnedBy, returnedAt, wrongfulMinutes, returns, summons,
                    extensionRequested, extendedDays, rating, ratingDue, master, merged, reopens, urges, responded,
                    t.requestType());
        }
    }
}
