package io.shaozi.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.audience.Audience;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.InputGate;
import io.shaozi.core.http.Json;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.identity.Role;
import io.shaozi.core.campaign.Campaign;
import io.shaozi.core.campaign.CampaignCounts;
import io.shaozi.core.campaign.Campaigns;
import io.shaozi.core.campaign.Repeat;
import io.shaozi.core.ticket.TicketMetrics;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Campaigns (JSON, the admin bearer tokens of {@link AdminAuth}; roles admin, leader, street cadre, community worker):
 * <pre>
 * POST /api/campaigns {"content": id, "audience": {...}, "at"?: ISO-8601, "repeat"?: {"days": ["MON"], "time": "08:00",
 *                      "skipHolidays"?: bool}}                         → 201 {"id", "status", "targeted", ...}
 * GET  /api/campaigns?size=                                            list, newest first
 * GET  /api/campaigns/{id}                                             {"id", "status", "targeted", "queued", "sent",
 *                                                                       "failed", "dropped", "read", "studied", ...}
 * GET  /api/campaigns/{id}/report?by=channel|community|branch          the same counts per group, with rates
 * GET  /api/campaigns/{id}/report.csv?by=…                             as CSV
 * GET  /api/campaigns/{id}/deliveries.csv                              the per-recipient ledger as CSV
 * POST /api/campaigns/{id}/cancel                                      stops a scheduled or repeating campaign
 * </pre>
 * 400 names the problem (an audience that matches nobody, an unknown community or branch, a content item that is not
 * approved, a time in the past); 404 unknown campaign or content; nothing is created on an error.
 */
public final class CampaignApi {
    private final Campaigns campaigns;
    private final AdminAuth auth;

    public CampaignApi(Campaigns campaigns, AdminAuth auth) {
        this.campaigns = campaigns;
        this.auth = auth;
    }

    public void routes(Router r) {
        r.post("/api/campaigns", this::create);
        r.get("/api/campaigns", this::list);
        r.get("/api/campaigns/{id}", this::get);
        r.get("/api/campaigns/{id}/report", this::report);
        r.get("/api/campaigns/{id}/report.csv", this::reportCsv);
        r.get("/api/campaigns/{id}/deliveries.csv", this::deliveriesCsv);
        r.post("/api/campaigns/{id}/cancel", this::cancel);
    }

    private Principal who(WebRequest req) {
        Principal p = auth.auth(req);
        AdminAuth.require(p, Role.ADMIN, Role.LEADER, Role.STREET_CADRE, Role.COMMUNITY_WORKER);
        return p;
    }

    WebResponse create(WebRequest req) {
        Principal p = who(req);
        JsonNode b = Json.parse(req.body());
        if (!b.isObject()) {
            throw HttpError.badRequest("body must be a JSON object");
        }
        JsonNode c = b.get("content");
        long contentId;
        if (c != null && c.canConvertToLong() && c.isIntegralNumber()) {
            contentId = c.asLong();
        } else if (c != null && c.isTextual()) {
            contentId = InputGate.number("content", c.asText().strip(), 1, Long.MAX_VALUE);
        } else {
            throw HttpError.badRequest("content is required: the id of an approved content item");
        }
        JsonNode a = b.get("audience");
        if (a == null || !a.isObject()) {
            throw HttpError.badRequest("audience is required: an object with residents, members, staff or people");
        }
        Audience audience = AudienceApi.audience(a);
        Optional<Instant> at = AdminInput.text(b, "at").filter(s -> !s.isBlank()).map(s -> {
            try {
                return OffsetDateTime.parse(s.strip()).toInstant();
            } catch (DateTimeParseException e) {
                throw HttpError.badRequest("at must be a time with its offset, like 2026-12-07T08:00:00+08:00");
            }
        });
        Optional<Repeat> repeat = repeat(b.get("repeat"));
        Campaigns.Created out = campaigns.create(contentId, audience, at, repeat, p.actor().id());
        if (out instanceof Campaigns.Created.Refused r) {
            throw new HttpError(r.status(), r.reason());
        }
        Campaigns.Created.Ok ok = (Campaigns.Created.Ok) out;
        Map<String, Object> view = view(ok.campaign(), counts(ok.campaign()));
        view.put("targeted", ok.size().total());
        view.put("byChannel", ok.size().byChannel());
        view.put("unreachable", ok.size().unreachable());
        return WebResponse.json(201, view);
    }

