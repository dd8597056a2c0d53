package io.shaozi.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.InputGate;
import io.shaozi.core.http.Json;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.identity.Role;
import io.shaozi.core.ticket.Action;
import io.shaozi.core.ticket.CategoryCorrections;
import io.shaozi.core.ticket.Directory;
import io.shaozi.core.ticket.OpenRequest;
import io.shaozi.core.ticket.Outcome;
import io.shaozi.core.ticket.Reporter;
import io.shaozi.core.ticket.ReturnReason;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketEvent;
import io.shaozi.core.ticket.TicketPage;
import io.shaozi.core.ticket.TicketQuery;
import io.shaozi.core.ticket.TicketService;
import io.shaozi.core.ticket.TicketStatus;
import io.shaozi.nlp.CategoryModel;
import io.shaozi.nlp.Rating;
import io.shaozi.nlp.Urgency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static io.shaozi.core.admin.AdminAuth.STAFF;
import static io.shaozi.core.admin.AdminAuth.require;
import static io.shaozi.core.admin.AdminInput.intParam;
import static io.shaozi.core.admin.AdminInput.limit;
import static io.shaozi.core.admin.AdminInput.param;
import static io.shaozi.core.admin.AdminInput.strings;
import static io.shaozi.core.admin.AdminInput.text;

/**
 * {@code /api/tickets}: list, open, read, act. Department staff see only their department's tickets; community and
 * grid workers their community's. Phone numbers are masked unless the role may see them ({@link Role#seesPhone()}).
 */
final class TicketsApi {
    /** A filter value no department or community has. */
    private static final String NOTHING = "\u0000";

    private final TicketService tickets;
    private final AdminAuth authn;
    private final Directory directory;

    /** Told when a cadre (not the operator token) opens a ticket: it acknowledges the ticket's alert. */
    private final java.util.function.BiConsumer<String, io.shaozi.core.ticket.Actor> viewed;
    private final CategoryCorrections corrections;

    TicketsApi(TicketService tickets, AdminAuth authn, Directory directory,
               java.util.function.BiConsumer<String, io.shaozi.core.ticket.Actor> viewed,
               CategoryCorrections corrections) {
        this.viewed = viewed;
        this.tickets = tickets;
        this.authn = authn;
        this.directory = directory;
        this.corrections = corrections;
    }

    void routes(Router r) {
        r.get("/api/me", this::me);
        r.get("/api/tickets", this::list);
        r.post("/api/tickets", this::open);
        r.get("/api/tickets/{number}", this::get);
        r.post("/api/tickets/{number}/actions", this::act);
    }

    private Principal auth(WebRequest req) {
        return authn.auth(req);
    }

