package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.http.Json;
import io.shaozi.core.store.CategoryCorrectionJdbc;
import io.shaozi.core.store.Database;
import io.shaozi.core.ticket.CategoryCorrections;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning from dispatchers over the real admin API: 改派 with a new category and an explicit correction change the
 * ticket's category (detail, list filter, metrics, export) and store the request text, the label before, the corrected
 * one and the model version the OPENED event recorded.
 */
class CategoryCorrectionTest {
    private static final String ADMIN = "admin-token-for-tests";

    @TempDir
    Path dir;

    private static JsonNode call(TestServer s, String path, String body, int status) throws Exception {
        return call(s, path, body, status, Map.of());
    }

    private static JsonNode call(TestServer s, String path, String body, int status, Map<String, String> extra)
            throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("Authorization", "Bearer " + ADMIN,
                "Content-Type", "application/json"));
        headers.putAll(extra);
        HttpResponse<String> r = s.post(path, body, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Json.MAPPER.readTree(r.body());
    }

    private static JsonNode get(TestServer s, String path) throws Exception {
        HttpResponse<String> r = s.getWithHeaders(path, Map.of("Authorization", "Bearer " + ADMIN));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static String url(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The ticket numbers a list answers. */
    private static List<String> numbers(JsonNode page) {
        List<String> out = new java.util.ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("number").asText()));
        return out;
    }

    /** Tickets counted for {@code category} by {@code /api/metrics?dimension=category} (0 when no row). */
    private static long counted(TestServer s, String category) throws Exception {
        for (JsonNode row : get(s, "/api/metrics?dimension=category").get("rows")) {
            if (row.get("key").asText().equals(category)) {
                return row.get("total").asLong();
            }
        }
        return 0;
    }

    @Test
    void redispatchWithANewCategory_andAnExplicitCorrection_changeTheTicket_andAreStoredWithTheModelVersion()
            throws Exception {
        TestServer s = TestServer.start(dir.resolve("data"), Optional.empty(), Map.of("admin.token", ADMIN),
                Clock.systemUTC(), b -> b);
        String modelVersion = io.shaozi.nlp.CategoryModel.loadDefault().version(); // the server uses the shipped model
        String first;
        String second;
        try {
            io.shaozi.core.dialog.ChatClient me = new io.shaozi.core.dialog.ChatClient(s, "web-correct-1");
            String reply = me.say("楼道灯坏了好几天了");
            if (reply.contains("具体位置")) {
                reply = me.say("幸福小区3号楼2单元");
            }
            if (reply.contains("照片")) {
                reply = me.say("跳过");
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("工单号 (\\d{10,})").matcher(reply);
            assertThat(m.find()).as(reply).isTrue();
            first = m.group(1);
            JsonNode before = get(s, "/api/tickets/" + first);
            assertThat(before.get("category").asText()).isEqualTo("城乡建设");
            int version = before.get("version").asInt();
            // 改派 with a new category: one change (If-Match checked once), RECATEGORIZED then DISPATCHED
            call(s, "/api/tickets/" + first + "/actions", "{\"action\":\"dispatch\",\"category\":\"交通运输\"}", 409,
                    Map.of("If-Match", Integer.toString(version - 1)));
            JsonNode redispatched = call(s, "/api/tickets/" + first + "/actions",
                    "{\"action\":\"dispatch\",\"category\":\"交通运输\",\"note\":\"其实是道路问题\"}", 200,
                    Map.of("If-Match", Integer.toString(version)));
            assertThat(redispatched.get("version").asInt()).isEqualTo(version + 2);
            assertThat(redispatched.get("category").asText()).isEqualTo("交通运输");
            assertThat(redispatched.get("subcategory").isNull()).isTrue();
            assertThat(redispatched.get("department").asText()).isEqualTo("qu-jtw"); // 交通运输's owner
            JsonNode events = redispatched.get("events");
            JsonNode recat = events.get(events.size() - 2);
            assertThat(recat.get("type").asText()).isEqualTo("RECATEGORIZED");
            assertThat(recat.get("label").asText()).isEqualTo("类别更正");
            assertThat(recat.get("note").asText()).isEqualTo("类别更正：城乡建设→交通运输");
            assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("DISPATCHED");
            assertThat(events.get(events.size() - 1).get("note").asText()).endsWith("：其实是道路问题");
            call(s, "/api/tickets/" + first + "/actions", "{\"action\":\"dispatch\",\"category\":\"环保\"}", 400);

            JsonNode opened = call(s, "/api/tickets", "{\"text\":\"小区门口卖假货\",\"category\":\"城乡建设\","
                    + "\"requestType\":\"举报\",\"reporter\":{\"user\":\"r1\"}}", 201);
            second = opened.get("number").asText();
            assertThat(opened.get("requestType").asText()).isEqualTo("举报");
            long cityBefore = counted(s, "城乡建设");
            long tradeBefore = counted(s, "商贸旅游");
            assertThat(numbers(get(s, "/api/tickets?category=" + url("商贸旅游")))).doesNotContain(second);
            // list items carry the request type
            JsonNode item = get(s, "/api/tickets?type=" + url("举报")).get("items").get(0);
            assertThat(item.get("number").asText()).isEqualTo(second);
            assertThat(item.get("requestType").asText()).isEqualTo("举报");

            JsonNode corrected = call(s, "/api/tickets/" + second + "/actions",
                    "{\"action\":\"correct\",\"category\":\"商贸旅游\",\"version\":" + opened.get("version").asInt()
                            + "}", 200);
            assertThat(corrected.get("category").asText()).isEqualTo("商贸旅游");
            assertThat(corrected.get("version").asInt()).isEqualTo(opened.get("version").asInt() + 1);
            assertThat(corrected.get("status").asText()).isEqualTo(opened.get("status").asText());
            assertThat(get(s, "/api/tickets/" + second).get("category").asText()).isEqualTo("商贸旅游");
            assertThat(numbers(get(s, "/api/tickets?category=" + url("商贸旅游")))).contains(second);
            assertThat(numbers(get(s, "/api/tickets?category=" + url("城乡建设")))).doesNotContain(second, first);
            assertThat(counted(s, "商贸旅游")).isEqualTo(tradeBefore + 1);
            assertThat(counted(s, "城乡建设")).isEqualTo(cityBefore - 1);
            String csv = s.getWithHeaders("/api/export.csv?kind=tickets&category=" + url("商贸旅游"),
                    Map.of("Authorization", "Bearer " + ADMIN)).body();
            assertThat(csv).contains(second);
            // the same category again is no correction: refused, nothing recorded
            JsonNode same = call(s, "/api/tickets/" + second + "/actions",
                    "{\"action\":\"correct\",\"category\":\"商贸旅游\"}", 409);
            assertThat(same.get("error").asText()).isEqualTo("工单类别已是「商贸旅游」，无需更正");
            call(s, "/api/tickets/" + second + "/actions", "{\"action\":\"correct\"}", 400);
            call(s, "/api/tickets/" + second + "/actions", "{\"action\":\"correct\",\"category\":\"火星\"}", 400);
        } finally {
            s.close();
        }
        var st = s.config.storage();
        try (Database db = Database.open(st.effectiveUrl(), st.user(), st.password(), 2, st.connectTimeoutMillis())) {
            List<CategoryCorrections.Correction> all = new CategoryCorrectionJdbc(db.dataSource()).all();
            assertThat(all).hasSize(2);
            assertThat(all.get(0).ticket()).isEqualTo(first);
            assertThat(all.get(0).text()).isEqualTo("楼道灯坏了好几天了");
            assertThat(all.get(0).predicted()).isEqualTo("城乡建设");
            assertThat(all.get(0).corrected()).isEqualTo("交通运输");
            assertThat(all.get(0).modelVersion()).isEqualTo(modelVersion).hasSize(12);
            assertThat(all.get(0).correctedBy()).isEqualTo("admin");
            assertThat(all.get(1).ticket()).isEqualTo(second);
            assertThat(all.get(1).predicted()).isEqualTo("城乡建设");
            assertThat(all.get(1).corrected()).isEqualTo("商贸旅游");
            assertThat(all.get(1).modelVersion()).as("a person chose the category: no model").isEmpty();
        }
    }
}
