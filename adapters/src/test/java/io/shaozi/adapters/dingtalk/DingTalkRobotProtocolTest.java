package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.testkit.MutableClock;
import io.shaozi.adapters.common.JsonTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DingTalkRobotProtocolTest {
    static final String SECRET = "robotSecret-Xy9+/=";
    static final DingTalkRobot ROBOT = new DingTalkRobot("street-robot", "dingabcdefg123456", SECRET, Optional.empty());
    static final Instant NOW = Instant.ofEpochMilli(1732768205000L);

    final MutableClock clock = new MutableClock(NOW);
    final DingTalkRobotProtocol protocol = new DingTalkRobotProtocol(ROBOT, clock);

    static Map<String, String> signedHeaders(long millis) {
        String ts = Long.toString(millis);
        return Map.of("timestamp", ts, "sign", RobotSign.sign(SECRET, ts));
    }

    ParseOutcome.Parsed parsed(String resource) {
        ParseOutcome o = protocol.parse(signedHeaders(clock.millis()), Golden.bytes(resource));
        assertThat(o).isInstanceOf(ParseOutcome.Parsed.class);
        return (ParseOutcome.Parsed) o;
    }

    @Test
    void robotSign_matchesPublishedVectorVDT03() {
        assertThat(RobotSign.sign("SECb90923e19e58b466481e9e7b7a5b4f108a4531abde590ad3967fb29f0eae5c68",
                "1582163555000")).isEqualTo("BQKsG+QOCl+bYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY=");
        assertThat(RobotSign.verify("SECb90923e19e58b466481e9e7b7a5b4f108a4531abde590ad3967fb29f0eae5c68",
                "1582163555000", "BQKsG+QOCl+bYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY=")).isTrue();
        assertThat(RobotSign.verify("SECb90923e19e58b466481e9e7b7a5b4f108a4531abde590ad3967fb29f0eae5c68",
                "1582163555001", "BQKsG+QOCl+bYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY=")).isFalse();
    }

    @Test
    void robot_parsesTextWithStaffIdentityAndMsgId() {
        ParseOutcome.Parsed p = parsed("dingtalk/robot-text.json");
        assertThat(p.inbound()).isEqualTo(new Inbound.Text(p.inbound().origin(), "3号楼电梯坏了，请物业处理"));
        assertThat(p.inbound().origin().channel()).isEqualTo(Channel.DINGTALK);
        assertThat(p.inbound().origin().account()).isEqualTo("street-robot");
        assertThat(p.inbound().origin().user()).isEqualTo("manager7140");
        assertThat(p.inbound().origin().messageId()).isEqualTo("msgCu5e2yz5PxDsy1h4GCZJmQ==");
        assertThat(p.inbound().origin().sentAt()).isEqualTo(Instant.ofEpochMilli(1732768200000L));
        assertThat(p.ctx().conversationType()).isEqualTo("2");
        assertThat(p.ctx().conversationId()).isEqualTo("cidqO7Ne6KNw8WMnS1qxMLLaw==");
        assertThat(p.ctx().sessionWebhook()).contains(
                URI.create("https://oapi.dingtalk.com/robot/sendBySession?session=c6b4b1c4ac6e0bd2b2bd0a8d9e0a4d1f"));
        assertThat(p.ctx().webhookExpiresAt()).isEqualTo(Instant.ofEpochMilli(1732773600000L));
        assertThat(p.ctx().toString()).doesNotContain("c6b4b1c4");
    }

    @Test
    void robot_parsesPictureAsImageWithDownloadCode() {
        ParseOutcome.Parsed p = parsed("dingtalk/robot-picture.json");
        assertThat(p.inbound()).isInstanceOfSatisfying(Inbound.Image.class, i -> {
            assertThat(i.mediaId()).isEqualTo("mIofN681YE3f/+m+NntqpaUcFmD8p1x2OYqH7Cz4fSx5ePrwEf9zBG7MDjI+dVzCbN5UCw==");
            assertThat(i.url()).isEmpty();
        });
    }

    @Test
    void robot_parsesRichTextIntoJoinedText() {
        ParseOutcome.Parsed p = parsed("dingtalk/robot-richtext.json");
        assertThat(p.inbound()).isInstanceOfSatisfying(Inbound.Text.class,
                t -> assertThat(t.text()).isEqualTo("小区门口垃圾堆了三天\n麻烦尽快清运"));
    }

    @Test
    void robot_parsesAudioWithRecognition() {
        ParseOutcome.Parsed p = parsed("dingtalk/robot-audio.json");
        assertThat(p.inbound()).isInstanceOfSatisfying(Inbound.Voice.class, v -> {
            assertThat(v.mediaId()).isEqualTo("dlcode-audio-1");
            assertThat(v.recognition()).contains("路灯不亮了");
        });
    }

    @Test
    void robot_parsesFileAsUnknown() {
        ParseOutcome.Parsed p = parsed("dingtalk/robot-file.json");
        assertThat(p.inbound()).isInstanceOfSatisfying(Inbound.Unknown.class,
                u -> assertThat(u.rawType()).isEqualTo("file"));
    }

    @Test
    void robot_rejectsStaleTimestamp() {
        byte[] body = Golden.bytes("dingtalk/robot-text.json");
        long old = clock.millis() - Duration.ofHours(1).toMillis() - 1;
        assertThat(protocol.parse(signedHeaders(old), body)).isEqualTo(new ParseOutcome.Rejected(401, "stale timestamp"));
        long future = clock.millis() + Duration.ofHours(1).toMillis() + 1;
        assertThat(protocol.parse(signedHeaders(future), body)).isInstanceOf(ParseOutcome.Rejected.class);
        long edge = clock.millis() - Duration.ofHours(1).toMillis();
        assertThat(protocol.parse(signedHeaders(edge), body)).isInstanceOf(ParseOutcome.Parsed.class);
    }

    @Test
    void robot_treatsTimestampAsMillisecondsNotSeconds() {
        long seconds = clock.millis() / 1000;
        assertThat(protocol.parse(signedHeaders(seconds), Golden.bytes("dingtalk/robot-text.json")))
                .isEqualTo(new ParseOutcome.Rejected(401, "stale timestamp"));
    }

    @Test
    void robot_windowIsConfigurable() {
        DingTalkRobotProtocol strict = new DingTalkRobotProtocol(ROBOT, clock, Duration.ofMinutes(5),
                Set.of("oapi.dingtalk.com"));
        long tenMinutesAgo = clock.millis() - Duration.ofMinutes(10).toMillis();
        assertThat(strict.parse(signedHeaders(tenMinutesAgo), Golden.bytes("dingtalk/robot-text.json")))
                .isInstanceOf(ParseOutcome.Rejected.class);
        assertThat(protocol.parse(signedHeaders(tenMinutesAgo), Golden.bytes("dingtalk/robot-text.json")))
                .isInstanceOf(ParseOutcome.Parsed.class);
    }

    @Test
    void robot_rejectsBadOrMissingSign() {
        byte[] body = Golden.bytes("dingtalk/robot-text.json");
        String ts = Long.toString(clock.millis());
        String good = RobotSign.sign(SECRET, ts);
        String tampered = (good.charAt(0) == 'A' ? 'B' : 'A') + good.substring(1);
        assertThat(protocol.parse(Map.of("timestamp", ts, "sign", tampered), body))
                .isEqualTo(new ParseOutcome.Rejected(401, "bad sign"));
        assertThat(protocol.parse(Map.of("timestamp", ts, "sign", RobotSign.sign("other", ts)), body))
                .isEqualTo(new ParseOutcome.Rejected(401, "bad sign"));
        assertThat(protocol.parse(Map.of("timestamp", ts), body)).isInstanceOf(ParseOutcome.Rejected.class);
        assertThat(protocol.parse(Map.of(), body)).isInstanceOf(ParseOutcome.Rejected.class);
        assertThat(protocol.parse(Map.of("timestamp", "-5", "sign", good), body))
                .isInstanceOf(ParseOutcome.Rejected.class);
    }

    @Test
    void robot_acceptsHeadersInAnyCase() {
        String ts = Long.toString(clock.millis());
        Map<String, String> headers = Map.of("Timestamp", ts, "SIGN", RobotSign.sign(SECRET, ts));
        assertThat(protocol.parse(headers, Golden.bytes("dingtalk/robot-text.json")))
                .isInstanceOf(ParseOutcome.Parsed.class);
    }

    @Test
    void robot_rejectsOversizeBody() {
        byte[] big = new byte[DingTalkRobotProtocol.MAX_BODY_BYTES + 1];
        assertThat(protocol.parse(signedHeaders(clock.millis()), big))
                .isEqualTo(new ParseOutcome.Rejected(413, "body too large"));
    }

    @Test
    void robot_replayKeepsTheSameDedupeKey() {
        // the sign covers only the timestamp: a replay verifies again; bot-core drops it on the msgId key
        byte[] body = Golden.bytes("dingtalk/robot-text.json");
        Map<String, String> headers = signedHeaders(clock.millis());
        ParseOutcome.Parsed first = (ParseOutcome.Parsed) protocol.parse(headers, body);
        clock.advance(Duration.ofMinutes(30));
        ParseOutcome.Parsed replay = (ParseOutcome.Parsed) protocol.parse(headers, body);
        assertThat(replay.inbound().origin().dedupeKey()).isEqualTo(first.inbound().origin().dedupeKey())
                .isEqualTo("dingtalk:street-robot:msgCu5e2yz5PxDsy1h4GCZJmQ==");
    }

    @Test
    void robot_rejectsSessionWebhookOutsideAllowList() {
        String body = Golden.text("dingtalk/robot-text.json")
                .replace("https://oapi.dingtalk.com/robot/sendBySession", "https://attacker.example/robot/sendBySession");
        assertThat(protocol.parse(signedHeaders(clock.millis()), body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ParseOutcome.Rejected(400, "sessionWebhook host not allowed"));
        for (String evil : List.of("http://oapi.dingtalk.com/x", "https://oapi.dingtalk.com:8443/x",
                "https://user@oapi.dingtalk.com/x", "https://oapi.dingtalk.com.evil.cn/x", "file:///etc/passwd",
                "//oapi.dingtalk.com/x")) {
            String b = Golden.text("dingtalk/robot-text.json").replace(
                    "https://oapi.dingtalk.com/robot/sendBySession?session=c6b4b1c4ac6e0bd2b2bd0a8d9e0a4d1f", evil);
            assertThat(protocol.parse(signedHeaders(clock.millis()), b.getBytes(StandardCharsets.UTF_8)))
                    .as(evil).isInstanceOf(ParseOutcome.Rejected.class);
        }
    }

    @Test
    void robot_rejectsMalformedJsonAndMissingIds() {
        Map<String, String> h = signedHeaders(clock.millis());
        assertThat(protocol.parse(h, "not json".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ParseOutcome.Rejected(400, "body is not a JSON object"));
        assertThat(protocol.parse(h, "[]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(ParseOutcome.Rejected.class);
        assertThat(protocol.parse(h, "{\"msgtype\":\"text\",\"senderStaffId\":\"u\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ParseOutcome.Rejected(400, "missing msgId"));
        assertThat(protocol.parse(h, "{\"msgId\":\"m\",\"msgId\":\"n\",\"senderStaffId\":\"u\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(ParseOutcome.Rejected.class);
    }

    @Test
    void robot_rendersSynchronousRepliesInRobotDialect() throws Exception {
        JsonNode text = JsonTree.MAPPER.readTree(protocol.render(new Outbound.Text("已收到")));
        assertThat(text.path("msgtype").asText()).isEqualTo("text");
        assertThat(text.path("text").path("content").asText()).isEqualTo("已收到");

        JsonNode md = JsonTree.MAPPER.readTree(protocol.render(new Outbound.Markdown("新哨单", "### 3号楼电梯")));
        assertThat(md.path("markdown").path("title").asText()).isEqualTo("新哨单");

        JsonNode one = JsonTree.MAPPER.readTree(protocol.render(new Outbound.Card("新哨单 T-1", "电梯故障",
                List.of(new Outbound.Button("查看", "https://console.example/tickets/T-1")))));
        assertThat(one.path("msgtype").asText()).isEqualTo("actionCard");
        assertThat(one.path("actionCard").path("singleURL").asText()).isEqualTo("https://console.example/tickets/T-1");

        JsonNode two = JsonTree.MAPPER.readTree(protocol.render(new Outbound.Card("新哨单 T-1", "电梯故障",
                List.of(new Outbound.Button("签收", "https://c/a"), new Outbound.Button("退单", "https://c/r")))));
        assertThat(two.path("actionCard").path("btns")).hasSize(2);
        assertThat(two.path("actionCard").path("btns").get(1).path("actionURL").asText()).isEqualTo("https://c/r");
    }

    @Test
    void robotConfig_rejectsBlankFieldsNamingThem() {
        assertThatThrownBy(() -> new DingTalkRobot("r", "k", " ", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appSecret");
        assertThatThrownBy(() -> new DingTalkRobot("r", "k", "s", Optional.of("short")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aesKey");
        assertThatThrownBy(() -> new DingTalkRobotProtocol(ROBOT, clock, Duration.ZERO, Set.of("oapi.dingtalk.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> new DingTalkRobotProtocol(ROBOT, clock, Duration.ofHours(1), Set.of("bad host/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowedWebhookHosts");
        assertThat(ROBOT.toString()).doesNotContain(SECRET);
    }
}