    /**
     * {@code GET /api/me}: who the token stands for. {@code operator} is true for the config's admin token, which
     * acts as the nameless "管理员"; the console then asks the person to pick their own name (a personal token).
     */
    WebResponse me(WebRequest req) {
        Principal p = auth(req);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.actor().id());
        m.put("name", p.actor().name());
        m.put("role", p.role().name());
        m.put("roleLabel", p.role().label());
        m.put("department", p.actor().department().orElse(null));
        m.put("community", p.actor().community().orElse(null));
        m.put("operator", AdminAuth.OPERATOR_ID.equals(p.actor().id()) && p.role() == Role.ADMIN
                && "管理员".equals(p.actor().name()));
        return WebResponse.json(200, m);
    }

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

    /** The list filters of a request, narrowed to what the caller may see. */
    static TicketQuery query(WebRequest req, Principal p) {
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
        Optional<String> type = param(req, "type").map(s -> io.shaozi.nlp.RequestType.of(s)
                .orElseThrow(() -> HttpError.badRequest("type must be one of 咨询, 求助, 投诉, 举报, 建议, 表扬")).label());
        TicketQuery q = new TicketQuery(status, param(req, "department"), param(req, "community"),
                param(req, "category").map(TicketsApi::category), overdue, param(req, "q"), page, size, type);
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

    /**
     * The category a filter means: itself when it names one, else the one category that contains it ("城乡" →
     * 城乡建设) or has its characters in order ("城建" → 城乡建设); 400 naming the field when none or several do.
     */
    static String category(String asked) {
        if (CategoryModel.CATEGORIES.contains(asked)) {
            return asked;
        }
        java.util.List<String> hits = CategoryModel.CATEGORIES.stream().filter(c -> c.contains(asked)).toList();
        if (hits.isEmpty()) {
            hits = CategoryModel.CATEGORIES.stream().filter(c -> inOrder(asked, c)).toList();
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        throw HttpError.badRequest(hits.isEmpty() ? "category '" + asked + "' matches no category (" + String.join("、",
                CategoryModel.CATEGORIES) + ")" : "category '" + asked + "' matches several: " + String.join("、", hits));
    }

    private static boolean inOrder(String needle, String hay) {
        int i = 0;
        for (int j = 0; j < hay.length() && i < needle.length(); j++) {
            if (hay.charAt(j) == needle.charAt(i)) {
                i++;
            }
        }
        return i == needle.length();
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
                text(b, "dedupeKey"), requestType(b), Optional.empty(), "");
        Ticket t = tickets.open(o, p.actor());
        return WebResponse.json(201, view(t, p));
    }

    /** Optional {@code requestType} of a new ticket: 咨询, 求助, 投诉, 举报, 建议 or 表扬 ("" when not given). */
    private static String requestType(JsonNode b) {
        return text(b, "requestType").map(s -> io.shaozi.nlp.RequestType.of(s)
                .orElseThrow(() -> HttpError.badRequest("requestType must be one of 咨询, 求助, 投诉, 举报, 建议, 表扬"))
                .label()).orElse("");
    }

    WebResponse get(WebRequest req) {
        Principal p = auth(req);
        require(p, STAFF);
        Ticket t = visible(InputGate.id("number", req.pathVar("number"), limit("number").max()), p);
        if (p.role() != Role.ADMIN) {
            // a cadre opening the ticket has seen its alert (the operator token is nobody in particular)
            viewed.accept(t.number(), p.actor());
            t = tickets.find(t.number()).orElse(t);
        }
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
        Ticket before = visible(number, p);
        JsonNode b = Json.parse(req.body());
        if ("correct".equals(text(b, "action").orElse(""))) {
            require(p, Role.ADMIN, Role.LEADER, Role.STREET_CADRE);
        }
        Action action = action(b, p);
        OptionalInt version = InputGate.integer(b, "version", 0, Integer.MAX_VALUE);
        if (version.isEmpty()) {
            version = InputGate.ifMatch(req.header("if-match"));
        }
        Outcome o = tickets.act(number, action, p.actor(), version);
        if (o instanceof Outcome.Done d) {
            List<TicketEvent> log = tickets.events(number);
            if (action instanceof Action.Recategorize
                    || action instanceof Action.Dispatch x && x.category().isPresent()) {
                // a dispatcher's label (类别更正, or 改派 with a new category) is training data for the category model:
                // the RECATEGORIZED event this change wrote (predicted = the category before it)
                int since = Math.max(before.version(), d.ticket().version() - 2);
                CategoryCorrections.madeAfter(d.ticket(), log, since).stream()
                        .filter(c -> c.correctedBy().equals(p.actor().id())).forEach(corrections::record);
            }
            return WebResponse.json(200, TicketViews.ticket(d.ticket(), log, p.role().seesPhone(), directory));
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
                        InputGate.bool(b, "wrongfulReturn", false), text(b, "category").map(TicketsApi::knownCategory));
                case "correct" -> new Action.Recategorize(text(b, "category").map(TicketsApi::knownCategory)
                        .orElseThrow(() -> HttpError.badRequest("category is required")), text(b, "subcategory"), note);
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

    /** A category field of an action: one of the category model's, else 400 naming the field. */
    private static String knownCategory(String c) {
        return InputGate.oneOf("category", c, CategoryModel.CATEGORIES);
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
}
