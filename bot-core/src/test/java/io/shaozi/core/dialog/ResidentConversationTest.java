package io.shaozi.core.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole resident conversation over real HTTP on the chat channel: report → place question → photo offer →
 * ticket → 查询 → cadre actions through the API → status pushes → rating → 不满意 → 重办; with a duplicated
 * delivery and a server restart in the middle of the conversation.
 */
class ResidentConversationTest {
    private static final String ADMIN = "admin-token-for-tests";
    private static final Pattern NUMBER = Pattern.compile("工单号 (\\d{10,})");

    @TempDir
    Path dir;

    private TestServer start() throws Exception {
        return TestServer.start(dir.resolve("data"), Optional.empty(), Map.of("admin.token", ADMIN),
                Clock.systemUTC(), b -> b);
    }

    private static JsonNode act(TestServer s, String number, Map<String, Object> body) throws Exception {
        HttpResponse<String> r = s.post("/api/tickets/" + number + "/actions", Json.text(body),
                Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void report_follow_rate_unsatisfied_reopen_acrossARestart() throws Exception {
        String number;
        TestServer s = start();
        ChatClient me = new ChatClient(s, "web-resident-1");
        try {
            assertThat(me.say("你好")).contains("直接说就行");
            String ask = me.say("楼道灯坏了好几天了，晚上上下楼很不方便");
            assertThat(ask).contains("具体位置");
        } finally {
            s.close();
        }
        // restart in the middle of the conversation: the place question is still open
        s = start();
        me.reconnect(s);
        try {
            assertThat(me.sayWithId("幸福小区3号楼2单元", "place-1")).contains("照片");
            assertThat(me.sayWithId("幸福小区3号楼2单元", "place-1")).as("a redelivery gets the same answer")
                    .contains("照片");
            String opened = me.say("跳过");
            Matcher m = NUMBER.matcher(opened);
            assertThat(m.find()).as(opened).isTrue();
            number = m.group(1);
            assertThat(opened.split("\n")).hasSizeLessThanOrEqualTo(2);
            assertThat(opened).contains("已派【").contains("前联系您");

            assertThat(me.say("查询 " + number)).contains("工单 " + number).contains("已派单");
            assertThat(me.say("我的工单")).contains(number);
            me.markPushes();

            act(s, number, Map.of("action", "accept", "note", "已安排电工"));
            act(s, number, Map.of("action", "progress", "note", "电工明早上门更换灯泡", "contacted", true));
            act(s, number, Map.of("action", "resolve", "note", "已更换楼道灯"));
            var pushes = me.pushes(3);
            assertThat(pushes).anyMatch(p -> p.contains("已由【") && p.contains("签收"));
            assertThat(pushes).anyMatch(p -> p.contains("电工明早上门更换灯泡"));
            assertThat(pushes).anyMatch(p -> p.contains("已办结") && p.contains("请评价"));

            assertThat(me.say("3")).contains("哪里还没解决");
            assertThat(me.say("灯还是一闪一闪的，没修好")).contains("重新办理");
            HttpResponse<String> got = s.getWithHeaders("/api/tickets/" + number,
                    Map.of("Authorization", "Bearer " + ADMIN));
            JsonNode ticket = Json.MAPPER.readTree(got.body());
            assertThat(ticket.get("status").asText()).isEqualTo("REOPENED");
            assertThat(ticket.get("events").toString()).contains("灯还是一闪一闪的");
            JsonNode again = act(s, number, Map.of("action", "accept", "note", "再次上门"));
            assertThat(again.get("status").asText()).isEqualTo("ACCEPTED");
        } finally {
            s.close();
        }
    }

    @Test
    void emergency_getsSafetyHintAndTicketAtOnce_thenThePlace() throws Exception {
        try (TestServer s = start()) {
            ChatClient me = new ChatClient(s, "web-emergency");
            String r = me.say("厨房燃气泄漏了，味道很大");
            assertThat(r).contains("119").containsPattern("工单号 \\d{10,}").contains("具体位置");
            assertThat(me.say("幸福小区5号楼1单元301")).contains("已记录位置");
        }
    }

    @Test
    void nearDuplicate_isAttachedToTheOpenTicket() throws Exception {
        try (TestServer s = start()) {
            ChatClient a = new ChatClient(s, "web-dup-a");
            a.say("幸福小区3号楼门口的路灯不亮了");
            String first = a.say("跳过");
            Matcher m = NUMBER.matcher(first);
            assertThat(m.find()).as(first).isTrue();
            ChatClient b = new ChatClient(s, "web-dup-b");
            b.say("幸福小区3号楼门口路灯不亮了");
            String second = b.say("跳过");
            assertThat(second).contains("已有相同问题的工单 " + m.group(1));
        }
    }

    @Test
    void human_handoffSilencesTheBotUntilReleased() throws Exception {
        try (TestServer s = start()) {
            ChatClient me = new ChatClient(s, "web-human");
            me.markPushes();
            assertThat(me.say("转人工")).contains("已为您转接人工");
            assertThat(me.say("我家暖气不热")).as("bot stays silent").isEmpty();
            Map<String, String> auth = Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json");
            assertThat(s.get("/api/handoffs").statusCode()).as("needs a token").isEqualTo(401);
            HttpResponse<String> list = s.getWithHeaders("/api/handoffs", Map.of("Authorization", "Bearer " + ADMIN));
            assertThat(list.body()).contains("generic:chat:web-human").contains("我家暖气不热");
            HttpResponse<String> listed = s.post("/api/handoffs/generic:chat:web-human/reply",
                    Json.text(Map.of("text", "您好，我是社区小王，马上帮您联系供暖公司。")), auth);
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            assertThat(me.pushes(1)).anyMatch(p -> p.contains("我是社区小王"));
            HttpResponse<String> released = s.post("/api/handoffs/generic:chat:web-human/release", "{}", auth);
            assertThat(released.statusCode()).isEqualTo(200);
            assertThat(me.say("帮助")).contains("常用");
        }
    }

    @Test
    void tooManyMessages_getAPoliteWait_andOverlongInputIsCutWithANotice() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("limits"), Optional.empty(),
                Map.of("dialog.messagesPerMinute", "3", "dialog.maxInputChars", "40"),
                io.shaozi.core.testing.MutableClock.at("2026-11-30T02:00:00Z"), b -> b)) { // a fixed minute
            ChatClient me = new ChatClient(s, "web-limits");
            String longText = "幸福小区3号楼2单元楼道灯坏了好几天了，" + "晚上上下楼什么都看不见，老人孩子都很危险。".repeat(5);
            String cut = me.say(longText);
            assertThat(cut).contains("已截取前40字").contains("照片");
            assertThat(me.say("帮助")).contains("常用");
            assertThat(me.say("帮助")).contains("常用");
            assertThat(me.say("帮助")).isEqualTo("您发消息太频繁了，请稍等一分钟再试。");
            ChatClient other = new ChatClient(s, "web-limits-2");
            assertThat(other.say("帮助")).as("the limit is per resident").contains("常用");
        }
    }
}