    static Optional<Repeat> repeat(JsonNode r) {
        if (r == null || r.isNull()) {
            return Optional.empty();
        }
        if (!r.isObject()) {
            throw HttpError.badRequest("repeat must be an object like {\"days\": [\"MON\"], \"time\": \"08:00\"}");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        JsonNode d = r.get("days");
        if (d == null || !d.isArray() || d.isEmpty() || d.size() > 7) {
            throw HttpError.badRequest("repeat.days must list 1-7 days (MON … SUN)");
        }
        for (JsonNode x : d) {
            days.add(Repeat.day(x.asText()).orElseThrow(() -> HttpError.badRequest("repeat.days: unknown day '"
                    + InputGate.text("day", x.asText(), 20) + "' (MON … SUN)")));
        }
        String t = Optional.ofNullable(r.get("time")).map(JsonNode::asText).orElse("");
        LocalTime time;
        try {
            time = LocalTime.parse(t);
        } catch (DateTimeParseException e) {
            throw HttpError.badRequest("repeat.time must be a time like 08:00");
        }
        JsonNode skip = r.get("skipHolidays");
        if (skip != null && !skip.isBoolean()) {
            throw HttpError.badRequest("repeat.skipHolidays must be true or false");
        }
        return Optional.of(new Repeat(days, time, skip != null && skip.booleanValue()));
    }

    WebResponse list(WebRequest req) {
        who(req);
        int size = AdminInput.intParam(req, "size", 50, 1, 200);
        return WebResponse.json(200, Map.of("items", campaigns.repository().list(size).stream()
                .map(c -> view(c, counts(c))).toList()));
    }

    private Campaign campaign(WebRequest req) {
        long id = InputGate.number("id", req.pathVar("id"), 1, Long.MAX_VALUE);
        return campaigns.repository().find(id).orElseThrow(() -> HttpError.notFound("推送任务 " + id + " 不存在"));
    }

    private CampaignCounts counts(Campaign c) {
        return campaigns.repository().counts(c.id(), Optional.empty(), Optional.empty()).get(0);
    }

    WebResponse get(WebRequest req) {
        who(req);
        Campaign c = campaign(req);
        Map<String, Object> v = view(c, counts(c));
        v.put("anonymousReads", campaigns.repository().anonymousReads(c.id()));
        // WeChat's counts of the campaign's batched mass sends (MASSSENDJOBFINISH), when it reported any
        campaigns.repository().massTotals(c.id()).ifPresent(t -> v.put("wechatMass", Map.of("jobs", t.jobs(),
                "total", t.total(), "filtered", t.filtered(), "sent", t.sent(), "errors", t.errors())));
        return WebResponse.json(200, v);
    }

    private static Optional<String> by(WebRequest req) {
        Optional<String> by = AdminInput.param(req, "by");
        if (by.isPresent() && !List.of("channel", "community", "branch").contains(by.get())) {
            throw HttpError.badRequest("by must be channel, community or branch");
        }
        return by;
    }

    WebResponse report(WebRequest req) {
        who(req);
        Campaign c = campaign(req);
        Optional<String> by = by(req);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("campaign", c.id());
        out.put("by", by.orElse(null));
        // openings of a batched message's link that no web login attributed to a recipient (not in read)
        out.put("anonymousReads", campaigns.repository().anonymousReads(c.id()));
        out.put("total", counts(c, counts(c)));
        out.put("groups", campaigns.repository().counts(c.id(), Optional.empty(), by).stream()
                .map(g -> counts(g)).toList());
        return WebResponse.json(200, out);
    }

    WebResponse reportCsv(WebRequest req) {
        who(req);
        Campaign c = campaign(req);
        Optional<String> by = by(req);
        StringBuilder sb = new StringBuilder(by.orElse("group")
                + ",targeted,queued,sent,failed,dropped,waiting,read,studied,sentRate,readRate,studiedRate,anonymousReads\n");
        String anonymous = by.isPresent() ? "" : Long.toString(campaigns.repository().anonymousReads(c.id()));
        for (CampaignCounts g : campaigns.repository().counts(c.id(), Optional.empty(), by)) {
            sb.append(TicketMetrics.csvCell(g.group().isEmpty() ? (by.isPresent() ? "(未知)" : "全部") : g.group()))
                    .append(',').append(g.targeted()).append(',').append(g.queued()).append(',').append(g.sent())
                    .append(',').append(g.failed()).append(',').append(g.dropped()).append(',').append(g.waiting()).append(',').append(g.read())
                    .append(',').append(g.studied()).append(',').append(rate(g.sent(), g.targeted())).append(',')
                    .append(rate(g.read(), g.sent())).append(',').append(rate(g.studied(), g.sent())).append(',')
                    .append(anonymous).append('\n');
        }
        return WebResponse.csvAttachment(sb.toString(), "campaign-" + c.id() + "-report.csv");
    }

    WebResponse deliveriesCsv(WebRequest req) {
        who(req);
        Campaign c = campaign(req);
        StringBuilder sb = new StringBuilder("run,seq,channel,account,recipient,person,community,branch,status,code,"
                + "queuedAt,doneAt,readAt,studiedAt\n");
        campaigns.repository().forEachEntry(c.id(), e -> sb.append(e.run()).append(',').append(e.seq()).append(',')
                .append(TicketMetrics.csvCell(e.to().channel())).append(',')
                .append(TicketMetrics.csvCell(e.to().account())).append(',')
                .append(TicketMetrics.csvCell(e.to().address())).append(',')
                .append(TicketMetrics.csvCell(e.person().orElse(""))).append(',')
                .append(TicketMetrics.csvCell(e.community().orElse(""))).append(',')
                .append(TicketMetrics.csvCell(e.branch().orElse(""))).append(',').append(e.status().code()).append(',')
                .append(TicketMetrics.csvCell(e.code().orElse(""))).append(',').append(e.queuedAt()).append(',')
                .append(e.doneAt().map(Instant::toString).orElse("")).append(',')
                .append(e.readAt().map(Instant::toString).orElse("")).append(',')
                .append(e.studiedAt().map(Instant::toString).orElse("")).append('\n'));
        return WebResponse.csvAttachment(sb.toString(), "campaign-" + c.id() + "-deliveries.csv");
    }

    WebResponse cancel(WebRequest req) {
        who(req);
        Campaign c = campaign(req);
        if (!campaigns.cancel(c.id())) {
            throw new HttpError(409, "推送任务 " + c.id() + " 已" + c.status().label() + "，不能取消");
        }
        Campaign now = campaigns.repository().find(c.id()).orElseThrow();
        return WebResponse.json(200, view(now, counts(now)));
    }

    private static double rate(long part, long of) {
        return of == 0 ? 0 : Math.round((double) part / of * 10000) / 10000.0;
    }

    static Map<String, Object> counts(CampaignCounts g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", g.group());
        m.put("targeted", g.targeted());
        m.put("queued", g.queued());
        m.put("sent", g.sent());
        m.put("failed", g.failed());
        m.put("dropped", g.dropped());
        m.put("waiting", g.waiting());
        m.put("read", g.read());
        m.put("studied", g.studied());
        m.put("sentRate", rate(g.sent(), g.targeted()));
        m.put("readRate", rate(g.read(), g.sent()));
        m.put("studiedRate", rate(g.studied(), g.sent()));
        m.put("failedByCode", g.failedByCode());
        m.put("droppedByCode", g.droppedByCode());
        return m;
    }

    private static Map<String, Object> counts(Campaign c, CampaignCounts g) {
        Map<String, Object> m = counts(g);
        m.remove("group");
        return m;
    }

    static Map<String, Object> view(Campaign c, CampaignCounts n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("content", c.contentId());
        m.put("status", c.status().code());
        m.put("statusLabel", c.status().label());
        m.put("runAt", c.runAt().toString());
        m.put("repeat", c.repeat().map(Repeat::code).orElse(null));
        m.put("run", c.runs());
        // before the first run resolves its audience, targeted is the audience's size when the campaign was created
        m.put("targeted", n.targeted() > 0 || c.enqueuedAt().isPresent() ? n.targeted() : c.targeted());
        m.put("queued", n.queued());
        m.put("sent", n.sent());
        m.put("failed", n.failed());
        m.put("dropped", n.dropped());
        m.put("waiting", n.waiting());
        m.put("read", n.read());
        m.put("studied", n.studied());
        m.put("failedByCode", n.failedByCode());
        m.put("droppedByCode", n.droppedByCode());
        m.put("createdBy", c.createdBy());
        m.put("createdAt", c.createdAt().toString());
        m.put("startedAt", c.startedAt().map(Instant::toString).orElse(null));
        m.put("enqueuedAt", c.enqueuedAt().map(Instant::toString).orElse(null));
        m.put("finishedAt", c.finishedAt().map(Instant::toString).orElse(null));
        m.put("note", c.note());
        return m;
    }

}
