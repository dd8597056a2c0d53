package io.shaozi.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Json;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.identity.Role;
import io.shaozi.core.knowledge.KnowledgeDesk;
import io.shaozi.nlp.knowledge.KnowledgeBase;
import io.shaozi.nlp.knowledge.KnowledgeEntry;
import io.shaozi.nlp.knowledge.KnowledgeException;
import io.shaozi.nlp.knowledge.KnowledgeMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The knowledge base for operators (bearer tokens of {@link AdminAuth}; reading: any staff role, editing: ADMIN, LEADER,
 * STREET_CADRE, COMMUNITY_WORKER):
 * <pre>
 * GET    /api/knowledge[?q=…[&amp;limit=1..10]]
 *                               → {"source", "editable", "loadedAt", "count", "problems", "entries": [{id, title, questions}]}
 *                                 with q: also "query": {"decision", "answer"?: {id, title}, "choices"?: [{id, title}],
 *                                 "hits": [{id, title, score, coverage}]} (what the chat would do, and the retrieval's
 *                                 first {@code limit} (default 3) entries, best first)
 * GET    /api/knowledge/{id}    → {"id", "title", "questions", "answer", "markdown"} | 404
 * PUT    /api/knowledge/{id}    {"title", "questions"?: [..], "answer"} or the Markdown file (Content-Type text/markdown)
 *                               → 201 created | 200 replaced | 400 naming the field | 409 read-only
 *                               | 412 with {@code If-None-Match: *} when the id is taken (nothing written)
 * DELETE /api/knowledge/{id}    → 204 | 404
 * </pre>
 * An edit is written to {@code knowledge.dir} (atomically) and served at once; nothing is written when it is refused.
 */
public final class KnowledgeApi {
    static final Role[] EDITORS = {Role.ADMIN, Role.LEADER, Role.STREET_CADRE, Role.COMMUNITY_WORKER};
    private static final int MAX_QUERY = 200;
    private static final int MAX_LIMIT = 10;

    private final KnowledgeDesk desk;
    private final AdminAuth auth;
    private final java.util.function.Function<String, java.util.Optional<String>> skipped;

    /**
     * @param skipped why the chat would not look a message up at all ({@link io.shaozi.core.dialog.KnowledgeGate}
     *                on the text analysis: urgent, a complaint …); empty when it would
     */
    public KnowledgeApi(KnowledgeDesk desk, AdminAuth auth,
                        java.util.function.Function<String, java.util.Optional<String>> skipped) {
        this.desk = desk;
        this.auth = auth;
        this.skipped = skipped;
    }

    public void routes(Router r) {
        r.get("/api/knowledge", this::list);
        r.get("/api/knowledge/{id}", this::get);
        r.add("PUT", "/api/knowledge/{id}", this::put);
        r.add("DELETE", "/api/knowledge/{id}", this::delete);
    }

    WebResponse list(WebRequest req) {
        AdminAuth.require(auth.auth(req), AdminAuth.STAFF);
        KnowledgeDesk.State s = desk.state();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", s.source());
        m.put("editable", desk.editable());
        m.put("loadedAt", s.loadedAt().toString());
        m.put("count", desk.base().size());
        m.put("problems", s.problems());
        List<Map<String, Object>> entries = new ArrayList<>();
        for (KnowledgeEntry e : desk.base().entries()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", e.id());
            x.put("title", e.title());
            x.put("questions", e.questions());
            entries.add(x);
        }
        m.put("entries", entries);
        int limit = limit(req);
        req.param("q").map(String::strip).filter(q -> !q.isEmpty()).ifPresent(q -> m.put("query", query(q, limit)));
        return WebResponse.json(200, m);
    }

