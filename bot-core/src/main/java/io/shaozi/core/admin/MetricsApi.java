package io.shaozi.core.admin;

import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.identity.OrgService;
import io.shaozi.core.identity.Role;
import io.shaozi.core.ticket.Directory;
import io.shaozi.core.ticket.TicketMetrics;
import io.shaozi.core.ticket.TicketPage;
import io.shaozi.core.ticket.TicketQuery;
import io.shaozi.core.ticket.TicketService;
import io.shaozi.core.ticket.TicketSummary;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.shaozi.core.admin.AdminAuth.STAFF;
import static io.shaozi.core.admin.AdminAuth.require;
import static io.shaozi.core.admin.AdminInput.param;

/** {@code /api/metrics} (响应率、解决率、满意率 by department, community or category) and {@code /api/export.csv}. */
final class MetricsApi {
    private static final int EXPORT_LIMIT = 100_000;

    private final TicketService tickets;
    private final OrgService org;
    private final AdminAuth authn;
    private final Directory directory;
    private final Clock clock;
    private final ZoneId zone;

    MetricsApi(TicketService tickets, OrgService org, AdminAuth authn, Directory directory, Clock clock) {
        this.tickets = tickets;
        this.org = org;
        this.authn = authn;
        this.directory = directory;
        this.clock = clock;
        this.zone = tickets.machine().sla().workingTime().zone();
    }

    void routes(Router r) {
        r.get("/api/metrics", this::metrics);
        r.get("/api/export.csv", this::export);
    }

    private Principal auth(WebRequest req) {
        return authn.auth(req);
    }

    private record Period(Instant from, Instant to, LocalDate fromDay, LocalDate toDay) {
    }

    private Period period(WebRequest req) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        try {
            LocalDate from = param(req, "from").map(LocalDate::parse).orElse(today.withDayOfMonth(1));
            LocalDate to = param(req, "to").map(LocalDate::parse).orElse(today.plusDays(1));
            if (!to.isAfter(from)) {
                throw HttpError.badRequest("to must be after from");
            }
            return new Period(from.atStartOfDay(zone).toInstant(), to.atStartOfDay(zone).toInstant(), from, to);
        } catch (DateTimeParseException e) {
            throw HttpError.badRequest("dates are YYYY-MM-DD: " + e.getParsedString());
        }
    }

    private TicketMetrics.Dimension dimension(WebRequest req) {
        String d = param(req, "dimension").or(() -> param(req, "by")).orElse("department");
        try {
            return TicketMetrics.Dimension.valueOf(d.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("dimension must be department, community, category or type");
        }
    }

    private List<TicketMetrics.Row> rows(WebRequest req, Principal p, TicketMetrics m, TicketMetrics.Dimension dim, Period per) {
        require(p, Role.ADMIN, Role.LEADER, Role.STREET_CADRE, Role.DEPARTMENT_STAFF);
        if (p.role() == Role.DEPARTMENT_STAFF && dim != TicketMetrics.Dimension.DEPARTMENT) {
            throw new HttpError(403, "部门工作人员只能查看本部门的考核数据");
        }
        List<TicketMetrics.Row> rows = m.compute(tickets.repository().facts(per.from(), per.to()), dim, clock.instant());
        if (p.role() == Role.DEPARTMENT_STAFF) {
            String own = p.actor().department().orElse("-");
            rows = rows.stream().filter(r -> r.key().equals(own)).toList();
        }
        return rows;
    }

    private TicketMetrics metricsFor() {
        return new TicketMetrics(tickets.machine().sla().weights(), code -> org.current().name(code));
    }

    WebResponse metrics(WebRequest req) {
        Principal p = auth(req);
        TicketMetrics m = metricsFor();
        TicketMetrics.Dimension dim = dimension(req);
        Period per = period(req);
        List<TicketMetrics.Row> rows = rows(req, p, m, dim, per);
        List<Object> out = new ArrayList<>();
        int rank = 1;
        for (TicketMetrics.Row r : rows) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("rank", rank++);
            x.put("key", r.key());
            x.put("name", r.name());
            x.put("total", r.total());
            x.put("dispatched", r.dispatched());
            x.put("responseRate", round(r.responseRate()));
            x.put("resolutionRate", round(r.resolutionRate()));
            x.put("satisfactionRate", r.rated() == 0 ? null : round(r.satisfactionRate()));
            x.put("rated", r.rated());
            x.put("overdue", r.overdue());
            x.put("returns", r.returns());
            x.put("wrongfulReturns", r.wrongfulReturns());
            x.put("lostMinutes", r.lostMinutes());
            x.put("summoned", r.summoned());
            x.put("reportPunctuality", round(r.punctuality()));
            x.put("score", round(r.score(m.weights())));
            out.add(x);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dimension", dim.name().toLowerCase(Locale.ROOT));
        body.put("from", per.fromDay().toString());
        body.put("to", per.toDay().toString());
        body.put("rows", out);
        return WebResponse.json(200, body);
    }

    WebResponse export(WebRequest req) {
        Principal p = auth(req);
        String kind = param(req, "kind").orElse("metrics");
        String csv;
        if ("tickets".equals(kind)) {
            require(p, STAFF);
            java.time.format.DateTimeFormatter bj = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                    .withZone(BEIJING);
            StringBuilder sb = new StringBuilder("工单号,状态,类别,诉求内容,地点,社区,承办部门,紧急程度,受理时间（北京时间）,"
                    + "当前时限（北京时间）,时限类型,是否超期\n");
            TicketQuery q = TicketsApi.query(req, p);
            int page = 1;
            int written = 0;
            while (written < EXPORT_LIMIT) {
                TicketPage pg = tickets.search(new TicketQuery(q.status(), q.department(), q.community(), q.category(),
                        q.overdue(), q.q(), page++, TicketQuery.MAX_SIZE));
                for (TicketSummary s : pg.items()) {
                    sb.append(s.number()).append(',').append(s.status().label()).append(',')
                            .append(TicketMetrics.csvCell(s.category())).append(',')
                            .append(TicketMetrics.csvCell(s.text())).append(',')
                            .append(TicketMetrics.csvCell(s.place())).append(',')
                            .append(TicketMetrics.csvCell(s.community().map(directory::name).orElse(""))).append(',')
                            .append(TicketMetrics.csvCell(s.department().map(directory::name).orElse(""))).append(',')
                            .append(s.urgency().label()).append(',').append(bj.format(s.createdAt())).append(',')
                            .append(s.dueAt().map(bj::format).orElse("")).append(',')
                            .append(s.dueAt().isEmpty() ? "" : dueKind(s.status())).append(',')
                            .append(s.overdue() ? "是" : "否").append('\n');
                    written++;
                }
                if (pg.items().size() < TicketQuery.MAX_SIZE) {
                    break;
                }
            }
            csv = sb.toString();
        } else if ("metrics".equals(kind)) {
            TicketMetrics m = metricsFor();
            TicketMetrics.Dimension dim = dimension(req);
            csv = m.csv(rows(req, p, m, dim, period(req)), dim);
        } else {
            throw HttpError.badRequest("kind must be metrics or tickets");
        }
        return WebResponse.csvAttachment(csv, "shaozi-" + kind + ".csv");
    }

    /** CSV times are Beijing time (UTC+8, no daylight saving), as everyone who reads them counts. */
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    /** What the current deadline of a ticket in {@code status} is for (after 办结: the resident's rating). */
    static String dueKind(io.shaozi.core.ticket.TicketStatus status) {
        return status == io.shaozi.core.ticket.TicketStatus.RESOLVED ? "居民评价截止" : "办理时限";
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
