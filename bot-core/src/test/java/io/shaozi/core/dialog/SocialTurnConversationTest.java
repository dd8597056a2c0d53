package io.shaozi.core.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Social turns over real HTTP on the chat channel: thanks, goodbyes, praise, "never mind", English, and "it's fixed
 * now" — answered briefly, never a ticket and never a prompt to describe a problem; "fixed" closes or rates the
 * resident's ticket. Also: the request type is stored on the ticket, filterable and counted.
 */
class SocialTurnConversationTest {
    private static final String ADMIN = "admin-token-for-tests";
    private static final Pattern NUMBER = Pattern.compile("工单号 (\\d{10,})");

    @TempDir
    Path dir;

    private TestServer start() throws Exception {
        return TestServer.start(dir.resolve("data"), Optional.empty(), Map.of("admin.token", ADMIN),
                Clock.systemUTC(), b -> b);
    }

    private static JsonNode get(TestServer s, String path) throws Exception {
        HttpResponse<String> r = s.getWithHeaders(path, Map.of("Authorization", "Bearer " + ADMIN));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void act(TestServer s, String number, Map<String, Object> body) throws Exception {
        HttpResponse<String> r = s.post("/api/tickets/" + number + "/actions", Json.text(body),
                Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static String open(ChatClient me, String text) throws Exception {
        String reply = me.say(text);
        if (reply.contains("具体位置")) {
            reply = me.say("幸福小区3号楼2单元");
        }
        if (reply.contains("照片")) {
            reply = me.say("跳过");
        }
        Matcher m = NUMBER.matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        return m.group(1);
    }

    @Test
    void socialTurns_areAnsweredBrieflyAndNeverOpenATicket() throws Exception {
        try (TestServer s = start()) {
            ChatClient me = new ChatClient(s, "web-social-1");
            for (String text : List.of("谢谢", "谢谢你们！", "辛苦了🙏", "再见", "拜拜", "你们真棒", "好的", "收到", "算了",
                    "不用了", "楼道灯已经修好了，谢谢你们", "The elevator in building 5 has been broken for a week")) {
                String reply = me.say(text);
                assertThat(reply).as(text).isNotBlank().doesNotContain("描述").doesNotContain("工单号")
                        .doesNotContain("具体位置").doesNotContain("哪方面");
            }
            assertThat(me.say("谢谢")).contains("不客气");
            assertThat(me.say("再见")).contains("再见");
            String english = me.say("The elevator in building 5 has been broken for a week");
            assertThat(english).contains("人工").contains("Chinese").contains("接诉即办");
            assertThat(get(s, "/api/tickets").get("total").asInt()).isZero();
        }
    }

    @Test
    void fixedNow_asksToConfirmAndClosesTheMatchingOpenTicket() throws Exception {
        try (TestServer s = start()) {
            ChatClient me = new ChatClient(s, "web-social-2");
            String light = open(me, "楼道灯坏了好几天了，晚上看不见");
            String noise = open(me, "楼上半夜装修砸墙，吵得睡不着");
            assertThat(me.say("楼道灯还没修好")).doesNotContain("很高兴"); // negated: not solved
            String ask = me.say("楼道灯已经修好了，谢谢你们");
            assertThat(ask).contains(light).contains("回复“是”");
            assertThat(me.say("是")).contains("工单 " + light + " 已关闭");
            assertThat(get(s, "/api/tickets/" + light).get("status").asText()).isEqualTo("WITHDRAWN");
            assertThat(get(s, "/api/tickets/" + noise).get("status").asText()).isNotEqualTo("WITHDRAWN");
        }
    }

    @Test
    void fixedNow_ratesAResolvedTicketSatisfied() throws Exception {
        try (TestServer s = start()) {
            ChatClient me = new ChatClient(s, "web-social-3");
            String number = open(me, "楼道灯坏了好几天了，晚上看不见");
            act(s, number, Map.of("action", "accept", "note", "已安排"));
            act(s, number, Map.of("action", "resolve", "note", "已更换"));
            assertThat(me.say("灯已经修好了，谢谢师傅")).contains(number).contains("满意");
            JsonNode t = get(s, "/api/tickets/" + number);
            assertThat(t.get("status").asText()).isEqualTo("CLOSED");
        }
    }

    @Test
    void requestType_isStoredFilterableAndCounted() throws Exception {
        try (TestServer s = start()) {
            ChatClient me = new ChatClient(s, "web-social-4");
            String noise = open(me, "楼上半夜装修砸墙，吵得睡不着");
            String lamp = open(me, "楼道灯坏了，麻烦来修一下");
            assertThat(get(s, "/api/tickets/" + noise).get("category").asText()).isEqualTo("环境保护");
            assertThat(get(s, "/api/tickets/" + noise).get("requestType").asText()).isEqualTo("投诉");
            assertThat(get(s, "/api/tickets/" + lamp).get("requestType").asText()).isEqualTo("求助");
            JsonNode complaints = get(s, "/api/tickets?type=" + enc("投诉"));
            assertThat(complaints.get("total").asInt()).isEqualTo(1);
            assertThat(complaints.get("items").get(0).get("number").asText()).isEqualTo(noise);
            HttpResponse<String> bad = s.getWithHeaders("/api/tickets?type=" + enc("抱怨"), Map.of("Authorization", "Bearer " + ADMIN));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("type");
            JsonNode byType = get(s, "/api/metrics?dimension=type");
            assertThat(byType.toString()).contains("投诉").contains("求助");
        }
    }

    @Test
    void praise_isATicketOfType表扬ForTheDepartmentPraised() throws Exception {
        try (TestServer s = start()) {
            ChatClient me = new ChatClient(s, "web-social-5");
            String number = open(me, "我要表扬街道综合行政执法队，小区门口占道的摊子都清走了，很负责");
            JsonNode t = get(s, "/api/tickets/" + number);
            assertThat(t.get("requestType").asText()).isEqualTo("表扬");
            assertThat(t.get("department").asText()).isEqualTo("jd-zfd");
        }
    }
}