    private static Map<String, Object> ref(KnowledgeEntry e) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("id", e.id());
        x.put("title", e.title());
        return x;
    }

    private static int limit(WebRequest req) {
        String v = req.param("limit").map(String::strip).orElse("");
        if (v.isEmpty()) {
            return 3;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw HttpError.badRequest("limit: a whole number from 1 to " + MAX_LIMIT);
    }

    private Map<String, Object> query(String q, int limit) {
        if (q.length() > MAX_QUERY || q.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw HttpError.badRequest("q: at most " + MAX_QUERY + " characters, no control characters");
        }
        Optional<String> skip = skipped.apply(q);
        KnowledgeMatch match = skip.isPresent() ? new KnowledgeMatch.NotAsked(
                io.shaozi.nlp.knowledge.Asking.Kind.REPORT) : desk.base().match(q);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decision", skip.isPresent() ? "not_asked:" + skip.get() : match instanceof KnowledgeMatch.Answer ? "answer"
                : match instanceof KnowledgeMatch.Choice ? "choice"
                : match instanceof KnowledgeMatch.NotAsked n ? "not_asked:" + n.kind().name().toLowerCase(java.util.Locale.ROOT)
                : "no_match");
        if (match instanceof KnowledgeMatch.Answer a) {
            m.put("answer", ref(a.entry()));
        } else if (match instanceof KnowledgeMatch.Choice c) {
            m.put("choices", c.entries().stream().map(KnowledgeApi::ref).toList());
        }
        List<Map<String, Object>> hits = new ArrayList<>();
        for (KnowledgeBase.Hit h : desk.base().search(q, limit)) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", h.entry().id());
            x.put("title", h.entry().title());
            x.put("score", Math.round(h.score() * 1000) / 1000.0);
            x.put("coverage", Math.round(h.coverage() * 1000) / 1000.0);
            hits.add(x);
        }
        m.put("hits", hits);
        return m;
    }

    WebResponse get(WebRequest req) {
        AdminAuth.require(auth.auth(req), AdminAuth.STAFF);
        KnowledgeEntry e = desk.base().entry(req.pathVar("id")).orElseThrow(() -> HttpError.notFound("no such entry"));
        return WebResponse.json(200, view(e));
    }

    private static Map<String, Object> view(KnowledgeEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("title", e.title());
        m.put("questions", e.questions());
        m.put("answer", e.answer());
        m.put("markdown", e.markdown());
        return m;
    }

    WebResponse put(WebRequest req) {
        AdminAuth.require(auth.auth(req), EDITORS);
        if (!desk.editable()) {
            throw new HttpError(409, "knowledge.dir is not configured: the knowledge base is read-only");
        }
        String id = req.pathVar("id");
        KnowledgeEntry entry;
        try {
            boolean markdown = req.header("Content-Type").map(t -> t.toLowerCase(java.util.Locale.ROOT))
                    .filter(t -> t.startsWith("text/markdown") || t.startsWith("text/plain")).isPresent();
            entry = markdown ? KnowledgeEntry.parse(id, io.shaozi.nlp.knowledge.KnowledgeFolder.decode(req.body()))
                    : fromJson(id, Json.parse(req.body()));
        } catch (KnowledgeException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        boolean createOnly = req.header("If-None-Match").map(String::strip).filter("*"::equals).isPresent();
        boolean created;
        try {
            created = createOnly ? desk.create(entry) : desk.put(entry);
        } catch (KnowledgeException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        if (createOnly && !created) {
            throw new HttpError(412, "id: an entry with this id already exists");
        }
        return WebResponse.json(created ? 201 : 200, view(entry));
    }

    private static KnowledgeEntry fromJson(String id, JsonNode b) {
        if (b == null || !b.isObject()) {
            throw HttpError.badRequest("body must be a JSON object {\"title\", \"questions\", \"answer\"}");
        }
        List<String> questions = new ArrayList<>();
        JsonNode qs = b.get("questions");
        if (qs != null && !qs.isNull()) {
            if (!qs.isArray()) {
                throw HttpError.badRequest("questions: must be a list of strings");
            }
            for (JsonNode q : qs) {
                if (!q.isTextual()) {
                    throw HttpError.badRequest("questions: must be a list of strings");
                }
                if (!q.asText().isBlank()) {
                    questions.add(q.asText());
                }
            }
        }
        return new KnowledgeEntry(id, string(b, "title"), questions, string(b, "answer"));
    }

    private static String string(JsonNode b, String key) {
        JsonNode v = b.get(key);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw HttpError.badRequest(key + ": must be a string");
        }
        return v.asText();
    }

    WebResponse delete(WebRequest req) {
        AdminAuth.require(auth.auth(req), EDITORS);
        if (!desk.editable()) {
            throw new HttpError(409, "knowledge.dir is not configured: the knowledge base is read-only");
        }
        if (!desk.delete(req.pathVar("id"))) {
            throw HttpError.notFound("no such entry");
        }
        return new WebResponse(204, "application/json; charset=utf-8", Map.of(), new byte[0]);
    }
}
