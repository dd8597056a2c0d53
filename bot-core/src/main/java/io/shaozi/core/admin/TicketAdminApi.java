package io.shaozi.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Fields;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.InputGate;
import io.shaozi.core.http.Json;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.OrgService;
import io.shaozi.core.identity.Role;
import io.shaozi.core.ticket.Action;
import io.shaozi.core.ticket.Actor;
import io.shaozi.core.ticket.Directory;
import io.shaozi.core.ticket.OpenRequest;
import io.shaozi.core.ticket.OrgDirectory;
import io.shaozi.core.ticket.Outcome;
import io.shaozi.core.ticket.Rating;
import io.shaozi.core.ticket.Reporter;
import io.shaozi.core.ticket.ReturnReason;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketMetrics;
import io.shaozi.core.ticket.TicketPage;
import io.shaozi.core.ticket.TicketQuery;
import io.shaozi.core.ticket.TicketService;
import io.shaozi.core.ticket.TicketStatus;
import io.shaozi.core.ticket.TicketSummary;
import io.shaozi.core.ticket.Urgency;
import io.shaozi.nlp.CategoryModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The ticket and organisation admin API (JSON, bearer tokens). Register with {@link #routes(Router)}:
 * <pre>
 * new TicketAdminApi(ticketService, orgService, config.adminToken(), clock).routes(router);
 * </pre>
 * Tokens: {@code admin.token} from the config acts as {@code ADMIN}; per-user tokens (issued with
 * {@code POST /api/org/people/{id}/tokens}) act with that person's role. Missing or unknown token → 401, role not
 * allowed → 403. Department staff see only their department's tickets; community and grid workers their
 * community's. Phone numbers are masked unless the role may see them ({@link Role#seesPhone()}).
 */
public final class TicketAdminApi {
    private static final byte[] CSV_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int EXPORT_LIMIT = 100_000;
    /** Most entries of a list field (attachments, departments, duties, places). */
    private static final int MAX_LIST = 100;
    /** A filter value no department or community has. */
    private static final String NOTHING = "\u0000";

    private final TicketService tickets;
    private final OrgService org;
    private final byte[] adminToken;
    private final Clock clock;
    private final Directory directory;
    private final ZoneId zone;

    /** @param adminToken the operator token ({@code admin.token}); empty disables it */
    public TicketAdminApi(TicketService tickets, OrgService org, String adminToken, Clock clock) {
        this.tickets = tickets;
        this.org = org;
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.directory = new OrgDirectory(org::current);
        this.zone = tickets.machine().sla().workingTime().zone();
    }

    /** Same as {@code new TicketAdminApi(...).routes(router)}. */
    public static void register(Router router, TicketService tickets, OrgService org, String adminToken, Clock clock) {
        new TicketAdminApi(tickets, org, adminToken, clock).routes(router);
    }

    public void routes(Router r) {
        r.get("/api/tickets", this::list);
        r.post("/api/tickets", this::open);
        r.get("/api/tickets/{number}", this::get);
        r.post("/api/tickets/{number}/actions", this::act);
        r.get("/api/metrics", this::metrics);
        r.get("/api/export.csv", this::export);
        r.get("/api/org", this::getOrg);
        r.post("/api/org/departments", this::putDepartment);
        r.post("/api/org/communities", this::putCommunity);
        r.post("/api/org/people", this::putPerson);
        r.add("DELETE", "/api/org/people/{id}", this::deletePerson);
        r.post("/api/org/people/{id}/tokens", this::issueToken);
    }

    // ------------------------------------------------------------------ auth

    Principal auth(WebRequest req) {
        String h = req.header("authorization").orElse("").trim();
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new HttpError(401, "未登录：缺少 Bearer 令牌（missing bearer token）");
        }
        String token = h.substring(7).trim();
        if (token.isEmpty()) {
            throw new HttpError(401, "未登录：缺少 Bearer 令牌（missing bearer token）");
        }
        if (adminToken.length > 0 && MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
            return new Principal(Actor.of("admin", "管理员", Role.ADMIN));
        }
        Org.Person p = org.authenticate(token).orElseThrow(() -> new HttpError(401, "令牌无效或已吊销（invalid token）"));
        return new Principal(new Actor(p.id(), p.name(), p.role(), p.department(), p.community()));
    }

    private static void require(Principal p, Role... roles) {
        for (Role r : roles) {
            if (p.role() == r) {
                return;
            }
        }
        throw new HttpError(403, "角色「" + p.role().label() + "」无权执行此操作");
    }

    private static final Role[] STAFF = {Role.ADMIN, Role.LEADER, Role.STREET_CADRE, Role.DEPARTMENT_STAFF,
        Role.COMMUNITY_WORKER, Role.GRID_WORKER};

    // ------------------------------------------------------------------ tickets

    WebResponse list(WebRequest req) {
        Principal p = auth(req);
        require(p, STAFF);
        TicketQuery q = query(req, p);
        TicketPage page = tickets.search(q);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(TicketViews::summary).toList());
        body.put("total", page.total());
        body.put("totalExact", page.exact());
        body.put("page", q.page());
        body.put("size", q.size());
        return WebResponse.json(200, body);
    }

    private TicketQuery query(WebRequest req, Principal p) {
        Optional<TicketStatus> status = param(req, "status").map(s -> {
            try {
                return TicketStatus.parse(s);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest(e.getMessage());
            }
        });
        Optional<Boolean> overdue = param(req, "overdue").map(s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw HttpError.badRequest("overdue must be true or false");
        });
        int page = intParam(req, "page", 1, 1, Integer.MAX_VALUE / TicketQuery.MAX_SIZE);
        int size = intParam(req, "size", 20, 1, TicketQuery.MAX_SIZE);
        TicketQuery q = new TicketQuery(status, param(req, "department"), param(req, "community"), param(req, "category"),
                overdue, param(req, "q"), page, size);
        // restricted roles: their own department / community; asking for another one matches nothing
        if (p.role() == Role.DEPARTMENT_STAFF) {
            String own = p.actor().department().orElse(NOTHING);
            q = q.withDepartment(q.department().filter(d -> !d.equals(own)).map(d -> NOTHING).orElse(own));
        } else if (p.role() == Role.COMMUNITY_WORKER || p.role() == Role.GRID_WORKER) {
            String own = p.actor().community().orElse(NOTHING);
            q = q.withCommunity(q.community().filter(c -> !c.equals(own)).map(c -> NOTHING).orElse(own));
        }
        return q;
    }

    WebResponse open(WebRequest req) {
        Principal p = auth(req);
        require(p, Role.ADMIN, Role.LEADER, Role.STREET_CADRE, Role.COMMUNITY_WORKER, Role.GRID_WORKER);
        JsonNode b = Json.parse(req.body());
        String text = text(b, "text").orElseThrow(() -> HttpError.badRequest("text is required"));
        String category = InputGate.oneOf("category", text(b, "category")
                .orElseThrow(() -> HttpError.badRequest("category is required")), CategoryModel.CATEGORIES);
        Urgency urgency;
        try {
            urgency = text(b, "urgency").map(Urgency::parse).orElse(Urgency.NORMAL);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        JsonNode r = InputGate.object(b, "reporter");
        Reporter reporter = new Reporter(text(r, "channel").orElse("web"), text(r, "account").orElse("admin"),
                text(r, "user").orElse(p.actor().id()), text(r, "name").orElse(""),
                text(r, "phone").or(() -> text(b, "phone")).orElse(""));
        OpenRequest o = new OpenRequest(reporter, text, category, text(b, "subcategory"), urgency,
                text(b, "place").orElse(""), text(b, "community").or(p.actor()::community), strings(b, "attachments"),
                text(b, "dedupeKey"));
        Ticket t = tickets.open(o, p.actor());
        return WebResponse.json(201, view(t, p));
    }

    WebResponse get(WebRequest req) {
        Principal p = auth(req);
        require(p, STAFF);
        Ticket t = visible(InputGate.id("number", req.pathVar("number"), limit("number").max()), p);
        return WebResponse.json(200, view(t, p));
    }

    private Ticket visible(String number, Principal p) {
        Ticket t = tickets.find(number).orElseThrow(() -> HttpError.notFound("no ticket " + number));
        if (!p.sees(t)) {
            throw new HttpError(403, "无权查看工单" + number);
        }
        return t;
    }

    private Map<String, Object> view(Ticket t, Principal p) {
        return TicketViews.ticket(t, tickets.events(t.number()), p.role().seesPhone(), directory);
    }

    WebResponse act(WebRequest req) {
        Principal p = auth(req);
        require(p, STAFF);
        String number = InputGate.id("number", req.pathVar("number"), limit("number").max());
        visible(number, p);
        JsonNode b = Json.parse(req.body());
        Action action = action(b, p);
        OptionalInt version = InputGate.integer(b, "version", 0, Integer.MAX_VALUE);
        if (version.isEmpty()) {
            version = InputGate.ifMatch(req.header("if-match"));
        }
        Outcome o = tickets.act(number, action, p.actor(), version);
        if (o instanceof Outcome.Done d) {
            return WebResponse.json(200, view(d.ticket(), p));
        }
        if (o instanceof Outcome.Refused r) {
            return WebResponse.error(409, r.reason());
        }
        if (o instanceof Outcome.Forbidden f) {
            return WebResponse.error(403, f.reason());
        }
        if (o instanceof Outcome.Conflict c) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", c.reason());
            body.put("version", c.currentVersion());
            return WebResponse.json(409, body);
        }
        Outcome.NotFound nf = (Outcome.NotFound) o;
        throw HttpError.notFound("no ticket " + nf.number());
    }

    static Action action(JsonNode b, Principal p) {
        String name = text(b, "action").orElseThrow(() -> HttpError.badRequest("action is required"));
        String note = text(b, "note").orElse("");
        try {
            return switch (name) {
                case "dispatch" -> new Action.Dispatch(text(b, "department"), text(b, "community"), note,
                        InputGate.bool(b, "wrongfulReturn", false));
                case "accept" -> new Action.Accept(note);
                case "progress" -> new Action.Progress(note, InputGate.bool(b, "contacted", false),
                        strings(b, "attachments"));
                case "wait" -> new Action.Wait(note);
                case "detail" -> new Action.AddDetail(note, strings(b, "attachments"));
                case "resolve" -> new Action.Resolve(note, strings(b, "attachments"));
                case "return" -> new Action.Return(ReturnReason.parse(text(b, "reason")
                        .orElseThrow(() -> HttpError.badRequest("reason code is required (R01–R05, R99)"))), note);
                case "whistle" -> new Action.Whistle(strings(b, "departments"), text(b, "lead"), note, within(b));
                case "report" -> new Action.Report(text(b, "department").or(p.actor()::department)
                        .orElseThrow(() -> HttpError.badRequest("department is required")), text(b, "location"),
                        text(b, "photo"), note);
                case "merge" -> new Action.Merge(text(b, "master").or(() -> text(b, "into"))
                        .orElseThrow(() -> HttpError.badRequest("master is required")), note);
                case "reopen" -> new Action.Reopen(text(b, "reason").orElse(note));
                case "extend" -> new Action.Extend(InputGate.integer(b, "days", 0, 3650).orElse(0),
                        text(b, "reason").orElse(note), decision(b));
                case "withdraw" -> new Action.Withdraw(text(b, "reason").orElse(note));
                case "rate" -> new Action.Rate(Rating.parse(text(b, "rating")
                        .orElseThrow(() -> HttpError.badRequest("rating is required"))), text(b, "comment").orElse(note));
                case "urge" -> new Action.Urge(note);
                default -> throw HttpError.badRequest("unknown action '" + name + "'");
            };
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    /** {@code "reportWithin": {"jd-zfd": "2h", "qu-zjw": "1wd"}}: each department's own 报到 time. */
    private static Map<String, io.shaozi.core.ticket.SlaSpan> within(JsonNode b) {
        Map<String, io.shaozi.core.ticket.SlaSpan> out = new LinkedHashMap<>();
        JsonNode w = b.path("reportWithin");
        if (!w.isObject()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : w.properties()) {
            out.put(InputGate.id("reportWithin", e.getKey(), limit("department").max()),
                    io.shaozi.core.ticket.SlaSpan.parse(InputGate.id("reportWithin", e.getValue().asText(), 16)));
        }
        return out;
    }

    private static Optional<Boolean> decision(JsonNode b) {
        if (b.hasNonNull("approve")) {
            return Optional.of(InputGate.bool(b, "approve", false));
        }
        return text(b, "decision").map(d -> switch (d) {
            case "approve", "approved", "同意" -> true;
            case "reject", "rejected", "不同意" -> false;
            default -> throw HttpError.badRequest("decision must be approve or reject");
        });
    }

    // ------------------------------------------------------------------ metrics

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
            throw HttpError.badRequest("dimension must be department, community or category");
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
            x.put("satisfactionRate", round(r.satisfactionRate()));
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
            StringBuilder sb = new StringBuilder("number,status,category,department,community,urgency,createdAt,dueAt,overdue\n");
            TicketQuery q = query(req, p);
            int page = 1;
            int written = 0;
            while (written < EXPORT_LIMIT) {
                TicketPage pg = tickets.search(new TicketQuery(q.status(), q.department(), q.community(), q.category(),
                        q.overdue(), q.q(), page++, TicketQuery.MAX_SIZE));
                for (TicketSummary s : pg.items()) {
                    sb.append(s.number()).append(',').append(s.status().label()).append(',')
                            .append(TicketMetrics.csvCell(s.category())).append(',')
                            .append(TicketMetrics.csvCell(s.department().map(directory::name).orElse(""))).append(',')
                            .append(TicketMetrics.csvCell(s.community().map(directory::name).orElse(""))).append(',')
                            .append(s.urgency().label()).append(',').append(s.createdAt()).append(',')
                            .append(s.dueAt().map(Instant::toString).orElse("")).append(',').append(s.overdue() ? "是" : "否")
                            .append('\n');
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
        byte[] text = csv.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[CSV_BOM.length + text.length];
        System.arraycopy(CSV_BOM, 0, body, 0, CSV_BOM.length);
        System.arraycopy(text, 0, body, CSV_BOM.length, text.length);
        return new WebResponse(200, "text/csv; charset=utf-8", Map.of("Content-Disposition",
                "attachment; filename=\"shaozi-" + kind + ".csv\""), body);
    }

    // ------------------------------------------------------------------ organisation

    WebResponse getOrg(WebRequest req) {
        Principal p = auth(req);
        require(p, STAFF);
        return WebResponse.json(200, OrgViews.org(org.current(), p.role().seesPhone()));
    }

    WebResponse putDepartment(WebRequest req) {
        require(auth(req), Role.ADMIN);
        JsonNode b = Json.parse(req.body());
        Org.DepartmentKind kind;
        try {
            kind = Org.DepartmentKind.valueOf(text(b, "kind").orElse("street_office").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("kind must be district_bureau or street_office");
        }
        Org.Department d = new Org.Department(required(b, "code"), required(b, "name"), kind, strings(b, "duties"),
                OrgViews.notify(b.path("alerts")));
        return edit(() -> org.upsertDepartment(d));
    }

    WebResponse putCommunity(WebRequest req) {
        require(auth(req), Role.ADMIN);
        JsonNode b = Json.parse(req.body());
        List<Org.Grid> grids = new ArrayList<>();
        JsonNode gridList = b.path("grids");
        if (!gridList.isMissingNode() && !gridList.isNull() && !gridList.isArray()) {
            throw HttpError.badRequest("grids must be a list");
        }
        for (JsonNode g : gridList) {
            grids.add(new Org.Grid(required(g, "code"), required(g, "name")));
        }
        Org.Community c = new Org.Community(required(b, "code"), required(b, "name"), grids, strings(b, "places"),
                OrgViews.notify(b.path("alerts")));
        return edit(() -> org.upsertCommunity(c));
    }

    WebResponse putPerson(WebRequest req) {
        require(auth(req), Role.ADMIN);
        JsonNode b = Json.parse(req.body());
        Role role;
        try {
            role = Role.parse(required(b, "role"));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        if (role == Role.SYSTEM) {
            throw HttpError.badRequest("role system is reserved");
        }
        Org.Person person = new Org.Person(required(b, "id"), required(b, "name"), role, text(b, "department"),
                text(b, "community"), text(b, "grid"), text(b, "phone").orElse(""), OrgViews.notify(b.path("alerts")));
        return edit(() -> org.upsertPerson(person));
    }

    WebResponse deletePerson(WebRequest req) {
        require(auth(req), Role.ADMIN);
        String id = InputGate.id("id", req.pathVar("id"), limit("id").max());
        if (org.current().person(id).isEmpty()) {
            throw HttpError.notFound("no person " + id);
        }
        return edit(() -> org.removePerson(id));
    }

    WebResponse issueToken(WebRequest req) {
        require(auth(req), Role.ADMIN);
        String id = InputGate.id("id", req.pathVar("id"), limit("id").max());
        if (org.current().person(id).isEmpty()) {
            throw HttpError.notFound("no person " + id);
        }
        String label = req.body().length == 0 ? "api" : text(Json.parse(req.body()), "label").orElse("api");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("person", id);
        body.put("token", org.issueToken(id, label));
        return WebResponse.json(201, body);
    }

    private WebResponse edit(java.util.function.Supplier<Org> f) {
        try {
            return WebResponse.json(200, OrgViews.org(f.get(), true));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Optional<String> param(WebRequest req, String name) {
        Limit l = limit(name);
        return req.param(name).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> l.free() ? InputGate.text(name, s, l.max()) : InputGate.id(name, s, l.max()))
                .filter(s -> !s.isBlank());
    }

    private static int intParam(WebRequest req, String name, int def, int min, int max) {
        Optional<String> v = param(req, name);
        if (v.isEmpty()) {
            return def;
        }
        return (int) InputGate.number(name, v.get(), min, max);
    }

    /**
     * A string field of a request body through the input gate, by the field's entry in {@link #LIMITS}: free text is
     * cleaned of control characters, ids are refused when they hold any; both are refused (400 naming the field)
     * when longer than the column they land in, or when not a string.
     */
    static Optional<String> text(JsonNode b, String key) {
        Limit l = limit(key);
        return l.free() ? InputGate.optionalText(b, key, l.max()) : InputGate.optionalId(b, key, l.max());
    }

    /** How one named value is checked: free text or id, and its longest length (its column's size). */
    record Limit(boolean free, int max) {
    }

    private static Map.Entry<String, Limit> free(String name, int max) {
        return Map.entry(name, new Limit(true, max));
    }

    private static Map.Entry<String, Limit> id(String name, int max) {
        return Map.entry(name, new Limit(false, max));
    }

    /** Every body field and query parameter the API reads, with its limit; the README's 接口一览 lists them. */
    static final Map<String, Limit> LIMITS = Map.ofEntries(
            free("text", Fields.MAX_TEXT), free("note", 2000), free("comment", 2000), free("reason", 2000),
            free("place", 500), free("location", 300), free("name", 100), free("label", 100), free("q", 200),
            free("duties", 200), free("places", 200), free("attachments", 500),
            id("category", 40), id("subcategory", 40), id("community", 40), id("department", 40),
            id("departments", 40), id("lead", 40), id("grid", 40), id("code", 40), id("phone", 40),
            id("dedupeKey", 200), id("channel", 16), id("account", 64), id("user", Fields.MAX_USER),
            id("recipient", 200), id("id", 64), id("number", 20), id("master", 20), id("into", 20), id("photo", 500),
            id("action", 24), id("urgency", 12), id("rating", 24), id("role", 24), id("decision", 16),
            id("kind", 24), id("status", 24), id("overdue", 8), id("dimension", 16), id("by", 16),
            id("from", 10), id("to", 10), id("page", 10), id("size", 10));

    private static Limit limit(String name) {
        Limit l = LIMITS.get(name);
        if (l == null) {
            throw new IllegalStateException("no input limit for field " + name);
        }
        return l;
    }

    private static String required(JsonNode b, String key) {
        return text(b, key).orElseThrow(() -> HttpError.badRequest(key + " is required"));
    }

    static List<String> strings(JsonNode b, String key) {
        JsonNode v = b.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw HttpError.badRequest(key + " must be a list");
        }
        Limit l = limit(key);
        List<String> out = new ArrayList<>();
        v.forEach(x -> {
            if (!x.isTextual()) {
                throw HttpError.badRequest(key + " must be a list of strings");
            }
            String s = x.asText().strip();
            if (!s.isEmpty()) {
                out.add(l.free() ? InputGate.text(key, s, l.max()) : InputGate.id(key, s, l.max()));
            }
        });
        if (out.size() > MAX_LIST) {
            throw HttpError.badRequest(key + " has more than " + MAX_LIST + " entries");
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
