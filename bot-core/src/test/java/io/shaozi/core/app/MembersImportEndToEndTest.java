package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Party branches and bulk import of people over real HTTP, and through {@code ./bot import people}. */
class MembersImportEndToEndTest {
    private static final String TOKEN = "members-admin-token";
    private static final String HEADER =
            "id,name,role,department,community,grid,branch,phone,notify_channel,notify_account,notify_recipient\n";
    private static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + TOKEN,
            "Content-Type", "application/json");
    private static final Map<String, String> CSV = Map.of("Authorization", "Bearer " + TOKEN,
            "Content-Type", "text/csv; charset=utf-8");

    @TempDir
    Path dir;

    private TestServer start(Path data) throws Exception {
        return TestServer.start(data, Optional.empty(), Map.of("admin.token", TOKEN), Clock.systemUTC(),
                UnaryOperator.identity());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void branches_upsertByCode_andBadInputNamesTheField() throws Exception {
        try (TestServer s = start(dir.resolve("data"))) {
            HttpResponse<String> ok = s.post("/api/org/branches",
                    "{\"code\":\"zb-dfx-2\",\"name\":\"多福巷社区第二党支部\",\"committee\":\"dw-dfx\"}", ADMIN);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            HttpResponse<String> renamed = s.post("/api/org/branches",
                    "{\"code\":\"zb-dfx-2\",\"name\":\"多福巷社区二支部\",\"committee\":\"dw-dfx\"}", ADMIN);
            assertThat(renamed.statusCode()).isEqualTo(200);
            JsonNode org = json(s.getWithHeaders("/api/org", ADMIN));
            assertThat(org.get("branches").findValuesAsText("code")).containsExactly("zb-jd-jg", "zb-dfx-1", "zb-sj-1", "zb-dfx-2");
            assertThat(org.get("branches").get(3).get("name").asText()).isEqualTo("多福巷社区二支部");
            assertThat(org.get("committees").findValuesAsText("code")).contains("dw-jd", "dw-dfx");

            HttpResponse<String> unknown = s.post("/api/org/branches",
                    "{\"code\":\"zb-x\",\"name\":\"某支部\",\"committee\":\"dw-none\"}", ADMIN);
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("committee").contains("dw-none");
            HttpResponse<String> dup = s.post("/api/org/branches",
                    "{\"code\":\"110101001001\",\"name\":\"某支部\",\"committee\":\"dw-dfx\"}", ADMIN);
            assertThat(dup.statusCode()).isEqualTo(400);
            assertThat(dup.body()).contains("code").contains("duplicate");
            HttpResponse<String> longName = s.post("/api/org/branches",
                    "{\"code\":\"zb-y\",\"name\":\"" + "长".repeat(101) + "\",\"committee\":\"dw-dfx\"}", ADMIN);
            assertThat(longName.statusCode()).isEqualTo(400);
            assertThat(longName.body()).contains("name");
            HttpResponse<String> badPerson = s.post("/api/org/people",
                    "{\"id\":\"dy-300\",\"name\":\"某\",\"role\":\"member\",\"branch\":\"zb-none\"}", ADMIN);
            assertThat(badPerson.statusCode()).isEqualTo(400);
            assertThat(badPerson.body()).contains("branch").contains("zb-none");
        }
    }

    @Test
    void import_overHttp_isAllOrNothing_deactivatesAbsentPeople_andMembersSeeNoTickets() throws Exception {
        try (TestServer s = start(dir.resolve("data"))) {
            String memberToken = json(s.post("/api/org/people/dy-001/tokens", "{\"label\":\"t\"}", ADMIN)).get("token").asText();
            String goneToken = json(s.post("/api/org/people/dy-002/tokens", "{\"label\":\"t\"}", ADMIN)).get("token").asText();
            Map<String, String> member = Map.of("Authorization", "Bearer " + memberToken);
            assertThat(s.getWithHeaders("/api/tickets", member).statusCode()).isEqualTo(403);
            assertThat(s.getWithHeaders("/api/org", member).statusCode()).isEqualTo(403);
            assertThat(s.post("/api/org/branches", "{\"code\":\"zb-z\",\"name\":\"z\",\"committee\":\"dw-dfx\"}",
                    Map.of("Authorization", "Bearer " + memberToken, "Content-Type", "application/json")).statusCode())
                    .isEqualTo(403);
            String before = s.getWithHeaders("/api/org", ADMIN).body();

            HttpResponse<String> bad = s.post("/api/org/people/import", HEADER
                    + "admin,系统管理员,admin,,,,,,,,\n"
                    + "dy-001,李明,member,,,,zb-none,,,,\n"
                    + "dy-005,某,member,,,,zb-dfx-1,,,,\n"
                    + "dy-006,某,governor,,,,,,,,\n", CSV);
            assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
            JsonNode errors = json(bad).get("errors");
            assertThat(errors).hasSize(2);
            assertThat(errors.get(0).get("line").asInt()).isEqualTo(3);
            assertThat(errors.get(0).get("field").asText()).isEqualTo("branch");
            assertThat(errors.get(1).get("line").asInt()).isEqualTo(5);
            assertThat(errors.get(1).get("field").asText()).isEqualTo("role");
            assertThat(s.getWithHeaders("/api/org", ADMIN).body()).isEqualTo(before);

            HttpResponse<String> ok = s.post("/api/org/people/import", HEADER
                    + "admin,系统管理员,admin,,,,,,,,\n"
                    + "dy-001,李明,member,,,,zb-dfx-1,13800100101,wecom,gov,liming\n"
                    + "dy-010,\"周\"\"小\"\"红\",党员,,,,zb-sj-1,,,,\n", CSV);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(json(ok).get("imported").asInt()).isEqualTo(3);
            JsonNode people = json(s.getWithHeaders("/api/org", ADMIN)).get("people");
            JsonNode dy010 = null;
            JsonNode dy002 = null;
            for (JsonNode p : people) {
                if (p.get("id").asText().equals("dy-010")) {
                    dy010 = p;
                }
                if (p.get("id").asText().equals("dy-002")) {
                    dy002 = p;
                }
            }
            assertThat(dy010).isNotNull();
            assertThat(dy010.get("name").asText()).isEqualTo("周\"小\"红");
            assertThat(dy010.get("role").asText()).isEqualTo("member");
            assertThat(dy002.get("active").asBoolean()).isFalse();
            assertThat(s.getWithHeaders("/api/tickets", Map.of("Authorization", "Bearer " + goneToken)).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> wrongType = s.post("/api/org/people/import", HEADER, ADMIN);
            assertThat(wrongType.statusCode()).isEqualTo(415);
        }
    }

    private static int cli(StringBuilder outText, StringBuilder errText, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        outText.append(out.toString(StandardCharsets.UTF_8));
        errText.append(err.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void cli_importsAllOrNothing_reportingLineAndField_andTheServerSeesTheResult() throws Exception {
        Path data = dir.resolve("cli-data");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "\uFEFF" + HEADER + "dy-001,李明,member,,,,zb-dfx-1,,,,\n" + "dy-007,某,member,,,,zb-none,,,,\n"
                + "dy-008,某,member,,,,,,wecom,gov,\n");
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        assertThat(cli(out, err, "import", "people", bad.toString(), "--data", data.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nothing imported").contains("line 3, branch: unknown branch zb-none")
                .contains("line 4, branch").contains("line 4, notify_recipient");

        Path good = dir.resolve("good.csv");
        Files.writeString(good, HEADER + "admin,系统管理员,admin,,,,,,,,\n" + "dy-001,李明,member,,,,zb-dfx-1,,wecom,gov,liming\n"
                + "dy-020,钱进,member,,,,zb-sj-1,,,,\n");
        out.setLength(0);
        err.setLength(0);
        assertThat(cli(out, err, "import", "people", good.toString(), "--data", data.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("imported 3 people");
        StringBuilder ignored = new StringBuilder();
        assertThat(cli(ignored, ignored, "import", "people")).isEqualTo(2);

        try (TestServer s = start(data)) {
            JsonNode people = json(s.getWithHeaders("/api/org", ADMIN)).get("people");
            long active = 0;
            for (JsonNode p : people) {
                if (p.get("active").asBoolean()) {
                    active++;
                }
            }
            assertThat(active).isEqualTo(3);
            assertThat(people.findValuesAsText("id")).contains("dy-020", "gb-001");
        }
    }
}
