package io.shaozi.core.admin;

import io.shaozi.core.ticket.Directory;
import io.shaozi.core.ticket.Reporter;
import io.shaozi.core.ticket.ReturnRecord;
import io.shaozi.core.ticket.Summons;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketEvent;
import io.shaozi.core.ticket.TicketSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON shapes of the admin API (explicit maps: stable field names, no Optional leaking into JSON). */
final class TicketViews {
    private TicketViews() {
    }

    static Map<String, Object> summary(TicketSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", s.number());
        m.put("status", s.status().name());
        m.put("statusLabel", s.status().label());
        m.put("category", s.category());
        m.put("requestType", s.requestType().isEmpty() ? null : s.requestType());
        m.put("department", s.department().orElse(null));
        m.put("community", s.community().orElse(null));
        m.put("urgency", s.urgency().name());
        m.put("createdAt", s.createdAt().toString());
        m.put("dueAt", s.dueAt().map(Instant::toString).orElse(null));
        m.put("overdue", s.overdue());
        m.put("text", s.text());
        m.put("place", s.place());
        return m;
    }

    static Map<String, Object> ticket(Ticket t, List<TicketEvent> events, boolean showPhone, Directory dir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", t.number());
        m.put("version", t.version());
        m.put("status", t.status().name());
        m.put("statusLabel", t.status().label());
        m.put("category", t.category());
        m.put("subcategory", t.subcategory().orElse(null));
        m.put("requestType", t.requestType().isEmpty() ? null : t.requestType());
        m.put("urgency", t.urgency().name());
        m.put("text", t.text());
        m.put("place", t.place());
        m.put("community", t.community().orElse(null));
        m.put("communityName", t.community().map(dir::name).orElse(null));
        m.put("department", t.department().orElse(null));
        m.put("departmentName", t.department().map(dir::name).orElse(null));
        m.put("reporter", reporter(t.reporter(), showPhone));
        List<Object> followers = new ArrayList<>();
        t.followers().forEach(f -> followers.add(reporter(f, showPhone)));
        m.put("followers", followers);
        m.put("attachments", t.attachments());
        m.put("createdAt", t.createdAt().toString());
        m.put("updatedAt", t.updatedAt().toString());
        m.put("dispatchedAt", str(t.dispatchedAt()));
        m.put("acceptedAt", str(t.acceptedAt()));
        m.put("contactedAt", str(t.contactedAt()));
        m.put("resolvedAt", str(t.resolvedAt()));
        m.put("closedAt", str(t.closedAt()));
        m.put("signDue", str(t.signDue()));
        m.put("contactDue", str(t.contactDue()));
        m.put("resolveDue", str(t.resolveDue()));
        m.put("dueAt", str(t.dueAt()));
        m.put("provisional", t.provisional());
        m.put("overdue", t.overdue());
        m.put("breached", t.breached().stream().map(Enum::name).sorted().toList());
        m.put("escalation", t.escalation());
        m.put("paused", t.pausedAt().isPresent());
        m.put("bounces", t.bounces());
        List<Object> returns = new ArrayList<>();
        for (ReturnRecord r : t.returns()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("department", r.department());
            x.put("reason", r.reason().code());
            x.put("reasonLabel", r.reason().label());
            x.put("at", r.at().toString());
            x.put("wrongful", r.wrongful());
            x.put("lostMinutes", r.lostMinutes());
            returns.add(x);
        }
        m.put("returns", returns);
        List<Object> summons = new ArrayList<>();
        for (Summons s : t.summons()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("department", s.department());
            x.put("departmentName", dir.name(s.department()));
            x.put("summonedAt", s.summonedAt().toString());
            x.put("dueAt", s.dueAt().toString());
            x.put("reportedAt", str(s.reportedAt()));
            x.put("reportedBy", s.reportedBy().orElse(null));
            x.put("location", s.location().orElse(null));
            x.put("photo", s.photo().orElse(null));
            x.put("punctual", s.punctual());
            x.put("missed", s.missed());
            summons.add(x);
        }
        m.put("summons", summons);
        m.put("extensionRequested", t.extensionRequested().orElse(null));
        m.put("extendedDays", t.extendedDays());
        m.put("rating", t.rating().map(Enum::name).orElse(null));
        m.put("ratingDue", str(t.ratingDue()));
        m.put("master", t.master().orElse(null));
        m.put("merged", t.merged());
        m.put("reopens", t.reopens());
        m.put("urges", t.urges());
        List<Object> ev = new ArrayList<>();
        for (TicketEvent e : events) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("seq", e.seq());
            x.put("type", e.type().name());
            x.put("label", e.type().label());
            Map<String, Object> actor = new LinkedHashMap<>();
            actor.put("id", e.actor().role() == io.shaozi.core.identity.Role.RESIDENT && !showPhone ? "resident" : e.actor().id());
            actor.put("name", e.actor().name());
            actor.put("role", e.actor().role().name());
            actor.put("department", e.actor().department().orElse(null));
            x.put("actor", actor);
            x.put("at", e.at().toString());
            x.put("from", e.from().map(Enum::name).orElse(null));
            x.put("to", e.to().name());
            x.put("note", e.note());
            x.put("attachments", e.attachments());
            ev.add(x);
        }
        m.put("events", ev);
        return m;
    }

    static Map<String, Object> reporter(Reporter r, boolean showPhone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", r.channel());
        m.put("account", r.account());
        m.put("user", r.user());
        m.put("name", r.name());
        m.put("phone", showPhone ? r.phone() : Reporter.maskPhone(r.phone()));
        return m;
    }

    private static String str(Optional<Instant> i) {
        return i.map(Instant::toString).orElse(null);
    }
}
