package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.core.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One routing truth: for the same text, {@code ./bot classify}, the chat dialog (the ticket it opens, as the resident
 * is told and as the admin API and console show it) and a ticket opened through the admin API with the category
 * classify printed all name the same department — the one the duty lists of {@code config/org.yaml} give.
 */
class RoutingAgreementTest {
    private static final String TOKEN = "routing-agreement-admin-token";
    private static final Pattern NUMBER = Pattern.compile("工单号 (\\d+)");
    private static final Pattern DISPATCHED = Pattern.compile("已派【([^】]+)】办理");

    @TempDir
    static Path dir;
    static Path config;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // the operators' copies shipped in config/, as ./bot serve and ./bot classify read them
        Path shipped = Path.of("..", "config").toAbsolutePath().normalize();
        config = dir.resolve("shaozi.yaml");
        Files.writeString(config, "nlp:\n  categories: " + shipped.resolve("categories.yaml")
                + "\ntickets:\n  orgFile: " + shipped.resolve("org.yaml") + "\nadmin:\n  token: " + TOKEN + "\n");
        server = TestServer.start(dir.resolve("data"), Optional.of(config), Map.of(), Clock.systemUTC(),
                UnaryOperator.identity());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode classify(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"classify", "--config", config.toString(), text},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static String say(String user, String text, int n) throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode().put("user", user).put("text", text).put("msgId", user + "-" + n);
        HttpResponse<String> r = server.post("/webhook/generic", Json.text(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        StringBuilder sb = new StringBuilder();
        Json.MAPPER.readTree(r.body()).get("replies").forEach(x -> sb.append(x.path("text").asText()).append('\n'));
        return sb.toString();
    }

    /** Reports {@code text} as a resident, answering the dialog's questions; returns everything the bot said. */
    private static String report(String user, String text, String place) throws Exception {
        StringBuilder said = new StringBuilder();
        String reply = say(user, text, 0);
        for (int step = 1; step < 6; step++) {
            said.append(reply);
            if (NUMBER.matcher(reply).find()) {
                return said.toString();
            }
            if (reply.contains("具体位置")) {
                reply = say(user, place, step);
            } else if (reply.contains("现场照片")) {
                reply = say(user, "跳过", step);
            } else if (reply.contains("回复数字")) {
                reply = say(user, "1", step);
            } else {
                throw new AssertionError("unexpected dialog turn for " + text + ": " + said);
            }
        }
        throw new AssertionError("no ticket opened for " + text + ": " + said);
    }

    private static JsonNode api(String method, String path, String body) throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
        HttpResponse<String> r = method.equals("GET") ? server.getWithHeaders(path, auth) : server.post(path, body, auth);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return Json.MAPPER.readTree(r.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            楼道灯坏了好几天了，晚上上下楼看不见       | 多福巷3号楼2单元
            小区里的路灯坏了，晚上黑漆漆的             | 韶九胡同12号院
            家里有煤气味                               | 北池子大街8号
            晚上广场舞太吵了                           | 南池子大街21号
            老板拖欠工资三个月                         | 智德北巷5号
            路口红绿灯坏了                             | 正义路东口
            公司拖了三个月没给我们交社保，养老保险也断了 | 台基厂头条9号
            小区门口流动摊贩占道经营                   | 金鱼胡同7号
            """)
    void classifyDialogAndAdminApi_nameTheSameDepartment(String text, String place) throws Exception {
        JsonNode c = classify(text);
        String department = c.path("department").asText();
        assertThat(department).as("classify routes %s", text).isNotBlank();

        String said = report("routing-" + Math.abs(text.hashCode()), text, place);
        Matcher number = NUMBER.matcher(said);
        assertThat(number.find()).isTrue();
        Matcher told = DISPATCHED.matcher(said);
        assertThat(told.find()).as(said).isTrue();
        assertThat(told.group(1)).as("the resident is told").isEqualTo(department);
        JsonNode ticket = api("GET", "/api/tickets/" + number.group(1), null);
        assertThat(ticket.path("departmentName").asText()).as("admin API / console").isEqualTo(department);
        assertThat(ticket.path("category").asText()).isEqualTo(c.path("category").asText());

        ObjectNode open = Json.MAPPER.createObjectNode().put("text", text).put("category", c.path("category").asText())
                .put("place", place);
        if (c.has("subcategory")) {
            open.put("subcategory", c.path("subcategory").asText());
        }
        JsonNode opened = api("POST", "/api/tickets", Json.text(open));
        assertThat(opened.path("departmentName").asText()).as("opened through the admin API").isEqualTo(department);
    }

    /** Every rule's subcategory that a duty list names reaches that department (the names agree). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            家里有煤气味，好像燃气泄漏了       | 燃气安全 | 东城区城市管理委员会
            楼下饭馆油烟太大，熏得没法开窗     | 油烟扰民 | 东城区生态环境局
            邻居在楼顶私搭乱建               | 违章搭建 | 街道综合行政执法队
            小区门口流动摊贩占道经营           | 占道经营 | 街道综合行政执法队
            """)
    void ruleSubcategories_reachTheDepartmentWhoseDutyTheyAre(String text, String sub, String department)
            throws Exception {
        JsonNode c = classify(text);
        assertThat(c.path("subcategory").asText()).isEqualTo(sub);
        assertThat(c.path("department").asText()).isEqualTo(department);
    }

    @Test
    void stairwellLight_goesWhereTheOrgDutyListSends_not_aDepartmentOfCategoriesYaml() throws Exception {
        JsonNode c = classify("楼道灯坏了好几天了");
        assertThat(c.path("subcategory").asText()).isEqualTo("物业照明");
        // config/org.yaml: 街道城市管理办公室 lists 城乡建设/物业照明
        assertThat(c.path("department").asText()).isEqualTo("街道城市管理办公室");
        assertThat(c.path("slaClass").asText()).isEqualTo("fast");
    }
}
