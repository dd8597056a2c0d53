package io.shaozi.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.content.ContentActor;
import io.shaozi.core.content.ContentCommand;
import io.shaozi.core.content.ContentDecision;
import io.shaozi.core.content.ContentEvent;
import io.shaozi.core.content.ContentItem;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.content.ContentService;
import io.shaozi.core.content.ContentState;
import io.shaozi.core.content.Draft;
import io.shaozi.core.content.Markdown;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.InputGate;
import io.shaozi.core.http.Json;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Notices and Party-learning content and their approval (JSON, the admin bearer tokens of {@link AdminAuth}):
 * <pre>
 * (the same routes under /api/contents, and POST /api/contents/{id}/actions {"action": "submit"|"approve"|"reject"|
 *  "emergency", "reason"?, "note"?} for the four actions below)
 * POST /api/content                       create a draft          (staff)            → 201 item
 * PUT  /api/content/{id}                  edit a draft            (its author, admin)
 * POST /api/content/{id}/submit           submit for approval     (its author, admin)
 * POST /api/content/{id}/approve          approve {"note"}        (ADMIN/LEADER/STREET_CADRE, not the submitter)
 * POST /api/content/{id}/reject           reject {"reason"}       (same roles) → back to draft
 * POST /api/content/{id}/emergency        send an emergency item at once {"reason"} (same roles)
 * GET  /api/content/{id}                  item, rendered text/HTML and audit trail
 * GET  /api/content?state=&amp;kind=&amp;size=    list, newest first
 * </pre>
 * 400 names the field; 403 wrong role; 404 unknown item; 409 wrong state or self-approval; 422 sensitive words
 * (the answer lists them in {@code words}).
 */
public final class ContentApi {
    private final ContentService content;
    private final AdminAuth auth;
    private final Clock clock;

    public ContentApi(ContentService content, AdminAuth auth, Clock clock) {
        this.content = content;
        this.auth = auth;
        this.clock = clock;
    }

    public void routes(Router r) {
        r.get("/api/content", this::list);
        r.post("/api/content", this::create);
        r.get("/api/content/{id}", this::get);
        r.add("PUT", "/api/content/{id}", this::edit);
        r.post("/api/content/{id}/submit", req -> act(req, b -> new ContentCommand.Submit()));
        r.post("/api/content/{id}/approve", req -> act(req, b -> new ContentCommand.Approve(
                AdminInput.text(b, "note").orElse(""))));
        r.post("/api/content/{id}/reject", req -> act(req, b -> new ContentCommand.Reject(
                AdminInput.required(b, "reason"))));
        r.post("/api/content/{id}/emergency", req -> act(req, b -> new ContentCommand.SendEmergency(
                AdminInput.required(b, "reason"))));
        // the same under the plural path, with one actions endpoint {"action": ..., "reason"?, "note"?}
        r.get("/api/contents", this::list);
        r.post("/api/contents", this::create);
        r.get("/api/contents/{id}", this::get);
        r.add("PUT", "/api/contents/{id}", this::edit);
        r.post("/api/contents/{id}/actions", req -> act(req, ContentApi::action));
    }

    /** The command of {@code POST /api/contents/{id}/actions}. */
    static ContentCommand action(JsonNode b) {
        String action = AdminInput.required(b, "action");
        return switch (action) {
            case "submit" -> new ContentCommand.Submit();
            case "approve" -> new ContentCommand.Approve(AdminInput.text(b, "note").orElse(""));
            case "reject" -> new ContentCommand.Reject(AdminInput.required(b, "reason"));
            case "emergency", "send_emergency" -> new ContentCommand.SendEmergency(AdminInput.required(b, "reason"));
            default -> throw HttpError.badRequest("action must be submit, approve, reject or emergency");
        };
    }

    private ContentActor actor(WebRequest req) {
        Principal p = auth.auth(req);
        AdminAuth.require(p, AdminAuth.STAFF);
        return new ContentActor(p.actor().id(), p.actor().name(), p.role());
    }

    WebResponse create(WebRequest req) {
        ContentActor a = actor(req);
        return answer(content.create(draft(Json.parse(req.body())), a), 201);
    }

    WebResponse edit(WebRequest req) {
        ContentActor a = actor(req);
        long id = id(req);
        exists(id);
        return answer(content.act(id, new ContentCommand.Edit(draft(Json.parse(req.body()))), a), 200);
    }

    private WebResponse act(WebRequest req, java.util.function.Function<JsonNode, ContentCommand> cmd) {
        ContentActor a = actor(req);
        long id = id(req);
        JsonNode b = req.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.parse(req.body());
        exists(id);
        return answer(content.act(id, cmd.apply(b), a), 200);
    }

    WebResponse get(WebRequest req) {
        actor(req);
        long id = id(req);
        ContentItem item = exists(id);
        Map<String, Object> out = view(item);
        out.put("text", Markdown.toPlainText(item.draft().body()));
        out.put("html", Markdown.toHtml(item.draft().body()));
        out.put("sensitiveWords", content.words().find(item.draft().title(), item.draft().body(),
                item.draft().source()));
        out.put("events", content.events(id).stream().map(ContentApi::event).toList());
        return WebResponse.json(200, out);
    }

