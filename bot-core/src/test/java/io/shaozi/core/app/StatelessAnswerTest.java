package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.generic.GenericChannel;
import io.shaozi.core.http.Json;
import io.shaozi.core.store.InboundLogJdbc;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 帮助 and greetings change nothing, so they are answered without a store write (no claim, session or stored
 * reply), yet a redelivery is recognised, the sender's rate still counts, and a conversation in progress keeps
 * the recorded path.
 */
class StatelessAnswerTest {
    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data, Map.of("channels.generic.secret", "stateless-key",
                "dialog.messagesPerMinute", "4"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode say(String user, String msgId, String text) throws Exception {
        String body = Json.MAPPER.createObjectNode().put("user", user).put("text", text).put("msgId", msgId).toString();
        HttpResponse<String> r = server.post("/webhook/generic", body, Map.of("X-Shaozi-Signature",
                "sha256=" + GenericChannel.hmacHex("stateless-key", body.getBytes(StandardCharsets.UTF_8))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static String text(JsonNode answer) {
        return answer.get("replies").get(0).get("text").asText();
    }

    private static int recorded(String user) {
        return new InboundLogJdbc(server.app.database().orElseThrow().dataSource())
                .count(new Origin(Channel.GENERIC, "generic", user, "-", Instant.EPOCH));
    }

    @Test
    void help_isAnsweredWithoutARecord_andItsRedeliveryIsMarkedDuplicate() throws Exception {
        JsonNode first = say("s-help", "h1", "帮助");
        JsonNode again = say("s-help", "h1", "帮助");
        assertThat(text(first)).contains("常用");
        assertThat(first.get("duplicate").asBoolean()).isFalse();
        assertThat(again.get("replies")).isEqualTo(first.get("replies"));
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        JsonNode hello = say("s-help", "h2", "你好");
        assertThat(text(hello)).contains("您好");
        assertThat(hello.get("duplicate").asBoolean()).isFalse();
        assertThat(recorded("s-help")).isZero();
    }

    @Test
    void help_countsAgainstTheSendersRate_butItsRedeliveriesDoNot() throws Exception {
        String user = "s-rate";
        assertThat(text(say(user, "r1", "帮助"))).contains("常用");
        assertThat(text(say(user, "r1", "帮助"))).contains("常用"); // redeliveries: not counted
        assertThat(text(say(user, "r1", "帮助"))).contains("常用");
        assertThat(text(say(user, "r2", "帮助"))).contains("常用");
        assertThat(text(say(user, "r3", "帮助"))).contains("常用");
        assertThat(text(say(user, "r4", "你好"))).contains("您好");
        assertThat(text(say(user, "r5", "帮助"))).isEqualTo("您发消息太频繁了，请稍等一分钟再试。");
        assertThat(text(say(user, "r6", "我的工单"))).as("the same limit on the recorded path")
                .isEqualTo("您发消息太频繁了，请稍等一分钟再试。");
    }

    @Test
    void help_duringAConversation_isRecordedAndTheConversationGoesOn() throws Exception {
        String user = "s-conv";
        String question = text(say(user, "c1", "路灯坏了"));
        assertThat(question).as("the bot asks where").contains("位置");
        assertThat(text(say(user, "c2", "帮助"))).contains("常用");
        assertThat(recorded(user)).as("both messages are in the log").isEqualTo(2);
        assertThat(text(say(user, "c3", "幸福小区3号楼东门"))).as("the place was taken").contains("照片");
        assertThat(text(say(user, "c4", "跳过"))).containsPattern("[0-9]{10,}");
    }

    @Test
    void otherTexts_takeTheRecordedPath() throws Exception {
        assertThat(text(say("s-mine", "m1", "我的工单"))).contains("您还没有工单");
        assertThat(recorded("s-mine")).isEqualTo(1);
    }
}
