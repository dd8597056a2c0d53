package io.shaozi.adapters.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.crypto.DecryptResult;
import io.shaozi.adapters.crypto.MsgCrypt;
import io.shaozi.adapters.crypto.Sealed;
import io.shaozi.adapters.xml.SafeXml;
import io.shaozi.adapters.xml.XmlResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WeComProtocolTest {
    // Tencent's official sample (V-CP-01, V-CP-02)
    static final WeComApp SAMPLE = new WeComApp("sample", "wx5823bf96d3bd56c7", "218", "QDG6eK",
            "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "");
    static final Clock SAMPLE_CLOCK = Clock.fixed(Instant.ofEpochSecond(1409659813L), ZoneOffset.UTC);

    // Shaozi-style app for golden payloads
    static final String CORP = "ww1436e0e65a779aee";
    static final String TOKEN = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
    static final String KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    static final WeComApp APP = new WeComApp("jd-cadres", CORP, "1000002", TOKEN, KEY, "app-secret");
    static final long NOW = 1_700_000_020L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    final WeComProtocol protocol = new WeComProtocol(APP, CLOCK);

    static String resource(String path) {
        try (InputStream in = WeComProtocolTest.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Origin origin(String id, long t) {
        return new Origin(Channel.WECOM, "jd-cadres", "zhangsan", id, Instant.ofEpochSecond(t));
    }

    record Req(Map<String, String> query, byte[] body) {
    }

    static Req xmlRequest(String inner) {
        Sealed s = new MsgCrypt(TOKEN, KEY, CORP).encrypt(inner, "5551", Long.toString(NOW));
        String body = "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><Encrypt><![CDATA[" + s.encrypt()
                + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
        return new Req(Map.of("msg_signature", s.msgSignature(), "timestamp", s.timestamp(), "nonce", s.nonce()),
                body.getBytes(StandardCharsets.UTF_8));
    }

    static Req jsonRequest(String inner) {
        Sealed s = new MsgCrypt(TOKEN, KEY, CORP).encrypt(inner, "5552", Long.toString(NOW));
        String body = "{\"tousername\":\"" + CORP + "\",\"encrypt\":\"" + s.encrypt() + "\",\"agentid\":1000002}";
        return new Req(Map.of("msg_signature", s.msgSignature(), "timestamp", s.timestamp(), "nonce", s.nonce()),
                body.getBytes(StandardCharsets.UTF_8));
    }

    Inbound parsed(String fixture) {
        Req r = xmlRequest(resource("wecom/" + fixture));
        ParseOutcome o = protocol.parse(r.query(), r.body());
        assertThat(o).as(fixture).isInstanceOf(ParseOutcome.Parsed.class);
        return ((ParseOutcome.Parsed) o).inbound();
    }

    // ------------------------------------------------------------------ official sample vectors

    @Test
    void verifyUrl_answersDecryptedEchostr_V_CP_01() {
        WeComProtocol p = new WeComProtocol(SAMPLE, SAMPLE_CLOCK);
        Map<String, String> q = Map.of("msg_signature", "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "timestamp", "1409659589",
                "nonce", "263014780", "echostr",
                "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==");
        assertThat(p.verifyUrl(q)).isEqualTo(new VerifyOutcome.Echo("1616140317555161061"));
    }

    @Test
    void verifyUrl_toleratesPlusDecodedAsSpaceByFormStyleDecoders() {
        WeComProtocol p = new WeComProtocol(SAMPLE, SAMPLE_CLOCK);
        Map<String, String> q = Map.of("msg_signature", "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "timestamp", "1409659589",
                "nonce", "263014780", "echostr",
                "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp 4RPcs8TgAE7OaBO FZXvnaqQ==");
        assertThat(p.verifyUrl(q)).isEqualTo(new VerifyOutcome.Echo("1616140317555161061"));
    }

    @Test
    void verifyUrl_rejectsBadSignatureStaleTimestampAndOtherCorp() {
        Map<String, String> q = new HashMap<>(Map.of("msg_signature", "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "timestamp", "1409659589",
                "nonce", "263014780", "echostr",
                "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="));
        WeComApp otherCorp = new WeComApp("x", "wwOtherCorp", "218", "QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "");
        assertThat(new WeComProtocol(otherCorp, SAMPLE_CLOCK).verifyUrl(q)).isEqualTo(new VerifyOutcome.Rejected(403, "echostr refused: RECEIVE_ID_MISMATCH"));
        WeComProtocol p = new WeComProtocol(SAMPLE, Clock.fixed(Instant.ofEpochSecond(1409669589L), ZoneOffset.UTC));
        assertThat(p.verifyUrl(q)).isEqualTo(new VerifyOutcome.Rejected(403, "stale timestamp"));
        q.put("msg_signature", "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4");
        assertThat(new WeComProtocol(SAMPLE, SAMPLE_CLOCK).verifyUrl(q)).isEqualTo(new VerifyOutcome.Rejected(403, "bad signature"));
        assertThat(new WeComProtocol(SAMPLE, SAMPLE_CLOCK).verifyUrl(Map.of())).isInstanceOf(VerifyOutcome.Rejected.class);
    }

    @Test
    void parse_officialSampleTextMessage_V_CP_02() {
        WeComProtocol p = new WeComProtocol(SAMPLE, SAMPLE_CLOCK);
        Map<String, String> q = Map.of("msg_signature", "477715d11cdb4164915debcba66cb864d751f3e6", "timestamp", "1409659813", "nonce", "1372623149");
        ParseOutcome o = p.parse(q, resource("wecom/sample_cp02_body.xml").getBytes(StandardCharsets.UTF_8));
        assertThat(o).isEqualTo(new ParseOutcome.Parsed(
                new Inbound.Text(new Origin(Channel.WECOM, "sample", "mycreate", "218:4561255354251345929", Instant.ofEpochSecond(1409659813L)), "hello"),
                new ReplyContext("sample", "mycreate", "wx5823bf96d3bd56c7", "218", false, "1372623149", false)));
    }

    @Test
    void parse_officialJsonSampleWithMalformedInnerJsonIsATypedRejection_V_CP_05() {
        WeComApp jsonApp = new WeComApp("j", "ww1436e0e65a779aee", "218", TOKEN, KEY, "");
        WeComProtocol p = new WeComProtocol(jsonApp, SAMPLE_CLOCK);
        Map<String, String> q = Map.of("msg_signature", "e3647471e395139e2308c1fa963f2d648a00b90e", "timestamp", "1409659813", "nonce", "1372623149");
        // outer tousername (wx5823…) differs from the authenticated receive id (ww1436…): the inner one is trusted
        assertThat(p.parse(q, resource("wecom/sample_cp05_body.json").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ParseOutcome.Rejected(400, "malformed inner JSON"));
    }

    // ------------------------------------------------------------------ golden payloads

    @Test
    void parse_messageTypes() {
        assertThat(parsed("text.xml")).isEqualTo(new Inbound.Text(origin("1000002:7210000000000000001", 1700000000), "3号楼渗水，请派单"));
        assertThat(parsed("image.xml")).isEqualTo(new Inbound.Image(origin("1000002:7210000000000000002", 1700000001), "media_img",
                Optional.of("https://wework.qpic.cn/wwpic/abc")));
        assertThat(parsed("voice.xml")).isEqualTo(new Inbound.Voice(origin("1000002:7210000000000000003", 1700000002), "media_voice", Optional.empty()));
        assertThat(parsed("location.xml")).isEqualTo(new Inbound.Location(origin("1000002:7210000000000000004", 1700000003), 39.9, 116.4, 15, "朝阳区某街道"));
        assertThat(parsed("link.xml")).isEqualTo(new Inbound.Link(origin("1000002:7210000000000000005", 1700000004), "防汛预案", "街道通知", "https://example.org/flood"));
    }

    @Test
    void parse_eventsWithLowerCaseNamesAndAgentIdInDedupeKey() {
        assertThat(parsed("event_subscribe.xml")).isEqualTo(new Inbound.Event(origin("1000002:zhangsan:1700000005:subscribe:", 1700000005), "subscribe", Optional.empty()));
        assertThat(parsed("event_enter_agent.xml")).isEqualTo(new Inbound.Event(origin("1000002:zhangsan:1700000006:enter_agent:", 1700000006), "enter_agent", Optional.empty()));
        assertThat(parsed("event_click.xml")).isEqualTo(new Inbound.Event(origin("1000002:zhangsan:1700000007:click:MY_TODO", 1700000007), "click", Optional.of("MY_TODO")));
        assertThat(parsed("event_view.xml")).isEqualTo(new Inbound.Event(origin("1000002:zhangsan:1700000008:view:https://example.org/console", 1700000008), "view", Optional.of("https://example.org/console")));
        assertThat(parsed("event_location.xml")).isEqualTo(new Inbound.Location(origin("1000002:zhangsan:1700000009:location:", 1700000009), 23.104, 113.320, 0, ""));
        assertThat(parsed("event_scancode_push.xml")).isEqualTo(new Inbound.Event(origin("1000002:zhangsan:1700000010:scancode_push:SCAN_CHECKIN", 1700000010), "scancode_push", Optional.of("SCAN_CHECKIN")));
        assertThat(parsed("event_change_contact.xml")).isEqualTo(new Inbound.Unknown(origin("1000002:zhangsan:1700000011:change_contact:", 1700000011), "event/change_contact"));
        assertThat(parsed("event_click.xml").origin().dedupeKey()).isEqualTo("wecom:jd-cadres:1000002:zhangsan:1700000007:click:MY_TODO");
    }

    @Test
    void parse_upperAndLowerCaseEventNamesAreTheSameEvent() {
        String upper = resource("wecom/event_click.xml").replace("[click]", "[CLICK]");
        Req r = xmlRequest(upper);
        Inbound in = ((ParseOutcome.Parsed) protocol.parse(r.query(), r.body())).inbound();
        assertThat(in).isEqualTo(parsed("event_click.xml"));
    }

    @Test
    void parse_jsonCallbackVariant() {
        Req r = jsonRequest(resource("wecom/text.json"));
        ParseOutcome.Parsed p = (ParseOutcome.Parsed) protocol.parse(r.query(), r.body());
        assertThat(p.inbound()).isEqualTo(new Inbound.Text(origin("1000002:7210000000000000006", 1700000012), "JSON 回调"));
        assertThat(p.ctx().json()).isTrue();
    }

    @Test
    void parse_rejectsMessageForAnotherAgent() {
        Req r = xmlRequest(resource("wecom/text.xml").replace("<AgentID>1000002</AgentID>", "<AgentID>1000009</AgentID>"));
        assertThat(protocol.parse(r.query(), r.body())).isEqualTo(new ParseOutcome.Rejected(403, "AgentID does not match the configured app"));
    }

    @Test
    void parse_rejectsBadSignatureStaleTimestampAndForeignCorp() {
        Req r = xmlRequest(resource("wecom/text.xml"));
        Map<String, String> bad = new HashMap<>(r.query());
        bad.put("msg_signature", "0".repeat(40));
        assertThat(protocol.parse(bad, r.body())).isEqualTo(new ParseOutcome.Rejected(403, "envelope refused: BAD_SIGNATURE"));
        WeComProtocol later = new WeComProtocol(APP, Clock.fixed(Instant.ofEpochSecond(NOW + 301), ZoneOffset.UTC));
        assertThat(later.parse(r.query(), r.body())).isEqualTo(new ParseOutcome.Rejected(403, "stale timestamp"));
        Sealed s = new MsgCrypt(TOKEN, KEY, "wwSomebodyElse").encrypt(resource("wecom/text.xml"), "1", Long.toString(NOW));
        byte[] body = ("<xml><Encrypt><![CDATA[" + s.encrypt() + "]]></Encrypt></xml>").getBytes(StandardCharsets.UTF_8);
        assertThat(protocol.parse(Map.of("msg_signature", s.msgSignature(), "timestamp", s.timestamp(), "nonce", "1"), body))
                .isEqualTo(new ParseOutcome.Rejected(403, "envelope refused: RECEIVE_ID_MISMATCH"));
    }

    @Test
    void parse_refusesXxeOuterAndInner() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&x;</Encrypt></xml>";
        Req r = xmlRequest(resource("wecom/text.xml"));
        assertThat(protocol.parse(r.query(), xxe.getBytes(StandardCharsets.UTF_8))).isEqualTo(new ParseOutcome.Rejected(400, "XML refused: DOCTYPE not allowed"));
        Req inner = xmlRequest(xxe);
        assertThat(protocol.parse(inner.query(), inner.body())).isEqualTo(new ParseOutcome.Rejected(400, "inner XML refused: DOCTYPE not allowed"));
    }

    @Test
    void parse_rejectsMalformedOuterJsonAndMissingEncrypt() {
        Req r = xmlRequest(resource("wecom/text.xml"));
        assertThat(protocol.parse(r.query(), "{\"encrypt\":".getBytes(StandardCharsets.UTF_8))).isEqualTo(new ParseOutcome.Rejected(400, "malformed JSON"));
        assertThat(protocol.parse(r.query(), "{\"x\":1}".getBytes(StandardCharsets.UTF_8))).isEqualTo(new ParseOutcome.Rejected(400, "missing Encrypt"));
        assertThat(protocol.parse(Map.of(), r.body())).isInstanceOf(ParseOutcome.Rejected.class);
    }

    // ------------------------------------------------------------------ render

    @Test
    void render_isAlwaysEncryptedWithCorpIdAsSender() {
        Req r = xmlRequest(resource("wecom/text.xml"));
        ParseOutcome.Parsed p = (ParseOutcome.Parsed) protocol.parse(r.query(), r.body());
        String body = protocol.render(p.ctx(), new Outbound.Text("已派单给物业"));
        XmlResult.Parsed outer = (XmlResult.Parsed) SafeXml.defaults().parse(body);
        assertThat(outer.text("Nonce")).isEqualTo("5551");
        assertThat(body).contains("<TimeStamp>" + NOW + "</TimeStamp>");
        DecryptResult d = new MsgCrypt(TOKEN, KEY, CORP).verifyAndDecrypt(outer.text("MsgSignature"), outer.text("TimeStamp"),
                outer.text("Nonce"), outer.text("Encrypt"));
        XmlResult.Parsed inner = (XmlResult.Parsed) SafeXml.defaults().parse(((DecryptResult.Decrypted) d).message());
        assertThat(inner.text("ToUserName")).isEqualTo("zhangsan");
        assertThat(inner.text("FromUserName")).isEqualTo(CORP);
        assertThat(inner.text("Content")).isEqualTo("已派单给物业");
    }

    @Test
    void render_jsonCallbackGetsJsonEnvelope() throws Exception {
        Req r = jsonRequest(resource("wecom/text.json"));
        ParseOutcome.Parsed p = (ParseOutcome.Parsed) protocol.parse(r.query(), r.body());
        JsonNode out = new ObjectMapper().readTree(protocol.render(p.ctx(), new Outbound.News(List.of(
                new Outbound.Article("t", "d", "https://p", "https://u")))));
        DecryptResult d = new MsgCrypt(TOKEN, KEY, CORP).verifyAndDecrypt(out.path("msgsignature").asText(), out.path("timestamp").asText(),
                out.path("nonce").asText(), out.path("encrypt").asText());
        JsonNode inner = new ObjectMapper().readTree(((DecryptResult.Decrypted) d).message());
        assertThat(inner.path("MsgType").asText()).isEqualTo("news");
        assertThat(inner.path("Articles").get(0).path("Url").asText()).isEqualTo("https://u");
    }

    @Test
    void empty_isAnEmptyBody() {
        assertThat(protocol.empty()).isEmpty();
    }

    // ------------------------------------------------------------------ config

    @Test
    void app_validatesFieldsByName() {
        assertThatThrownBy(() -> new WeComApp("a", "ww1", "1", "t", "short", "")).hasMessageContaining("aesKey does not decode to 32 bytes")
                .hasMessageContaining("[wecom app a]").hasMessageNotContaining("short");
        assertThatThrownBy(() -> new WeComApp("a", "ww1", "x1", "t", KEY, "")).hasMessageContaining("agentId");
        assertThatThrownBy(() -> new WeComApp("a", "", "1", "t", KEY, "")).hasMessageContaining("corpId");
        assertThat(APP.toString()).doesNotContain(TOKEN).doesNotContain(KEY).doesNotContain("app-secret");
    }
}