    WebResponse list(WebRequest req) {
        actor(req);
        Optional<ContentState> state = AdminInput.param(req, "state").map(s -> ContentState.parse(s).orElseThrow(
                () -> HttpError.badRequest("state must be one of " + String.join(", ", ContentState.codes()))));
        Optional<ContentKind> kind = AdminInput.param(req, "kind").map(k -> ContentKind.parse(k).orElseThrow(
                () -> HttpError.badRequest("kind must be one of " + String.join(", ", ContentKind.codes()))));
        int size = AdminInput.intParam(req, "size", 50, 1, 200);
        return WebResponse.json(200, Map.of("items", content.list(state, kind, size).stream()
                .map(ContentApi::view).toList()));
    }

    private ContentItem exists(long id) {
        return content.find(id).orElseThrow(() -> HttpError.notFound("内容 " + id + " 不存在"));
    }

    private static long id(WebRequest req) {
        return InputGate.number("id", req.pathVar("id"), 1, Long.MAX_VALUE);
    }

    private WebResponse answer(ContentDecision d, int okStatus) {
        if (d instanceof ContentDecision.Accepted a) {
            Map<String, Object> out = view(a.item());
            out.put("event", event(a.event()));
            return WebResponse.json(okStatus, out);
        }
        ContentDecision.Refused r = (ContentDecision.Refused) d;
        int status = switch (r.why()) {
            case FORBIDDEN -> 403;
            case WRONG_STATE, SAME_PERSON -> 409;
            case INVALID -> 400;
            case SENSITIVE -> 422;
        };
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", r.message());
        if (!r.words().isEmpty()) {
            out.put("words", r.words());
        }
        return WebResponse.json(status, out);
    }

    /** The draft of a create or edit body; 400 naming the field for any bad value. */
    Draft draft(JsonNode b) {
        if (!b.isObject()) {
            throw HttpError.badRequest("body must be a JSON object");
        }
        String kindCode = string(b, "kind").orElseThrow(() -> HttpError.badRequest("kind is required"));
        ContentKind kind = ContentKind.parse(kindCode).orElseThrow(() -> HttpError.badRequest(
                "kind must be one of " + String.join(", ", ContentKind.codes())));
        Optional<Instant> validUntil = string(b, "validUntil").filter(s -> !s.isBlank()).map(s -> {
            try {
                return OffsetDateTime.parse(s.strip()).toInstant();
            } catch (DateTimeParseException e) {
                throw HttpError.badRequest("validUntil must be a time like 2026-12-31T18:00:00+08:00");
            }
        });
        Draft d = new Draft(kind, string(b, "title").orElse("").strip(), string(b, "body").orElse(""),
                string(b, "link").map(String::strip).filter(s -> !s.isEmpty()),
                string(b, "cover").map(String::strip).filter(s -> !s.isEmpty()),
                string(b, "source").orElse("").strip(), validUntil);
        List<Draft.Problem> problems = d.problems(clock.instant());
        if (!problems.isEmpty()) {
            throw HttpError.badRequest(problems.get(0).toString());
        }
        return d;
    }

    /** A string field as sent (control characters are refused by {@link Draft#problems}, not removed). */
    private static Optional<String> string(JsonNode b, String key) {
        JsonNode v = b.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw HttpError.badRequest(key + " must be a string");
        }
        if (v.asText().length() > 2 * Draft.MAX_BODY) {
            throw HttpError.badRequest(key + " is too long");
        }
        return Optional.of(v.asText());
    }

    static Map<String, Object> view(ContentItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        Draft d = i.draft();
        m.put("id", i.id());
        m.put("kind", d.kind().code());
        m.put("kindLabel", d.kind().label());
        m.put("title", d.title());
        m.put("body", d.body());
        m.put("link", d.link().orElse(null));
        m.put("cover", d.cover().orElse(null));
        m.put("source", d.source());
        m.put("validUntil", d.validUntil().map(Instant::toString).orElse(null));
        m.put("state", i.state().code());
        m.put("status", i.state().code());
        m.put("stateLabel", i.state().label());
        m.put("author", i.author());
        m.put("submitter", i.submitter().orElse(null));
        m.put("approver", i.approver().orElse(null));
        m.put("rejection", i.rejection().orElse(null));
        m.put("version", i.version());
        m.put("createdAt", i.createdAt().toString());
        m.put("updatedAt", i.updatedAt().toString());
        return m;
    }

    static Map<String, Object> event(ContentEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("action", e.action().code());
        m.put("actor", e.actor());
        m.put("actorName", e.actorName());
        m.put("actorRole", e.actorRole().name().toLowerCase(java.util.Locale.ROOT));
        m.put("at", e.at().toString());
        m.put("from", e.from().code());
        m.put("to", e.to().code());
        m.put("note", e.note());
        return m;
    }
}
