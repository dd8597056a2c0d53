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
 * Learning from dispatchers over the real admin API: 改派 with a new category and an explicit correction store the
 * request text, the classifier's label, the corrected one and the model version the OPENED event recorded.
 */
class CategoryCorrectionTest {
    private static final String ADMIN = "admin-token-for-tests";

    @TempDir
    Path dir;

    private static JsonNode call(TestServer s, String path, String body, int status) throws Exception {
        HttpResponse<String> r = s.post(path, body, Map.of("Authorization", "Bearer " + ADMIN,
                "Content-Type", "application/json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void redispatchWithANewCategory_andAnExplicitCorrection_areStoredWithTheModelVersion() throws Exception {
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
            JsonNode redispatched = call(s, "/api/tickets/" + first + "/actions",
                    "{\"action\":\"dispatch\",\"category\":\"交通运输\",\"note\":\"其实是道路问题\"}", 200);
            assertThat(redispatched.toString()).contains("类别更正：城乡建设→交通运输");
            call(s, "/api/tickets/" + first + "/actions", "{\"action\":\"dispatch\",\"category\":\"环保\"}", 400);
            JsonNode opened = call(s, "/api/tickets", "{\"text\":\"小区门口卖假货\",\"category\":\"城乡建设\","
                    + "\"requestType\":\"举报\",\"reporter\":{\"user\":\"r1\"}}", 201);
            second = opened.get("number").asText();
            assertThat(opened.get("requestType").asText()).isEqualTo("举报");
            call(s, "/api/tickets/" + second + "/actions", "{\"action\":\"correct\",\"category\":\"商贸旅游\"}", 200);
            // the same category again is no correction
            call(s, "/api/tickets/" + second + "/actions", "{\"action\":\"correct\",\"category\":\"城乡建设\"}", 200);
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
            assertThat(all.get(1).ticket()).isEqualTo(second);
            assertThat(all.get(1).corrected()).isEqualTo("商贸旅游");
            assertThat(all.get(1).modelVersion()).as("a person chose the category: no model").isEmpty();
        }
    }
}
