package io.shaozi.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import io.shaozi.core.ticket.EventType;
import io.shaozi.core.ticket.ReturnReason;
import io.shaozi.core.ticket.TicketMachine;
import io.shaozi.core.ticket.TicketStatus;
import io.shaozi.nlp.Urgency;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console at /console/: static files with the right types and no external references, its vocabulary in
 * step with the Java enums and the state machine, and every API call it makes answered for the admin token.
 */
class ConsolePageTest {
    private static final String ADMIN = "console-admin-token";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + ADMIN);
    private static final Map<String, String> AUTH_JSON = Map.of("Authorization", "Bearer " + ADMIN,
            "Content-Type", "application/json");

    @TempDir
    static Path data;
    static TestServer server;
    static String html;
    static String js;
    static String css;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data, Map.of("admin.token", ADMIN), Clock.systemUTC());
        html = served("/console/", "text/html");
        js = served("/console/app.js", "text/javascript; charset=utf-8");
        css = served("/console/app.css", "text/css; charset=utf-8");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String served(String path, String type) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith(type));
        return r.body();
    }

    @Test
    void console_redirectsToTheSlashAndServesThePage() throws Exception {
        HttpResponse<String> r = server.get("/console");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValue("/console/");
        assertThat(server.get("/console/index.html").body()).isEqualTo(html);
        assertThat(html).contains("<html lang=\"zh-CN\">").contains("接诉即办工作台")
                .contains("src=\"app.js\"").contains("href=\"app.css\"");
        assertThat(server.get("/console/missing.js").statusCode()).isEqualTo(404);
        assertThat(server.get("/console/../logback.xml").statusCode()).isEqualTo(404);
    }

    @Test
    void files_referenceNothingOutsideTheServer() {
        for (String f : new String[] {html, js, css}) {
            assertThat(f).doesNotContain("http://", "https://", "src=\"//", "href=\"//", "url(//", "@import");
        }
        assertThat(js).doesNotContain("innerHTML", "eval(", "localStorage");
        assertThat(js).contains("sessionStorage").contains("\"Authorization\": \"Bearer \"");
    }

    @Test
    void pagesOfTheirOwn_loadTheSharedHelpersFirst_andKeepNoCopiesOfThem() throws Exception {
        String common = served("/console/common.js", "text/javascript; charset=utf-8");
        assertThat(common).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "localStorage", "http://", "https://");
        assertThat(common).contains("window.Console = {").contains("\"Authorization\": \"Bearer \"")
                .contains("var TOKEN_KEY = \"shaozi.console.token\";").contains("var WHO_KEY = \"shaozi.console.who\";");
        // the same session keys as the console itself, so one login serves every page
        assertThat(js).contains("var TOKEN_KEY = \"shaozi.console.token\";").contains("var WHO_KEY = \"shaozi.console.who\";");
        for (String page : new String[] {"quiz", "knowledge"}) {
            String h = served("/console/" + page + ".html", "text/html");
            assertThat(h).as(page).contains("<script src=\"common.js\"></script>\n<script src=\"" + page + ".js\"></script>")
                    .doesNotContain("<script>");
            String pjs = served("/console/" + page + ".js", "text/javascript; charset=utf-8");
            assertThat(pjs).as(page).contains("var C = window.Console")
                    .doesNotContain("function el(", "function clear(", "function $(", "function errorText(", "fetch(",
                            "TOKEN_KEY", "Authorization");
        }
        // the CSP the pages rely on: scripts only from the server itself (common.js is one of its files), none inline
        HttpResponse<String> r = server.get("/console/knowledge.html");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'").doesNotContain("unsafe-inline", "script-src"));
    }

    @Test
    void knowledgePage_isLinkedForTheRolesTheApiAllows_andBuildsNoHtmlFromText() throws Exception {
        String page = served("/console/knowledge.html", "text/html");
        String kjs = served("/console/knowledge.js", "text/javascript; charset=utf-8");
        assertThat(page).contains("src=\"knowledge.js\"").doesNotContain("<script>", "style=", "onclick=");
        assertThat(kjs).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "localStorage", "http://");
        // the roles in the page and on the nav link are the API's
        String staff = Arrays.stream(AdminAuth.STAFF).map(r -> "\"" + r.name() + "\"").collect(Collectors.joining(", "));
        String editors = Arrays.stream(KnowledgeApi.EDITORS).map(r -> "\"" + r.name() + "\"").collect(Collectors.joining(", "));
        assertThat(kjs).contains("var STAFF = [" + staff + "];").contains("var EDITORS = [" + editors + "];");
        assertThat(html).contains("href=\"knowledge.html\"").contains("data-roles=\""
                + Arrays.stream(AdminAuth.STAFF).map(Enum::name).collect(Collectors.joining(" ")) + "\"");
        Matcher m = Pattern.compile("\"(/api/[^\"?]*)").matcher(kjs);
        Set<String> paths = new TreeSet<>();
        while (m.find()) {
            paths.add(m.group(1));
        }
        assertThat(paths).containsExactlyInAnyOrder("/api/me", "/api/knowledge", "/api/knowledge/");
    }

    @Test
    void vocabulary_matchesTheJavaEnums() {
        for (TicketStatus s : TicketStatus.values()) {
            assertThat(js).as(s.name()).contains("[\"" + s.name() + "\", \"" + s.label() + "\"]");
        }
        for (ReturnReason r : ReturnReason.values()) {
            assertThat(js).as(r.code()).contains("[\"" + r.code() + "\", \"" + r.label() + "\"]");
        }
        for (EventType e : EventType.values()) {
            assertThat(js).as(e.name()).contains(e.name() + ": \"" + e.label() + "\"");
        }
        for (Urgency u : Urgency.values()) {
            assertThat(js).as(u.name()).contains("[\"" + u.name() + "\", \"" + u.label() + "\"]");
        }
        // what a 类别更正 may pick: the category model's categories, in its order
        assertThat(js).contains("var CATEGORIES = [\"" + String.join("\", \"", io.shaozi.nlp.CategoryModel.CATEGORIES) + "\"];");
    }

    @Test
    void actionStates_matchTheStateMachine() {
        int from = js.indexOf("var FROM = {");
        String block = js.substring(from, js.indexOf("};", from));
        Matcher m = Pattern.compile("\"?(\\w+)\"?: \\[([^\\]]*)\\]").matcher(block);
        Map<String, Set<String>> inJs = new LinkedHashMap<>();
        while (m.find()) {
            inJs.put(m.group(1), Arrays.stream(m.group(2).split(",")).map(s -> s.trim().replace("\"", ""))
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        assertThat(inJs.keySet()).containsExactlyInAnyOrderElementsOf(TicketMachine.FROM.keySet());
        TicketMachine.FROM.forEach((action, states) -> assertThat(inJs.get(action)).as(action)
                .isEqualTo(states.stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new))));
    }

    @Test
    void everyApiPathThePageCalls_isAnsweredForTheAdmin() throws Exception {
        Set<String> paths = new TreeSet<>();
        Matcher m = Pattern.compile("\"(/api/[^\"?]*)").matcher(js);
        while (m.find()) {
            paths.add(m.group(1));
        }
        assertThat(paths).containsExactlyInAnyOrder("/api/tickets", "/api/tickets/", "/api/org", "/api/metrics",
                "/api/export.csv", "/api/handoffs", "/api/handoffs/", "/api/me", "/api/org/people/", "/api/campaigns", "/api/quiz/boards",
                "/api/alerts", "/api/alerts/", "/api/chat/link");
        assertThat(server.getWithHeaders("/api/campaigns?size=50", AUTH).statusCode()).isEqualTo(200);
        // the alert inbox as the page polls it: the whole list, then what changed since the answer's "now"
        JsonNode alerts = Json.MAPPER.readTree(ok(server.getWithHeaders("/api/alerts?mine", AUTH)));
        assertThat(alerts.get("items").isArray()).isTrue();
        assertThat(server.getWithHeaders("/api/alerts?mine&since=" + java.net.URLEncoder.encode(alerts.get("now").asText(),
                java.nio.charset.StandardCharsets.UTF_8), AUTH).statusCode()).isEqualTo(200);
        assertThat(server.post("/api/alerts/abc/ack", "{}", AUTH_JSON).statusCode()).isEqualTo(400);
        // the operator token has no chat page of its own: 409 with a Chinese reason the page shows as is
        HttpResponse<String> link = server.post("/api/chat/link", "{}", AUTH_JSON);
        assertThat(link.statusCode()).isEqualTo(409);
        assertThat(link.body()).contains("本人");
        assertThat(server.getWithHeaders("/api/quiz/boards", AUTH).statusCode()).isEqualTo(200);
        JsonNode me = Json.MAPPER.readTree(ok(server.getWithHeaders("/api/me", AUTH)));
        assertThat(me.get("operator").asBoolean()).as("the operator token is asked to pick a person").isTrue();
        HttpResponse<String> issued = server.post("/api/org/people/cg-001/tokens", "{\"label\":\"console\"}", AUTH_JSON);
        assertThat(issued.statusCode()).isEqualTo(201);
        String personal = Json.MAPPER.readTree(issued.body()).get("token").asText();
        JsonNode named = Json.MAPPER.readTree(ok(server.getWithHeaders("/api/me", Map.of("Authorization", "Bearer " + personal))));
        assertThat(named.get("name").asText()).isEqualTo("张伟");
        assertThat(named.get("operator").asBoolean()).isFalse();

        assertThat(server.get("/api/tickets").statusCode()).as("no token: the page shows the login").isEqualTo(401);
        assertThat(server.getWithHeaders("/api/tickets", Map.of("Authorization", "Bearer wrong")).statusCode())
                .isEqualTo(401);
        HttpResponse<String> list = server.getWithHeaders("/api/tickets?status=RECEIVED&department=jd-cgb"
                + "&community=110101001001&category=%E5%9F%8E%E4%B9%A1%E5%BB%BA%E8%AE%BE&overdue=true&q=x&page=1&size=20",
                AUTH);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(list.body()).get("items").isArray()).isTrue();
        JsonNode org = Json.MAPPER.readTree(ok(server.getWithHeaders("/api/org", AUTH)));
        assertThat(org.get("departments").size()).isPositive();
        assertThat(org.get("communities").size()).isPositive();
        JsonNode metrics = Json.MAPPER.readTree(ok(server.getWithHeaders("/api/metrics?dimension=department", AUTH)));
        assertThat(metrics.get("from").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(metrics.get("rows").isArray()).isTrue();
        for (String q : new String[] {"?kind=metrics&dimension=community", "?kind=tickets&status=RECEIVED"}) {
            HttpResponse<String> csv = server.getWithHeaders("/api/export.csv" + q, AUTH);
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
            assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                    .contains("filename=\"shaozi-"));
        }
        assertThat(Json.MAPPER.readTree(ok(server.getWithHeaders("/api/handoffs", AUTH))).get("items").isArray())
                .isTrue();
        HttpResponse<String> noHandoff = server.post("/api/handoffs/generic:chat:nobody/reply", "{\"text\":\"您好\"}",
                AUTH_JSON);
        assertThat(noHandoff.statusCode()).isEqualTo(404);
    }

    @Test
    void ticketDetailAndActions_asThePageSendsThem() throws Exception {
        HttpResponse<String> opened = server.post("/api/tickets", Json.text(Map.of("text", "幸福小区3号楼2单元楼道灯坏了",
                "category", "城乡建设", "subcategory", "物业照明", "urgency", "NORMAL", "place", "幸福小区3号楼2单元",
                "reporter", Map.of("channel", "web", "name", "", "phone", ""))), AUTH_JSON);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String number = Json.MAPPER.readTree(opened.body()).get("number").asText();

        JsonNode listed = Json.MAPPER.readTree(ok(server.getWithHeaders("/api/tickets?q=" + number, AUTH)));
        assertThat(listed.get("items").get(0).get("text").asText()).contains("楼道灯坏了");

        JsonNode t = Json.MAPPER.readTree(ok(server.getWithHeaders("/api/tickets/" + number, AUTH)));
        assertThat(t.get("events").size()).isPositive();
        JsonNode first = t.get("events").get(0);
        assertThat(first.get("actor").get("name").asText()).isNotEmpty();
        assertThat(first.has("from") && first.has("to") && first.has("note") && first.has("at")).isTrue();
        assertThat(t.get("summons").isArray()).isTrue();
        int version = t.get("version").asInt();

        // a stale version: 409 with the current version, which the page shows as a conflict
        HttpResponse<String> stale = server.post("/api/tickets/" + number + "/actions",
                Json.text(Map.of("action", "urge", "note", "请尽快处理", "version", version - 1)), AUTH_JSON);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(stale.body()).get("version").asInt()).isEqualTo(version);
        assertThat(Json.MAPPER.readTree(stale.body()).get("error").asText()).contains("刷新");

        // whistle as the form sends it (departments from /api/org, empty lead = default)
        HttpResponse<String> whistled = server.post("/api/tickets/" + number + "/actions", Json.text(Map.of(
                "action", "whistle", "departments", java.util.List.of("jd-zfd", "qu-zjw"), "lead", "", "note", "联合处置",
                "version", version)), AUTH_JSON);
        assertThat(whistled.statusCode()).as(whistled.body()).isEqualTo(200);
        JsonNode w = Json.MAPPER.readTree(whistled.body());
        assertThat(w.get("summons").size()).isEqualTo(2);
        assertThat(w.get("summons").get(0).get("dueAt").asText()).isNotEmpty();

        // report with the summoned department, then a refusal (already reported) comes back as 409 without version
        Map<String, Object> report = Map.of("action", "report", "department", "jd-zfd", "location", "现场",
                "photo", "", "note", "", "version", w.get("version").asInt());
        HttpResponse<String> reported = server.post("/api/tickets/" + number + "/actions", Json.text(report), AUTH_JSON);
        assertThat(reported.statusCode()).as(reported.body()).isEqualTo(200);
        int v2 = Json.MAPPER.readTree(reported.body()).get("version").asInt();
        Map<String, Object> again = new LinkedHashMap<>(report);
        again.put("version", v2);
        HttpResponse<String> refused = server.post("/api/tickets/" + number + "/actions", Json.text(again), AUTH_JSON);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(refused.body()).get("error").asText()).contains("已报到");
        assertThat(Json.MAPPER.readTree(refused.body()).has("version")).isFalse();

        // return with a reason code from the select
        JsonNode cur = Json.MAPPER.readTree(ok(server.getWithHeaders("/api/tickets/" + number, AUTH)));
        HttpResponse<String> badReturn = server.post("/api/tickets/" + number + "/actions", Json.text(Map.of(
                "action", "return", "note", "", "version", cur.get("version").asInt())), AUTH_JSON);
        assertThat(badReturn.statusCode()).isEqualTo(400);
    }

    private static String ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
