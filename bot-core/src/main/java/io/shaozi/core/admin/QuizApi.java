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
 * GET  /api/quiz/report?branch=&amp;from=&amp;to=   → the secretary's report (participation, points, accuracy, flagged,
 *                                               absent members); dates yyyy-MM-dd (Beijing), default the last 30 days
 *                                               and per 专项答题 open in the period: completion, average score,
 *                                               accuracy, the members who have not completed it ("topics")
 * GET  /api/quiz/report.csv?branch=&amp;from=&amp;to=  → one row a member (with the topics they completed / not)
 * GET  /api/quiz/report-topics.csv?branch=&amp;from=&amp;to=  → one row a 专项答题 (the report's "topics")
 * GET  /api/quiz/boards?committee=&amp;days=30    → branches ranked by average points a member (members without
 *                                               points count as 0); committee: its branches and those of the
 *                                               committees under it (404 when unknown); days 1-366
 * GET  /api/quiz/boards.csv?committee=&amp;days=30 → one row a branch
 * POST /api/quiz/topics  {"code", "name", "category" | "questions": [ids], "branch"?, "deadline"}
 *                        → 201 the topic | 400 | 404 unknown branch | 409 code taken
 * GET  /api/quiz/topics  → {"topics": [...]}, latest deadline first
 * PUT  /api/quiz/topics/{code}  the same body (code may be left out) → 200 the topic | 400 | 404
 * DELETE /api/quiz/topics/{code} → 200 {"code", "deleted": true} | 404 (attempts and points given stay)
 * </pre>
 * An import is all or nothing; a re-import updates questions by id and never un-retires one. The bank is for
 * ADMIN, LEADER and STREET_CADRE. The report (with its list of members who did not take part), the boards and the
 * topics are also open to a branch secretary (SECRETARY, a person with a branch): the report and topics of their own
 * branch only (another branch, or the whole street: 403), the boards of every branch.
 */
public final class QuizApi {
    private static final Role[] ROLES = {Role.ADMIN, Role.LEADER, Role.STREET_CADRE};
    /** The roles that read the report, boards and topics. */
    private static final Role[] SECRETARY_UP = {Role.ADMIN, Role.LEADER, Role.STREET_CADRE, Role.SECRETARY};
    private final QuestionBank bank;
    private final AdminAuth auth;
    private final Optional<io.shaozi.core.quiz.Quizzes> quizzes;
    private final java.util.function.Supplier<io.shaozi.core.identity.Org> org;
    private final java.time.Clock clock;
    private final java.util.function.Consumer<io.shaozi.core.quiz.Topic> published;

    public QuizApi(QuestionBank bank, AdminAuth auth) {
        this(bank, auth, Optional.empty(), () -> {
            throw new IllegalStateException("no org");
        }, java.time.Clock.systemUTC(), t -> { });
    }

    public QuizApi(QuestionBank bank, AdminAuth auth, io.shaozi.core.quiz.Quizzes quizzes,
                   java.util.function.Supplier<io.shaozi.core.identity.Org> org, java.time.Clock clock) {
        this(bank, auth, Optional.of(quizzes), org, clock, t -> { });
    }

    /** @param published told of each topic created (the server announces it to its members) */
    public QuizApi(QuestionBank bank, AdminAuth auth, io.shaozi.core.quiz.Quizzes quizzes,
                   java.util.function.Supplier<io.shaozi.core.identity.Org> org, java.time.Clock clock,
                   java.util.function.Consumer<io.shaozi.core.quiz.Topic> published) {
        this(bank, auth, Optional.of(quizzes), org, clock, published);
    }

    private QuizApi(QuestionBank bank, AdminAuth auth, Optional<io.shaozi.core.quiz.Quizzes> quizzes,
                    java.util.function.Supplier<io.shaozi.core.identity.Org> org, java.time.Clock clock,
                    java.util.function.Consumer<io.shaozi.core.quiz.Topic> published) {
        this.published = published;
        this.bank = bank;
        this.auth = auth;
        this.quizzes = quizzes;
        this.org = org;
        this.clock = clock;
    }

    public void routes(Router r) {
        r.post("/api/quiz/questions", this::importCsv);
        r.get("/api/quiz/questions", this::list);
        r.post("/api/quiz/questions/{id}/retire", this::retire);
        if (quizzes.isPresent()) {
            r.get("/api/quiz/report", this::report);
            r.get("/api/quiz/report.csv", this::reportCsv);
            r.get("/api/quiz/report-topics.csv", this::reportTopicsCsv);
            r.get("/api/quiz/boards", this::boards);
            r.get("/api/quiz/boards.csv", this::boardsCsv);
            r.post("/api/quiz/topics", this::createTopic);
            r.get("/api/quiz/topics", this::topics);
            r.add("PUT", "/api/quiz/topics/{code}", this::updateTopic);
            r.add("DELETE", "/api/quiz/topics/{code}", this::deleteTopic);
        }
    }

    /**
     * The branch a caller may see: street roles any (or all, when none is asked), a secretary their own branch only
     * (403 for another branch or for a secretary without one).
     */
    private Optional<String> scope(Principal who, Optional<String> asked) {
        AdminAuth.require(who, SECRETARY_UP);
        if (who.street()) {
            return asked;
        }
        Optional<String> own = org.get().person(who.actor().id()).flatMap(io.shaozi.core.identity.Org.Person::branch);
        if (own.isEmpty()) {
            throw new HttpError(403, "您没有登记所属党支部，无权查看答题报告");
        }
        if (asked.isPresent() && !asked.equals(own)) {
            throw new HttpError(403, "支部书记只能查看本支部（" + own.get() + "）的数据");
        }
        return own;
    }

    private io.shaozi.core.quiz.QuizReport buildReport(WebRequest req) {
        Principal who = auth.auth(req);
        java.time.LocalDate today = io.shaozi.core.quiz.Quizzes.day(clock.instant());
        java.time.LocalDate to = AdminInput.param(req, "to").map(QuizApi::date).orElse(today);
        java.time.LocalDate from = AdminInput.param(req, "from").map(QuizApi::date).orElse(to.minusDays(29));
        if (from.isAfter(to) || from.plusDays(366).isBefore(to)) {
            throw HttpError.badRequest("from must not be after to, and at most 366 days before it");
        }
        io.shaozi.core.identity.Org o = org.get();
        Optional<String> asked = AdminInput.param(req, "branch");
        if (asked.isPresent() && o.branches().stream().noneMatch(b -> b.code().equals(asked.get()))) {
            throw HttpError.notFound("no such branch");
        }
        Optional<String> branch = scope(who, asked);
        return io.shaozi.core.quiz.QuizReport.build(o, quizzes.orElseThrow().store(), quizzes.orElseThrow().topics(),
                branch, from, to, clock.instant());
    }

    private static java.time.LocalDate date(String s) {
        try {
            return java.time.LocalDate.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            throw HttpError.badRequest("dates are yyyy-MM-dd");
        }
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }

    WebResponse report(WebRequest req) {
        io.shaozi.core.quiz.QuizReport r = buildReport(req);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("branch", r.branch().orElse(null));
        m.put("from", r.from().toString());
        m.put("to", r.to().toString());
        m.put("members", r.members());
        m.put("participants", r.participants());
        m.put("participationRate", round(r.participationRate()));
        m.put("averagePoints", round(r.averagePoints()));
        List<Map<String, Object>> acc = new ArrayList<>();
        for (io.shaozi.core.quiz.QuizReport.CategoryAccuracy a : r.accuracy()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("category", a.category());
            x.put("answered", a.answered());
            x.put("correct", a.correct());
            x.put("accuracy", round(a.accuracy()));
            acc.add(x);
        }
        m.put("accuracyByCategory", acc);
        m.put("answered", r.answered());
        m.put("accuracy", round(r.overallAccuracy()));
        Map<String, Object> streaks = new LinkedHashMap<>();
        streaks.put("average", round(r.averageStreak()));
        streaks.put("longest", r.longestStreak());
        streaks.put("members", r.membersWithStreak());
        List<Map<String, Object>> top = new ArrayList<>();
        r.rows().stream().filter(x -> x.streak() > 0)
                .sorted(java.util.Comparator.comparingInt(io.shaozi.core.quiz.QuizReport.MemberRow::streak).reversed()
                        .thenComparing(io.shaozi.core.quiz.QuizReport.MemberRow::id)).limit(10)
                .forEach(x -> top.add(Map.of("id", x.id(), "name", x.name(), "streak", x.streak())));
        streaks.put("top", top);
        m.put("streaks", streaks);
        io.shaozi.core.quiz.QuizReport.Period p = r.previous();
        Map<String, Object> prev = new LinkedHashMap<>();
        prev.put("from", p.from().toString());
        prev.put("to", p.to().toString());
        prev.put("participants", p.participants());
        prev.put("participationRate", round(p.participationRate()));
        prev.put("averagePoints", round(p.averagePoints()));
        prev.put("answered", p.answered());
        prev.put("accuracy", round(p.accuracy()));
        m.put("previous", prev);
        Map<String, Object> trend = new LinkedHashMap<>();
        trend.put("participationRate", round(r.participationRate() - p.participationRate()));
        trend.put("averagePoints", round(r.averagePoints() - p.averagePoints()));
        trend.put("accuracy", round(r.overallAccuracy() - p.accuracy()));
        trend.put("participants", r.participants() - p.participants());
        m.put("trend", trend);
        m.put("flagged", r.flagged());
        List<Map<String, Object>> flaggedBy = new ArrayList<>();
        for (io.shaozi.core.quiz.QuizReport.MemberRow row : r.rows()) {
            if (row.flagged() > 0 || row.flaggedAttempts() > 0) {
                flaggedBy.add(Map.of("id", row.id(), "name", row.name(), "flagged", row.flagged(),
                        "flaggedAttempts", row.flaggedAttempts(), "warning", row.warning()));
            }
        }
        m.put("flaggedByMember", flaggedBy);
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (io.shaozi.core.quiz.QuizReport.FlaggedAttempt f : r.flaggedAttempts()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("attempt", f.attempt());
            x.put("id", f.member());
            x.put("name", f.name());
            x.put("activity", f.activity().code());
            x.put("day", f.day().toString());
            x.put("reason", f.reason());
            x.put("warning", f.level());
            attempts.add(x);
        }
        m.put("flaggedAttempts", attempts);
        List<Map<String, Object>> warned = new ArrayList<>();
        for (io.shaozi.core.quiz.QuizReport.MemberRow row : r.warned()) {
            warned.add(Map.of("id", row.id(), "name", row.name(), "flaggedAttempts", row.flaggedAttempts()));
        }
        m.put("warned", warned);
        List<Map<String, Object>> absent = new ArrayList<>();
        for (io.shaozi.core.quiz.QuizReport.MemberRow row : r.absent()) {
            absent.add(Map.of("id", row.id(), "name", row.name(), "branch", row.branch()));
        }
        m.put("absent", absent);
        List<Map<String, Object>> topics = new ArrayList<>();
        for (io.shaozi.core.quiz.QuizReport.TopicCompletion t : r.topics()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("code", t.code());
            x.put("name", t.name());
            x.put("branch", t.branch().orElse(null));
            x.put("deadline", t.deadline().toString());
            x.put("closed", t.closed());
            x.put("members", t.members());
            x.put("completed", t.completed());
            x.put("completionRate", round(t.completionRate()));
            x.put("inProgress", t.inProgress());
            x.put("averageCorrect", round(t.averageCorrect()));
            x.put("averageAnswered", round(t.averageAnswered()));
            x.put("accuracy", round(t.accuracy()));
            x.put("flagged", t.flagged());
            List<Map<String, Object>> missing = new ArrayList<>();
            for (io.shaozi.core.quiz.QuizReport.TopicMember tm : t.notCompleted()) {
                missing.add(Map.of("id", tm.id(), "name", tm.name(), "branch", tm.branch(), "state", tm.state(),
                        "answered", tm.answered()));
            }
            x.put("notCompleted", missing);
            topics.add(x);
        }
        m.put("topics", topics);
        return WebResponse.json(200, m);
    }

    WebResponse reportCsv(WebRequest req) {
        io.shaozi.core.quiz.QuizReport r = buildReport(req);
        // per member: the codes of the report's topics for them that they completed, and those they did not
        Map<String, List<String>> notDone = new java.util.HashMap<>();
        Map<String, List<String>> done = new java.util.HashMap<>();
        for (io.shaozi.core.quiz.QuizReport.TopicCompletion t : r.topics()) {
            java.util.Set<String> missing = new java.util.HashSet<>();
            t.notCompleted().forEach(m -> {
                missing.add(m.id());
                notDone.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(t.code());
            });
            for (io.shaozi.core.quiz.QuizReport.MemberRow row : r.rows()) {
                if (!missing.contains(row.id()) && (t.branch().isEmpty() || t.branch().get().equals(row.branch()))) {
                    done.computeIfAbsent(row.id(), k -> new ArrayList<>()).add(t.code());
                }
            }
        }
        StringBuilder sb = new StringBuilder("id,name,branch,points,answered,correct,flagged,tookPart,streak,"
                + "flaggedAttempts,warning,topicsCompleted,topicsNotCompleted\n");
        for (io.shaozi.core.quiz.QuizReport.MemberRow row : r.rows()) {
            sb.append(io.shaozi.core.ticket.TicketMetrics.csvCell(row.id())).append(',')
                    .append(io.shaozi.core.ticket.TicketMetrics.csvCell(row.name())).append(',')
                    .append(io.shaozi.core.ticket.TicketMetrics.csvCell(row.branch())).append(',').append(row.points())
                    .append(',').append(row.answered()).append(',').append(row.correct()).append(',')
                    .append(row.flagged()).append(',').append(row.tookPart()).append(',').append(row.streak())
                    .append(',').append(row.flaggedAttempts()).append(',').append(row.warning()).append(',')
                    .append(io.shaozi.core.ticket.TicketMetrics.csvCell(
                            String.join(" ", done.getOrDefault(row.id(), List.of())))).append(',')
                    .append(io.shaozi.core.ticket.TicketMetrics.csvCell(
                            String.join(" ", notDone.getOrDefault(row.id(), List.of())))).append('\n');
        }
        return WebResponse.csvAttachment(sb.toString(), "quiz-report-" + r.from() + "-" + r.to() + ".csv");
    }

    /** One row a 专项答题 of the report: its completion figures and who has not completed it (名字(编号)；…). */
    WebResponse reportTopicsCsv(WebRequest req) {
        io.shaozi.core.quiz.QuizReport r = buildReport(req);
        StringBuilder sb = new StringBuilder("code,name,branch,deadline,closed,members,completed,completionRate,"
                + "inProgress,averageCorrect,averageAnswered,accuracy,flagged,notCompleted\n");
        for (io.shaozi.core.quiz.QuizReport.TopicCompletion t : r.topics()) {
            List<String> missing = new ArrayList<>();
            t.notCompleted().forEach(m -> missing.add(m.name() + "(" + m.id() + ")"));
            sb.append(io.shaozi.core.ticket.TicketMetrics.csvCell(t.code())).append(',')
                    .append(io.shaozi.core.ticket.TicketMetrics.csvCell(t.name())).append(',')
                    .append(io.shaozi.core.ticket.TicketMetrics.csvCell(t.branch().orElse(""))).append(',')
                    .append(t.deadline().atZone(io.shaozi.core.schedule.Schedule.ZONE).toOffsetDateTime()).append(',')
                    .append(t.closed()).append(',').append(t.members()).append(',').append(t.completed()).append(',')
                    .append(round(t.completionRate())).append(',').append(t.inProgress()).append(',')
                    .append(round(t.averageCorrect())).append(',').append(round(t.averageAnswered())).append(',')
                    .append(round(t.accuracy())).append(',').append(t.flagged()).append(',')
                    .append(io.shaozi.core.ticket.TicketMetrics.csvCell(String.join("；", missing))).append('\n');
        }
        return WebResponse.csvAttachment(sb.toString(), "quiz-topics-" + r.from() + "-" + r.to() + ".csv");
    }

    private io.shaozi.core.quiz.QuizBoard buildBoard(WebRequest req) {
        AdminAuth.require(auth.auth(req), SECRETARY_UP);
        int days = AdminInput.intParam(req, "days", 30, 1, 366);
        java.time.LocalDate to = io.shaozi.core.quiz.Quizzes.day(clock.instant());
        io.shaozi.core.identity.Org o = org.get();
        Optional<String> committee = AdminInput.param(req, "committee");
        if (committee.isPresent() && o.committee(committee.get()).isEmpty()) {
            throw HttpError.notFound("no such committee");
        }
        return io.shaozi.core.quiz.QuizBoard.build(o, quizzes.orElseThrow().store(), committee,
                to.minusDays(days - 1L), to);
    }

    WebResponse boards(WebRequest req) {
        io.shaozi.core.quiz.QuizBoard b = buildBoard(req);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("committee", b.committee().orElse(null));
        m.put("from", b.from().toString());
        m.put("to", b.to().toString());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (io.shaozi.core.quiz.QuizBoard.Row row : b.rows()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("rank", row.rank());
            x.put("branch", row.branch());
            x.put("name", row.name());
            x.put("committee", row.committee());
            x.put("members", row.members());
            x.put("points", row.points());
            x.put("averagePoints", round(row.average()));
            rows.add(x);
        }
        m.put("branches", rows);
        return WebResponse.json(200, m);
    }

    WebResponse boardsCsv(WebRequest req) {
        io.shaozi.core.quiz.QuizBoard b = buildBoard(req);
        StringBuilder sb = new StringBuilder("rank,branch,name,committee,members,points,averagePoints\n");
        for (io.shaozi.core.quiz.QuizBoard.Row row : b.rows()) {
            sb.append(row.rank()).append(',').append(io.shaozi.core.ticket.TicketMetrics.csvCell(row.branch()))
                    .append(',').append(io.shaozi.core.ticket.TicketMetrics.csvCell(row.name())).append(',')
                    .append(io.shaozi.core.ticket.TicketMetrics.csvCell(row.committee())).append(',')
                    .append(row.members()).append(',').append(row.points()).append(',').append(round(row.average()))
                    .append('\n');
        }
        return WebResponse.csvAttachment(sb.toString(), "quiz-boards-" + b.from() + "-" + b.to() + ".csv");
    }

    WebResponse createTopic(WebRequest req) {
        Principal who = auth.auth(req);
        AdminAuth.require(who, SECRETARY_UP);
        com.fasterxml.jackson.databind.JsonNode b = topicBody(req);
        String code = AdminInput.required(b, "code");
        if (!code.matches("[A-Za-z0-9_-]{1,40}")) {
            throw HttpError.badRequest("code is 1-40 letters, digits, _ or -");
        }
        java.time.Instant now = clock.instant();
        io.shaozi.core.quiz.Topic t = topic(b, code, who, who.actor().id(), now);
        if (!quizzes.orElseThrow().topics().create(t)) {
            throw new HttpError(409, "a topic with code " + code + " exists");
        }
        published.accept(t);
        return WebResponse.json(201, topicView(t));
    }

    private static com.fasterxml.jackson.databind.JsonNode topicBody(WebRequest req) {
        com.fasterxml.jackson.databind.JsonNode b = io.shaozi.core.http.Json.parse(req.body());
        if (!b.isObject()) {
            throw HttpError.badRequest("body must be a JSON object");
        }
        return b;
    }

    /** The topic of code {@code code} in a request body (validated; a secretary's topic is for their branch). */
    private io.shaozi.core.quiz.Topic topic(com.fasterxml.jackson.databind.JsonNode b, String code, Principal who,
                                           String createdBy, java.time.Instant createdAt) {
        String name = AdminInput.required(b, "name");
        if (name.length() > 100) {
            throw HttpError.badRequest("name: at most 100 characters");
        }
        Optional<String> category = AdminInput.text(b, "category");
        List<String> questions = AdminInput.strings(b, "questions");
        if (category.isPresent() == !questions.isEmpty()) {
            throw HttpError.badRequest("give either category or questions (a list of question ids)");
        }
        if (questions.size() > io.shaozi.core.quiz.Topic.MAX_QUESTIONS) {
            throw HttpError.badRequest("questions: at most " + io.shaozi.core.quiz.Topic.MAX_QUESTIONS);
        }
        if (questions.stream().distinct().count() < questions.size()) {
            throw HttpError.badRequest("questions: an id is listed twice");
        }
        for (String id : questions) {
            if (bank.find(id).filter(q -> !q.retired()).isEmpty()) {
                throw HttpError.badRequest("questions: no active question " + id);
            }
        }
        if (category.isPresent() && bank.list(category, Optional.of(false), 1).isEmpty()) {
            throw HttpError.badRequest("category: no active question in " + category.get());
        }
        Optional<String> asked = AdminInput.text(b, "branch").filter(x -> !x.isBlank());
        if (asked.isPresent() && org.get().branch(asked.get()).isEmpty()) {
            throw HttpError.notFound("no such branch");
        }
        Optional<String> branch = scope(who, asked);
        java.time.Instant deadline;
        try {
            deadline = java.time.OffsetDateTime.parse(AdminInput.required(b, "deadline").strip()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw HttpError.badRequest("deadline must be a time with its offset, like 2026-12-31T18:00:00+08:00");
        }
        if (!deadline.isAfter(clock.instant())) {
            throw HttpError.badRequest("deadline is in the past");
        }
        return new io.shaozi.core.quiz.Topic(code, name, category, questions, branch, deadline, createdBy, createdAt);
    }

    /** The topic at {@code {code}} if this caller may change it (a secretary: a topic of their branch); else 404/403. */
    private io.shaozi.core.quiz.Topic ownTopic(WebRequest req, Principal who) {
        String code = req.pathVar("code");
        io.shaozi.core.quiz.Topic t = (code.length() > 40 ? Optional.<io.shaozi.core.quiz.Topic>empty()
                : quizzes.orElseThrow().topics().find(code)).orElseThrow(() -> HttpError.notFound("no such topic"));
        if (!who.street()) {
            Optional<String> own = scope(who, Optional.empty());
            if (!t.branch().equals(own)) {
                throw new HttpError(403, "支部书记只能修改本支部的专项答题");
            }
        }
        return t;
    }

    WebResponse updateTopic(WebRequest req) {
        Principal who = auth.auth(req);
        AdminAuth.require(who, SECRETARY_UP);
        io.shaozi.core.quiz.Topic old = ownTopic(req, who);
        com.fasterxml.jackson.databind.JsonNode b = topicBody(req);
        Optional<String> code = AdminInput.text(b, "code");
        if (code.isPresent() && !code.get().equals(old.code())) {
            throw HttpError.badRequest("code cannot be changed");
        }
        io.shaozi.core.quiz.Topic t = topic(b, old.code(), who, old.createdBy(), old.createdAt());
        if (!quizzes.orElseThrow().topics().update(t, clock.instant())) {
            throw HttpError.notFound("no such topic");
        }
        return WebResponse.json(200, topicView(t));
    }

    WebResponse deleteTopic(WebRequest req) {
        Principal who = auth.auth(req);
        AdminAuth.require(who, SECRETARY_UP);
        io.shaozi.core.quiz.Topic t = ownTopic(req, who);
        if (!quizzes.orElseThrow().topics().delete(t.code(), clock.instant())) {
            throw HttpError.notFound("no such topic");
        }
        return WebResponse.json(200, Map.of("code", t.code(), "deleted", true));
    }

    WebResponse topics(WebRequest req) {
        Principal who = auth.auth(req);
        AdminAuth.require(who, SECRETARY_UP);
        Optional<String> own = who.street() ? Optional.empty() : scope(who, Optional.empty());
        List<Map<String, Object>> out = new ArrayList<>();
        for (io.shaozi.core.quiz.Topic t : quizzes.orElseThrow().topics().list(500)) {
            if (own.isEmpty() || t.branch().isEmpty() || t.branch().equals(own)) {
                out.add(topicView(t));
            }
        }
        return WebResponse.json(200, Map.of("topics", out));
    }

    private static Map<String, Object> topicView(io.shaozi.core.quiz.Topic t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", t.code());
        m.put("name", t.name());
        m.put("category", t.category().orElse(null));
        m.put("questions", t.questions());
        m.put("branch", t.branch().orElse(null));
        m.put("deadline", t.deadline().toString());
        m.put("createdBy", t.createdBy());
        m.put("createdAt", t.createdAt().toString());
        return m;
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
