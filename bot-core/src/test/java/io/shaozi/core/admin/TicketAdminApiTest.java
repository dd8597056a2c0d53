package io.shaozi.core.admin;

import io.shaozi.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Json;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.identity.OrgService;
import io.shaozi.core.store.OrgJdbc;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.store.TicketJdbc;
import io.shaozi.core.ticket.EscalationScanner;
import io.shaozi.core.ticket.Fixtures;
import io.shaozi.core.lock.LocalLocks;
import io.shaozi.core.ticket.OrgDirectory;
import io.shaozi.core.ticket.ReporterNotifier;
import io.shaozi.core.ticket.StaffAlerts;
import io.shaozi.core.ticket.TicketMachine;
import io.shaozi.core.ticket.TicketService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API through the router: auth, roles, visibility, masking, every action, metrics and CSV. */
class TicketAdminApiTest {
    private static final String ADMIN = "operator-secret";
    private TestDatabases.Handle h;
    private MutableClock clock;
    private Router router;
    private OrgService org;
    private TicketService service;
    private final Map<String, String> tokens = new HashMap<>();

    @BeforeEach
    void setUp() {
        h = TestDatabases.h2();
        clock = MutableClock.atBeijing("2026-11-30T10:00");
        org = new OrgService(new OrgJdbc(h.db()), new OrgJdbc(h.db()), clock, Fixtures.ORG);
        TicketMachine machine = new TicketMachine(Fixtures.SLA, new OrgDirectory(org::current));
        service = new TicketService(new TicketJdbc(h.db(), clock), machine, clock, ReporterNotifier.NONE,
                new StaffAlerts(org::current));
        router = new Router();
        TicketAdminApi.register(router, service, org, ADMIN, clock);
        for (String id : List.of("cg-001", "cg-002", "zf-001", "jt-001", "zjw-001", "gb-001", "ld-001", "sq-001", "wg-001")) {
            WebResponse r = call("POST", "/api/org/people/" + id + "/tokens", ADMIN, "{\"label\":\"test\"}");
            assertThat(r.status()).isEqualTo(201);
            tokens.put(id, json(r).get("token").asText());
        }
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    WebResponse call(String method, String pathAndQuery, String token, String body) {
        String path = pathAndQuery;
        Map<String, List<String>> query = new HashMap<>();
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
            for (String kv : pathAndQuery.substring(q + 1).split("&")) {
                String[] p = kv.split("=", 2);
                query.put(p[0], List.of(java.net.URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8)));
            }
        }
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        WebRequest req = WebRequest.of(method, path, query, headers, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        Router.Match m = router.match(method, path);
        assertThat(m).isInstanceOf(Router.Match.Found.class);
        Router.Match.Found f = (Router.Match.Found) m;
        try {
            return f.route().handler().handle(req.withPathVars(f.vars()));
        } catch (HttpError e) {
            return WebResponse.error(e.status(), e.getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode json(WebResponse r) {
        return Json.parse(r.body());
    }

    String open(String body) {
        WebResponse r = call("POST", "/api/tickets", ADMIN, body);
        assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
        return json(r).get("number").asText();
    }

    WebResponse act(String who, String number, String body) {
        return call("POST", "/api/tickets/" + number + "/actions", who.equals("admin") ? ADMIN : tokens.get(who), body);
    }

    static final String LIGHT = "{\"text\":\"多福巷12号路灯不亮\",\"category\":\"城乡建设\",\"subcategory\":\"物业照明\","
            + "\"place\":\"多福巷12号\",\"reporter\":{\"channel\":\"wechat\",\"account\":\"sz\",\"user\":\"oU1\",\"name\":\"李女士\","
            + "\"phone\":\"13912345678\"}}";
    static final String TRAFFIC = "{\"text\":\"正义路路口信号灯坏了\",\"category\":\"交通运输\",\"urgency\":\"URGENT\","
            + "\"place\":\"正义路\",\"phone\":\"13700001111\"}";

    @Test
    void authenticationAndRoles() {
        assertThat(call("GET", "/api/tickets", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/api/tickets", "nope", null).status()).isEqualTo(401);
        assertThat(call("GET", "/api/tickets", ADMIN, null).status()).isEqualTo(200);
        assertThat(call("POST", "/api/tickets", tokens.get("cg-001"), LIGHT).status()).isEqualTo(403);
        assertThat(call("POST", "/api/org/departments", tokens.get("gb-001"), "{\"code\":\"x\",\"name\":\"x\"}").status())
                .isEqualTo(403);
        assertThat(call("GET", "/api/metrics", tokens.get("sq-001"), null).status()).isEqualTo(403);
        // revoked when the person is removed
        assertThat(call("DELETE", "/api/org/people/wg-001", ADMIN, null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/tickets", tokens.get("wg-001"), null).status()).isEqualTo(401);
    }

    @Test
    void departmentStaffSeeOnlyTheirTicketsAndPhonesAreMasked() {
        String light = open(LIGHT);
        String traffic = open(TRAFFIC);
        JsonNode mine = json(call("GET", "/api/tickets", tokens.get("cg-001"), null));
        assertThat(mine.get("total").asLong()).isEqualTo(1);
        assertThat(mine.get("items").get(0).get("number").asText()).isEqualTo(light);
        assertThat(mine.get("items").get(0).get("department").asText()).isEqualTo("jd-cgb");
        // asking for another department's tickets does not widen the view
        assertThat(json(call("GET", "/api/tickets?department=qu-jtw", tokens.get("cg-001"), null)).get("total").asLong()).isZero();
        assertThat(call("GET", "/api/tickets/" + traffic, tokens.get("cg-001"), null).status()).isEqualTo(403);
        assertThat(act("cg-001", traffic, "{\"action\":\"accept\"}").status()).isEqualTo(403);
        JsonNode staffView = json(call("GET", "/api/tickets/" + light, tokens.get("cg-001"), null));
        assertThat(staffView.get("reporter").get("phone").asText()).isEqualTo("13912345678");
        JsonNode communityView = json(call("GET", "/api/tickets/" + light, tokens.get("sq-001"), null));
        assertThat(communityView.get("reporter").get("phone").asText()).isEqualTo("139****5678");
        assertThat(call("GET", "/api/tickets/" + traffic, tokens.get("sq-001"), null).status()).isEqualTo(403);
        JsonNode all = json(call("GET", "/api/tickets?category=交通运输", tokens.get("gb-001"), null));
        assertThat(all.get("total").asLong()).isEqualTo(1);
        JsonNode item = all.get("items").get(0);
        assertThat(item.fieldNames()).toIterable().contains("number", "status", "category", "department", "community",
                "urgency", "createdAt", "dueAt", "overdue");
        assertThat(call("GET", "/api/tickets?page=0", ADMIN, null).status()).isEqualTo(400);
        assertThat(call("GET", "/api/tickets?status=nonsense", ADMIN, null).status()).isEqualTo(400);
        assertThat(call("GET", "/api/tickets/999", ADMIN, null).status()).isEqualTo(404);
    }

    @Test
    void everyPathThroughTheApi() {
        String n = open(LIGHT);
        JsonNode t = json(call("GET", "/api/tickets/" + n, ADMIN, null));
        assertThat(t.get("status").asText()).isEqualTo("DISPATCHED");
        int v = t.get("version").asInt();
        // optimistic versioning: two cadres of the department accept the same version
        assertThat(act("cg-001", n, "{\"action\":\"accept\",\"version\":" + v + "}").status()).isEqualTo(200);
        WebResponse second = act("cg-002", n, "{\"action\":\"accept\",\"version\":" + v + "}");
        assertThat(second.status()).isEqualTo(409);
        assertThat(json(second).get("version").asInt()).isEqualTo(v + 1);
        WebResponse illegal = act("cg-001", n, "{\"action\":\"rate\",\"rating\":\"满意\"}");
        assertThat(illegal.status()).isEqualTo(409);
        assertThat(json(illegal).get("error").asText()).contains("已签收").contains("不能评价");
        assertThat(act("gb-001", n, "{\"action\":\"accept\"}").status()).isEqualTo(409);
        assertThat(act("cg-001", n, "{\"action\":\"progress\",\"note\":\"已联系居民\",\"contacted\":true}").status()).isEqualTo(200);
        assertThat(act("cg-001", n, "{\"action\":\"wait\",\"note\":\"需居民提供具体灯杆编号\"}").status()).isEqualTo(200);
        assertThat(act("sq-001", n, "{\"action\":\"detail\",\"note\":\"灯杆编号DF-12\"}").status()).isEqualTo(200);
        assertThat(act("cg-001", n, "{\"action\":\"extend\",\"days\":2,\"reason\":\"需采购配件\"}").status()).isEqualTo(200);
        assertThat(act("ld-001", n, "{\"action\":\"extend\",\"decision\":\"approve\"}").status()).isEqualTo(200);
        assertThat(act("gb-001", n, "{\"action\":\"whistle\",\"departments\":[\"jd-zfd\",\"qu-zjw\"],\"note\":\"涉及违建\","
                + "\"reportWithin\":{\"jd-zfd\":\"2h\"}}").status()).isEqualTo(200);
        JsonNode whistled = json(call("GET", "/api/tickets/" + n, ADMIN, null));
        assertThat(whistled.get("summons").get(0).get("dueAt").asText()).isEqualTo("2026-11-30T04:00:00Z"); // 12:00 Beijing
        assertThat(whistled.get("summons").get(1).get("dueAt").asText()).isEqualTo("2026-12-01T09:30:00Z"); // 1 wd
        assertThat(act("gb-001", n, "{\"action\":\"whistle\",\"departments\":[\"qu-jtw\"],\"reportWithin\":{\"qu-jtw\":\"soon\"}}")
                .status()).isEqualTo(400);
        assertThat(act("zf-001", n, "{\"action\":\"report\",\"location\":\"多福巷12号\",\"photo\":\"media:abc\"}").status())
                .isEqualTo(200);
        // summoned department staff may see the ticket
        assertThat(call("GET", "/api/tickets/" + n, tokens.get("zf-001"), null).status()).isEqualTo(200);
        assertThat(act("cg-001", n, "{\"action\":\"resolve\",\"note\":\"已修复\",\"attachments\":[\"media:after\"]}").status())
                .isEqualTo(200);
        assertThat(act("admin", n, "{\"action\":\"rate\",\"rating\":\"不满意\",\"comment\":\"夜里还是不亮\"}").status())
                .isEqualTo(200);
        assertThat(act("cg-001", n, "{\"action\":\"accept\"}").status()).isEqualTo(200);
        assertThat(act("cg-001", n, "{\"action\":\"resolve\",\"note\":\"更换线路\"}").status()).isEqualTo(200);
        JsonNode closed = json(act("admin", n, "{\"action\":\"rate\",\"rating\":\"满意\"}"));
        assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
        assertThat(act("gb-001", n, "{\"action\":\"reopen\",\"reason\":\"媒体曝光仍未解决\"}").status()).isEqualTo(200);
        JsonNode full = json(call("GET", "/api/tickets/" + n, ADMIN, null));
        assertThat(full.get("status").asText()).isEqualTo("REOPENED");
        assertThat(full.get("summons")).hasSize(2);
        assertThat(full.get("summons").get(0).get("location").asText()).isEqualTo("多福巷12号");
        List<String> types = new java.util.ArrayList<>();
        full.get("events").forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).containsExactly("OPENED", "DISPATCHED", "ACCEPTED", "PROGRESS", "WAITING", "DETAIL_ADDED",
                "EXTENSION_REQUESTED", "EXTENSION_APPROVED", "WHISTLED", "REPORTED", "RESOLVED", "RATED", "ACCEPTED",
                "RESOLVED", "RATED", "REOPENED");

        // return, arbitration, merge, withdraw
        String a = open(LIGHT);
        assertThat(act("cg-001", a, "{\"action\":\"return\"}").status()).isEqualTo(400);
        assertThat(act("cg-001", a, "{\"action\":\"return\",\"reason\":\"R01\",\"note\":\"不属本办\"}").status()).isEqualTo(200);
        assertThat(act("gb-001", a, "{\"action\":\"dispatch\",\"department\":\"jd-zfd\"}").status()).isEqualTo(200);
        assertThat(act("zf-001", a, "{\"action\":\"return\",\"reason\":\"R01\"}").status()).isEqualTo(200);
        JsonNode arb = json(call("GET", "/api/tickets/" + a, ADMIN, null));
        assertThat(arb.get("status").asText()).isEqualTo("ARBITRATION");
        assertThat(act("gb-001", a, "{\"action\":\"dispatch\",\"department\":\"jd-cgb\",\"note\":\"审定：属城管办\"}").status())
                .isEqualTo(200);
        String b = open(LIGHT);
        assertThat(act("gb-001", b, "{\"action\":\"merge\",\"master\":\"" + a + "\"}").status()).isEqualTo(200);
        assertThat(json(call("GET", "/api/tickets/" + a, ADMIN, null)).get("merged").get(0).asText()).isEqualTo(b);
        String c = open(TRAFFIC);
        assertThat(act("admin", c, "{\"action\":\"withdraw\",\"reason\":\"居民来电撤回\"}").status()).isEqualTo(200);
        assertThat(act("admin", c, "{\"action\":\"urge\"}").status()).isEqualTo(409);
        assertThat(act("admin", c, "{\"action\":\"fly\"}").status()).isEqualTo(400);
    }

    @Test
    void metricsAgreeWithAHandCountedSample() {
        // jd-cgb: T1 signed on time, 满意; T2 signed late (overdue), 不满意 → 重办; T3 on time, 基本满意; T5 withdrawn
        // qu-jtw: T4 never signed (overdue)
        String t1 = open(LIGHT);
        String t2 = open(LIGHT);
        String t3 = open(LIGHT);
        String t4 = open(TRAFFIC);
        String t5 = open(LIGHT);
        act("admin", t5, "{\"action\":\"withdraw\",\"reason\":\"撤回\"}");
        for (String n : List.of(t1, t3)) {
            assertThat(act("cg-001", n, "{\"action\":\"accept\"}").status()).isEqualTo(200);
        }
        clock.advance(Duration.ofHours(3)); // 13:00: the 2 wh / 1 wh sign deadlines have passed
        new EscalationScanner(service, new LocalLocks(clock)).scanOnce();
        assertThat(act("cg-001", t2, "{\"action\":\"accept\"}").status()).isEqualTo(200);
        for (String n : List.of(t1, t2, t3)) {
            assertThat(act("cg-001", n, "{\"action\":\"resolve\",\"note\":\"已办结\"}").status()).isEqualTo(200);
        }
        act("admin", t1, "{\"action\":\"rate\",\"rating\":\"满意\"}");
        act("admin", t2, "{\"action\":\"rate\",\"rating\":\"不满意\",\"comment\":\"没修好\"}");
        act("admin", t3, "{\"action\":\"rate\",\"rating\":\"基本满意\"}");

        JsonNode m = json(call("GET", "/api/metrics?dimension=department&from=2026-11-30&to=2026-12-01", ADMIN, null));
        Map<String, JsonNode> rows = new HashMap<>();
        m.get("rows").forEach(r -> rows.put(r.get("key").asText(), r));
        JsonNode cgb = rows.get("jd-cgb");
        assertThat(cgb.get("total").asLong()).isEqualTo(4);
        assertThat(cgb.get("dispatched").asLong()).isEqualTo(3);
        assertThat(cgb.get("responseRate").asDouble()).isEqualTo(0.6667);   // T1, T3 of T1–T3
        assertThat(cgb.get("resolutionRate").asDouble()).isEqualTo(0.6667); // T1, T3 closed; T2 reopened
        assertThat(cgb.get("satisfactionRate").asDouble()).isEqualTo(0.6667); // (1 + 1 + 0) / 3
        assertThat(cgb.get("rated").asLong()).isEqualTo(3);
        assertThat(cgb.get("overdue").asLong()).isEqualTo(1);                // T2
        assertThat(cgb.get("score").asDouble()).isEqualTo(66.6667);
        JsonNode jtw = rows.get("qu-jtw");
        assertThat(jtw.get("responseRate").asDouble()).isZero();
        assertThat(jtw.get("overdue").asLong()).isEqualTo(1);
        assertThat(m.get("rows").get(0).get("key").asText()).isEqualTo("jd-cgb"); // ranking
        JsonNode byCat = json(call("GET", "/api/metrics?dimension=category&from=2026-11-30&to=2026-12-01", ADMIN, null));
        assertThat(byCat.get("rows")).hasSize(2);
        // department staff: only their own row, only by department
        JsonNode own = json(call("GET", "/api/metrics?from=2026-11-30&to=2026-12-01", tokens.get("jt-001"), null));
        assertThat(own.get("rows")).hasSize(1);
        assertThat(call("GET", "/api/metrics?dimension=community", tokens.get("jt-001"), null).status()).isEqualTo(403);

        WebResponse csv = call("GET", "/api/export.csv?dimension=department&from=2026-11-30&to=2026-12-01", ADMIN, null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String text = csv.bodyText();
        assertThat(text).startsWith("\uFEFF排名,部门代码,名称,受理量");
        assertThat(text).contains("1,jd-cgb,街道城市管理办公室,4,3,66.7%,66.7%,66.7%,3,1,0,0,0,0,0.0%,66.7");
        WebResponse list = call("GET", "/api/export.csv?kind=tickets&department=jd-cgb", ADMIN, null);
        assertThat(list.bodyText().lines().count()).isEqualTo(5);
        assertThat(list.bodyText()).startsWith("\uFEFF工单号,状态,类别,诉求内容,地点,社区,承办部门,紧急程度,受理时间（北京时间）");
        assertThat(list.bodyText().lines().skip(1)).allSatisfy(l -> assertThat(l)
                .matches("\\d{12},.*,\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2},.*[是否]"));
    }

    @Test
    void metrics_withoutRatings_showNoSatisfaction_andUnratedTicketsDoNotLowerTheScore() {
        String t1 = open(LIGHT);
        assertThat(act("cg-001", t1, "{\"action\":\"accept\"}").status()).isEqualTo(200);
        assertThat(act("cg-001", t1, "{\"action\":\"resolve\",\"note\":\"已办结\"}").status()).isEqualTo(200);
        JsonNode m = json(call("GET", "/api/metrics?dimension=department", ADMIN, null));
        JsonNode cgb = m.get("rows").get(0);
        assertThat(cgb.get("key").asText()).isEqualTo("jd-cgb");
        assertThat(cgb.get("rated").asLong()).isZero();
        assertThat(cgb.get("satisfactionRate").isNull()).isTrue();
        // signed on time and resolved: full marks on the two rates that have a base
        assertThat(cgb.get("score").asDouble()).isEqualTo(100.0);
        String csv = call("GET", "/api/export.csv?dimension=department", ADMIN, null).bodyText();
        assertThat(csv).contains(",100.0%,100.0%,—,0,");
    }

    @Test
    void categoryFilter_matchesPartOfACategory_andNamesTheFieldWhenNothingOrSeveralMatch() {
        open(LIGHT);
        open(TRAFFIC);
        for (String asked : List.of("城乡建设", "城乡", "城建")) {
            JsonNode page = json(call("GET", "/api/tickets?category=" + asked, ADMIN, null));
            assertThat(page.get("total").asLong()).as(asked).isEqualTo(1);
            assertThat(page.get("items").get(0).get("category").asText()).isEqualTo("城乡建设");
            assertThat(page.get("items").get(0).get("place").asText()).isEqualTo("多福巷12号");
        }
        WebResponse none = call("GET", "/api/tickets?category=外星", ADMIN, null);
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.bodyText()).contains("category");
    }

    @Test
    void organisationIsEditableThroughTheApi() {
        WebResponse r = call("POST", "/api/org/departments", ADMIN, "{\"code\":\"qu-ylj\",\"name\":\"东城区园林绿化局\","
                + "\"kind\":\"district_bureau\",\"duties\":[\"城乡建设/园林绿化\"],"
                + "\"alerts\":{\"channel\":\"wecom\",\"account\":\"gov\",\"recipient\":\"@qu-ylj\"}}");
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(call("POST", "/api/org/departments", ADMIN, "{\"code\":\"bad\",\"name\":\"x\",\"duties\":[\"外星\"]}").status())
                .isEqualTo(400);
        String n = open("{\"text\":\"树枝遮挡路灯\",\"category\":\"城乡建设\",\"subcategory\":\"园林绿化\",\"place\":\"台基厂大街\"}");
        JsonNode t = json(call("GET", "/api/tickets/" + n, ADMIN, null));
        assertThat(t.get("department").asText()).isEqualTo("qu-ylj");
        assertThat(t.get("community").asText()).isEqualTo("110101001007");
        assertThat(call("POST", "/api/org/people", ADMIN, "{\"id\":\"yl-001\",\"name\":\"钱进\",\"role\":\"department_staff\","
                + "\"department\":\"qu-ylj\",\"phone\":\"13800100099\"}").status()).isEqualTo(200);
        String tok = json(call("POST", "/api/org/people/yl-001/tokens", ADMIN, "")).get("token").asText();
        assertThat(json(call("GET", "/api/tickets", tok, null)).get("total").asLong()).isEqualTo(1);
        JsonNode o = json(call("GET", "/api/org", tokens.get("sq-001"), null));
        assertThat(o.get("communities")).hasSize(8);
        assertThat(o.get("people").get(1).get("phone").asText()).contains("****");
        // survives a restart: a new OrgService reads the stored org, not the seed
        OrgService again = new OrgService(new OrgJdbc(h.db()), new OrgJdbc(h.db()), clock, Fixtures.ORG);
        assertThat(again.current().department("qu-ylj")).isPresent();
        assertThat(again.authenticate(tok)).isPresent();
    }
}
