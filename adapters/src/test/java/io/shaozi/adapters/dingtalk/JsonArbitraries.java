package io.shaozi.adapters.dingtalk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Random JSON biased towards the field names and values the DingTalk and Feishu parsers look at. */
public final class JsonArbitraries {
    static final JsonMapper MAPPER = new JsonMapper();
    static final String[] FIELDS = {
        "msgId", "msgtype", "text", "content", "senderStaffId", "senderId", "createAt", "sessionWebhook",
        "sessionWebhookExpiredTime", "conversationId", "conversationType", "richText", "downloadCode",
        "pictureDownloadCode", "recognition", "EventType", "EventId", "eventId", "UserId", "StaffId", "TimeStamp",
        "processInstanceId", "schema", "header", "event_id", "event_type", "token", "create_time", "event", "sender",
        "sender_id", "open_id", "sender_type", "message", "message_type", "chat_id", "image_key", "file_key",
        "latitude", "longitude", "name", "title", "tag", "operator_id", "operator", "event_key", "type", "challenge",
        "uuid", "encrypt", "zh_cn"};
    static final String[] VALUES = {
        "text", "picture", "richText", "audio", "file", "2.0", "im.message.receive_v1", "url_verification",
        "application.bot.menu_v6", "im.chat.access_event.bot_p2p_chat_entered_v1", "user", "app", "v-token-abc",
        "https://oapi.dingtalk.com/robot/sendBySession?session=1", "http://127.0.0.1:1/x", "check_url", "image",
        "post", "location", "a", "md", "1732768200000", "-1", "39.9", "116.4", "999", "", " ", "@_user_1",
        "{\"text\":\"hi\"}", "{", "\u0000", "\uD800", "中文"};

    private JsonArbitraries() {
    }

    static Arbitrary<JsonNode> leaf() {
        return Arbitraries.oneOf(
                Arbitraries.of(VALUES).map(TextNode::valueOf),
                Arbitraries.strings().ofMaxLength(24).map(s -> (JsonNode) TextNode.valueOf(s)),
                Arbitraries.longs().map(LongNode::valueOf),
                Arbitraries.doubles().map(DoubleNode::valueOf),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE),
                Arbitraries.just(NullNode.getInstance()));
    }

    static Arbitrary<JsonNode> object(int depth) {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(8));
        return Arbitraries.maps(names, node(depth - 1)).ofMaxSize(6).map(JsonArbitraries::toObject);
    }

    static Arbitrary<JsonNode> node(int depth) {
        if (depth <= 0) {
            return leaf();
        }
        Arbitrary<JsonNode> obj = object(depth);
        Arbitrary<JsonNode> arr = node(depth - 1).list().ofMaxSize(4).map(l -> {
            ArrayNode a = MAPPER.createArrayNode();
            l.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> encoded = obj.map(o -> TextNode.valueOf(o.toString()));
        return Arbitraries.frequencyOf(Tuple.of(4, leaf()), Tuple.of(3, obj), Tuple.of(1, arr), Tuple.of(1, encoded));
    }

    /** Random JSON objects up to three levels deep. */
    public static Arbitrary<JsonNode> objects() {
        return object(3);
    }

    /** {@code golden} with every occurrence of one known field (also inside JSON-in-string) replaced. */
    public static Arbitrary<String> mutationsOf(String golden) {
        JsonNode base;
        try {
            base = MAPPER.readTree(golden);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return net.jqwik.api.Combinators.combine(Arbitraries.of(FIELDS), node(2), Arbitraries.integers().between(0, 2))
                .as((field, value, mode) -> {
                    JsonNode copy = base.deepCopy();
                    replace(copy, field, value, mode);
                    return copy.toString();
                });
    }

    private static void replace(JsonNode node, String field, JsonNode value, int mode) {
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (e.getValue().isTextual() && e.getValue().asText().startsWith("{")) {
                    try {
                        JsonNode inner = MAPPER.readTree(e.getValue().asText());
                        replace(inner, field, value, mode);
                        e.setValue(TextNode.valueOf(inner.toString()));
                    } catch (Exception ignored) {
                        // not JSON: leave it
                    }
                } else {
                    replace(e.getValue(), field, value, mode);
                }
            }
            // replace after descending, with a copy, so the new value is never walked (no cycles)
            if (o.has(field)) {
                if (mode == 0) {
                    o.remove(field);
                } else {
                    o.set(field, value.deepCopy());
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(n -> replace(n, field, value, mode));
        }
    }

    private static JsonNode toObject(Map<String, JsonNode> m) {
        ObjectNode o = MAPPER.createObjectNode();
        m.forEach(o::set);
        return o;
    }
}
