package io.shaozi.core.admin;

import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.identity.Role;
import io.shaozi.core.quiz.CsvError;
import io.shaozi.core.quiz.ImportOutcome;
import io.shaozi.core.quiz.Question;
import io.shaozi.core.quiz.QuestionBank;
import io.shaozi.core.quiz.StoredQuestion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The quiz question bank (ADMIN/LEADER/STREET_CADRE, bearer tokens of {@link AdminAuth}):
 * <pre>
 * POST /api/quiz/questions              text/csv → {"imported": n} | 400 {"error", "errors": [{line, column, error}]}
 * GET  /api/quiz/questions?category=&amp;state=active|retired|all&amp;size=  → {"questions": [...]}
 * POST /api/quiz/questions/{id}/retire  → {"id", "retired": true} | 404
 * </pre>
 * An import is all or nothing; a re-import updates questions by id and never un-retires one.
 */
public final class QuizApi {
    private static final Role[] ROLES = {Role.ADMIN, Role.LEADER, Role.STREET_CADRE};
    private final QuestionBank bank;
    private final AdminAuth auth;

    public QuizApi(QuestionBank bank, AdminAuth auth) {
        this.bank = bank;
        this.auth = auth;
    }

    public void routes(Router r) {
        r.post("/api/quiz/questions", this::importCsv);
        r.get("/api/quiz/questions", this::list);
        r.post("/api/quiz/questions/{id}/retire", this::retire);
    }

    WebResponse importCsv(WebRequest req) {
        AdminAuth.require(auth.auth(req), ROLES);
        String type = req.header("content-type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
            throw new HttpError(415, "Content-Type must be text/csv");
        }
        ImportOutcome o = bank.importCsv(req.body());
        if (o instanceof ImportOutcome.Refused bad) {
            return WebResponse.json(400, Map.of("error", "CSV 有误，未导入任何题目（nothing imported）",
                    "errors", views(bad.errors())));
        }
        return WebResponse.json(200, Map.of("imported", ((ImportOutcome.Imported) o).count()));
    }

    WebResponse list(WebRequest req) {
        AdminAuth.require(auth.auth(req), ROLES);
        Optional<String> category = AdminInput.param(req, "category");
        String state = AdminInput.param(req, "state").orElse("active");
        Optional<Boolean> retired = switch (state) {
            case "active" -> Optional.of(false);
            case "retired" -> Optional.of(true);
            case "all" -> Optional.empty();
            default -> throw HttpError.badRequest("state must be active, retired or all");
        };
        int size = AdminInput.intParam(req, "size", 100, 1, 1000);
        List<Map<String, Object>> out = new ArrayList<>();
        for (StoredQuestion s : bank.list(category, retired, size)) {
            out.add(view(s));
        }
        return WebResponse.json(200, Map.of("questions", out));
    }

    WebResponse retire(WebRequest req) {
        AdminAuth.require(auth.auth(req), ROLES);
        String id = req.pathVar("id");
        if (id.length() > 64 || !bank.retire(id)) {
            throw HttpError.notFound("no such question");
        }
        return WebResponse.json(200, Map.of("id", id, "retired", true));
    }

    static Map<String, Object> view(StoredQuestion s) {
        Question q = s.question();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.id());
        m.put("type", q.type().code());
        m.put("stem", q.stem());
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < q.options().size(); i++) {
            options.put(String.valueOf(Question.LETTERS.charAt(i)), q.options().get(i));
        }
        m.put("options", options);
        m.put("answer", q.answer());
        m.put("explanation", q.explanation());
        m.put("category", q.category());
        m.put("paraphrases", q.paraphrases());
        m.put("validUntil", q.validUntil().map(Object::toString).orElse(null));
        m.put("retired", s.retired());
        m.put("retiredAt", s.retiredAt().map(Object::toString).orElse(null));
        m.put("updatedAt", s.updatedAt().toString());
        return m;
    }

    static List<Map<String, Object>> views(List<CsvError> errors) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CsvError e : errors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", e.line());
            m.put("column", e.column());
            m.put("error", e.toString());
            out.add(m);
        }
        return out;
    }
}
