package io.shaozi.core.admin;

import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.InputGate;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.ticket.AlertLadder;
import io.shaozi.core.ticket.AlertLog;
import io.shaozi.core.ticket.Outcome;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketEvent;
import io.shaozi.core.ticket.TicketService;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.shaozi.core.admin.AdminAuth.STAFF;
import static io.shaozi.core.admin.AdminAuth.require;

/**
 * The alert inbox of the console: {@code GET /api/alerts} (query {@code mine}: only the alerts that concern the
 * caller; {@code since}: ISO-8601 instant, only alerts with a step or acknowledgement after it; answer
 * {@code {"now": ..., "items": [...]}}, poll again with {@code since=now}); {@code POST /api/alerts/{id}/ack}
 * acknowledges an alert ({@code id}: {@code <ticket>-<ladder>} as listed, or the ticket number).
 */
final class AlertsApi {
    private final AlertLadder ladder;
    private final TicketService tickets;
    private final AdminAuth authn;
    private final Clock clock;

    AlertsApi(AlertLadder ladder, TicketService tickets, AdminAuth authn, Clock clock) {
        this.ladder = ladder;
        this.tickets = tickets;
        this.authn = authn;
        this.clock = clock;
    }

    void routes(Router r) {
        r.get("/api/alerts", this::list);
        r.post("/api/alerts/{id}/ack", this::ack);
    }

    WebResponse list(WebRequest req) {
        Principal p = authn.auth(req);
        require(p, STAFF);
        boolean mine = req.param("mine").map(v -> !v.strip().toLowerCase(Locale.ROOT).matches("false|0|no"))
                .orElse(false);
        Optional<Instant> since = req.param("since").map(String::strip).filter(s -> !s.isEmpty()).map(s -> {
            try {
                return Instant.parse(InputGate.id("since", s, 40));
            } catch (DateTimeParseException e) {
                throw HttpError.badRequest("since must be an ISO-8601 instant such as 2026-12-07T08:00:00Z");
            }
        });
        Instant now = clock.instant();
        List<Map<String, Object>> items = new ArrayList<>();
        for (AlertLadder.Item it : ladder.inbox()) {
            AlertLog log = it.log();
            Instant changed = log.ack().map(TicketEvent::at).orElse(log.lastAt().orElse(log.triggeredAt()));
            if (since.isPresent() && !changed.isAfter(since.get())) {
                continue;
            }
            boolean concerns = AlertLadder.concerns(log, p.actor());
            if (mine && !concerns) {
                continue;
            }
            Optional<Ticket> t = tickets.find(it.ticket().number());
            if (t.isEmpty() || !p.sees(t.get())) {
                continue;
            }
            items.add(view(it, concerns, changed));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", now.toString());
        body.put("items", items);
        return WebResponse.json(200, body);
    }

    private static Map<String, Object> view(AlertLadder.Item it, boolean mine, Instant changed) {
        AlertLog log = it.log();
        TicketEvent last = log.steps().get(log.steps().size() - 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", log.id());
        m.put("ticket", it.ticket().number());
        m.put("urgency", it.ticket().urgency().label());
        m.put("category", it.ticket().category());
        m.put("text", it.ticket().text());
        m.put("place", it.place());
        m.put("department", log.department().orElse(null));
        m.put("open", it.open());
        m.put("steps", log.steps().size());
        m.put("kind", last.data().getOrDefault("kind", "notice"));
        m.put("note", last.note());
        m.put("firstAt", log.steps().get(0).at().toString());
        m.put("lastAt", last.at().toString());
        m.put("changedAt", changed.toString());
        m.put("mine", mine);
        log.ack().ifPresent(a -> {
            m.put("ackedBy", a.actor().name());
            m.put("ackedAt", a.at().toString());
        });
        return m;
    }

    WebResponse ack(WebRequest req) {
        Principal p = authn.auth(req);
        require(p, STAFF);
        String id = InputGate.id("id", req.pathVar("id"), 40);
        if (!id.matches("\\d{10,30}(-\\d{1,9})?")) {
            throw HttpError.badRequest("id must be <ticket>-<ladder> or a ticket number");
        }
        String number = id.contains("-") ? id.substring(0, id.indexOf('-')) : id;
        Ticket t = tickets.find(number).orElseThrow(() -> HttpError.notFound("no alert " + id));
        if (!p.sees(t)) {
            throw new HttpError(403, "无权查看工单" + number);
        }
        if (id.contains("-")) {
            Optional<AlertLog> log = AlertLog.latest(tickets.events(number));
            if (log.isEmpty() || !log.get().id().equals(id)) {
                throw new HttpError(409, "告警" + id + "已结束（工单已重新派单或办理）");
            }
        }
        Outcome o = ladder.ack(number, p.actor(), "api");
        if (o instanceof Outcome.Done) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("ticket", number);
            body.put("acked", true);
            return WebResponse.json(200, body);
        }
        if (o instanceof Outcome.Forbidden f) {
            throw new HttpError(403, f.reason());
        }
        if (o instanceof Outcome.Refused r) {
            throw new HttpError(409, r.reason());
        }
        if (o instanceof Outcome.Conflict c) {
            throw new HttpError(409, c.reason());
        }
        throw HttpError.notFound("no alert " + id);
    }
}
