package io.shaozi.adapters.wechat;

import static io.shaozi.adapters.wechat.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.crypto.DecryptResult;
import io.shaozi.adapters.crypto.MsgCrypt;
import io.shaozi.adapters.xml.SafeXml;
import io.shaozi.adapters.xml.XmlResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class WeChatProtocolTest {
    final WeChatProtocol safe = new WeChatProtocol(account(Mode.SAFE), CLOCK);
    final WeChatProtocol plain = new WeChatProtocol(account(Mode.PLAIN), CLOCK);
    final WeChatProtocol compat = new WeChatProtocol(account(Mode.COMPAT), CLOCK);

    static Origin origin(String id, long t) {
        return new Origin(Channel.WECHAT, "cy-17", "oia2TjjewbmiOUlr6X-1crbLOvLw", id, Instant.ofEpochSecond(t));
    }

    Inbound parsedSafe(String fixture) {
        Fixtures.Request r = Fixtures.safe(resource("wechat/" + fixture));
        ParseOutcome o = safe.parse(r.query(), r.body());
        assertThat(o).as(fixture).isInstanceOf(ParseOutcome.Parsed.class);
        return ((ParseOutcome.Parsed) o).inbound();
    }

    // ------------------------------------------------------------------ URL verification

    @ParameterizedTest
    @EnumSource(Mode.class)
    void verifyUrl_echoesPlainEchostrExactlyInEveryMode(Mode mode) {
        Map<String, String> q = plainQuery(Long.toString(NOW), "nonce9");
        q.put("echostr", "5837397520665436492");
        assertThat(new WeChatProtocol(account(mode), CLOCK).verifyUrl(q)).isEqualTo(new VerifyOutcome.Echo("5837397520665436492"));
    }

    @Test
    void verifyUrl_acceptsWechatpyKnownAnswerSignature_V_WX_04() {
        WeChatProtocol p = new WeChatProtocol(new WeChatAccount("a", "wx1", "test", "", Mode.PLAIN, ""),
                java.time.Clock.fixed(Instant.ofEpochSecond(1410685589L), java.time.ZoneOffset.UTC));
        Map<String, String> q = Map.of("signature", "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", "timestamp", "1410685589",
                "nonce", "test", "echostr", "hello");
        assertThat(p.verifyUrl(q)).isEqualTo(new VerifyOutcome.Echo("hello"));
        Map<String, String> bad = new HashMap<>(q);
        bad.put("signature", "f21891de399b4e33a1a93c9a7b8a8fffb5a443fe");
        assertThat(p.verifyUrl(bad)).isEqualTo(new VerifyOutcome.Rejected(403, "bad signature"));
    }

    @Test
    void verify_rejectsStaleTimestamp() {
        Map<String, String> q = plainQuery(Long.toString(NOW - 301), "n");
        q.put("echostr", "x");
        assertThat(safe.verifyUrl(q)).isEqualTo(new VerifyOutcome.Rejected(403, "stale timestamp"));
        Map<String, String> future = plainQuery(Long.toString(NOW + 301), "n");
        future.put("echostr", "x");
        assertThat(safe.verifyUrl(future)).isEqualTo(new VerifyOutcome.Rejected(403, "stale timestamp"));
        Map<String, String> edge = plainQuery(Long.toString(NOW - 300), "n");
        edge.put("echostr", "x");
        assertThat(safe.verifyUrl(edge)).isEqualTo(new VerifyOutcome.Echo("x"));
    }

    @Test
    void verify_usesConfiguredWindow() {
        WeChatProtocol tight = new WeChatProtocol(account(Mode.SAFE), CLOCK, Duration.ofSeconds(10));
        Map<String, String> q = plainQuery(Long.toString(NOW - 11), "n");
        q.put("echostr", "x");
        assertThat(tight.verifyUrl(q)).isEqualTo(new VerifyOutcome.Rejected(403, "stale timestamp"));
    }

    @Test
    void verify_rejectsMissingParametersAndNonNumericTimestamp() {
        assertThat(safe.verifyUrl(Map.of())).isInstanceOf(VerifyOutcome.Rejected.class);
        Map<String, String> q = plainQuery("17e8", "n");
        q.put("echostr", "x");
        assertThat(safe.verifyUrl(q)).isEqualTo(new VerifyOutcome.Rejected(403, "timestamp is not a number"));
    }

    // ------------------------------------------------------------------ golden payloads

    @Test
    void parse_text() {
        assertThat(parsedSafe("text.xml")).isEqualTo(new Inbound.Text(origin("23456789012345678", 1700000000), "楼道灯坏了，3号楼2单元"));
    }

    @Test
    void parse_image() {
        assertThat(parsedSafe("image.xml")).isEqualTo(new Inbound.Image(origin("23456789012345679", 1700000001),
                "media_id_image_1", Optional.of("http://mmbiz.qpic.cn/mmbiz_jpg/abc/0")));
    }

    @Test
    void parse_voiceWithAndWithoutRecognition() {
        assertThat(parsedSafe("voice.xml")).isEqualTo(new Inbound.Voice(origin("23456789012345680", 1700000002),
                "media_id_voice_1", Optional.of("小区门口垃圾没人清理")));
        assertThat(parsedSafe("voice_no_recognition.xml")).isEqualTo(new Inbound.Voice(origin("23456789012345681", 1700000003),
                "media_id_voice_2", Optional.empty()));
    }

    @Test
    void parse_location() {
        assertThat(parsedSafe("location.xml")).isEqualTo(new Inbound.Location(origin("23456789012345682", 1700000004),
                39.915119, 116.403963, 16, "北京市东城区东华门街道"));
    }

    @Test
    void parse_link() {
        assertThat(parsedSafe("link.xml")).isEqualTo(new Inbound.Link(origin("23456789012345683", 1700000005),
                "停车位改造公示", "社区公告", "https://example.org/notice/1"));
    }

    @Test
    void parse_unsupportedMessageTypeIsUnknownNotAnError() {
        assertThat(parsedSafe("video.xml")).isEqualTo(new Inbound.Unknown(origin("23456789012345684", 1700000006), "shortvideo"));
    }

    @Test
    void parse_subscribeEvents() {
        assertThat(parsedSafe("event_subscribe.xml")).isEqualTo(new Inbound.Event(
                origin("oia2TjjewbmiOUlr6X-1crbLOvLw:1700000007:subscribe:", 1700000007), "subscribe", Optional.empty()));
        assertThat(parsedSafe("event_subscribe_qrscene.xml")).isEqualTo(new Inbound.Event(
                origin("oia2TjjewbmiOUlr6X-1crbLOvLw:1700000008:subscribe:qrscene_community_17", 1700000008), "subscribe",
                Optional.of("community_17")));
        assertThat(parsedSafe("event_unsubscribe.xml")).isEqualTo(new Inbound.Event(
                origin("oia2TjjewbmiOUlr6X-1crbLOvLw:1700000009:unsubscribe:", 1700000009), "unsubscribe", Optional.empty()));
    }

    @Test
    void parse_upperCaseEventsAreNormalised() {
        assertThat(parsedSafe("event_scan.xml")).isEqualTo(new Inbound.Event(
                origin("oia2TjjewbmiOUlr6X-1crbLOvLw:1700000010:scan:community_17", 1700000010), "scan", Optional.of("community_17")));
        assertThat(parsedSafe("event_click.xml")).isEqualTo(new Inbound.Event(
                origin("oia2TjjewbmiOUlr6X-1crbLOvLw:1700000011:click:MY_TICKETS", 1700000011), "click", Optional.of("MY_TICKETS")));
        assertThat(parsedSafe("event_view.xml")).isEqualTo(new Inbound.Event(
                origin("oia2TjjewbmiOUlr6X-1crbLOvLw:1700000012:view:https://example.org/guide", 1700000012), "view",
                Optional.of("https://example.org/guide")));
    }

    @Test
    void parse_locationEventBecomesLocation() {
        assertThat(parsedSafe("event_location.xml")).isEqualTo(new Inbound.Location(
                origin("oia2TjjewbmiOUlr6X-1crbLOvLw:1700000013:location:", 1700000013), 39.908860, 116.397390, 0, ""));
    }

    @Test
    void parse_unknownEventIsUnknown() {
        assertThat(parsedSafe("event_templatesendjobfinish.xml")).isEqualTo(new Inbound.Unknown(
                origin("oia2TjjewbmiOUlr6X-1crbLOvLw:1700000014:templatesendjobfinish:", 1700000014), "event/templatesendjobfinish"));
    }

    @Test
    void parse_retryOfSameMessageHasSameDedupeKey() {
        Inbound a = parsedSafe("text.xml");
        Fixtures.Request retry = Fixtures.safe(resource("wechat/text.xml"), Long.toString(NOW + 5), "999");
        Inbound b = ((ParseOutcome.Parsed) safe.parse(retry.query(), retry.body())).inbound();
        assertThat(b.origin().dedupeKey()).isEqualTo(a.origin().dedupeKey()).isEqualTo("wechat:cy-17:23456789012345678");
    }

    @Test
    void parse_replyContextCarriesIdsAndMode() {
        Fixtures.Request r = Fixtures.safe(resource("wechat/text.xml"));
        ParseOutcome.Parsed p = (ParseOutcome.Parsed) safe.parse(r.query(), r.body());
        assertThat(p.ctx()).isEqualTo(new ReplyContext("cy-17", "oia2TjjewbmiOUlr6X-1crbLOvLw", "gh_7f083739789a", true, "1320562132", false));
    }

    // ------------------------------------------------------------------ modes and signatures

    @Test
    void parse_plainModeReadsClearXml() {
        Fixtures.Request r = Fixtures.plain(resource("wechat/text.xml"));
        ParseOutcome o = plain.parse(r.query(), r.body());
        assertThat(o).isInstanceOf(ParseOutcome.Parsed.class);
        assertThat(((ParseOutcome.Parsed) o).ctx().encrypted()).isFalse();
    }

    @Test
    void parse_safeModeRefusesDowngradeToPlaintext() {
        Fixtures.Request r = Fixtures.plain(resource("wechat/text.xml"));
        assertThat(safe.parse(r.query(), r.body())).isEqualTo(new ParseOutcome.Rejected(403, "plaintext message refused: account is in safe mode"));
    }

    @Test
    void parse_compatModeAcceptsBothAndUsesTheEnvelope() {
        Fixtures.Request clear = Fixtures.plain(resource("wechat/text.xml"));
        assertThat(compat.parse(clear.query(), clear.body())).isInstanceOf(ParseOutcome.Parsed.class);
        // compat body carries plaintext fields and <Encrypt>: the authenticated envelope wins
        Fixtures.Request enc = Fixtures.safe(resource("wechat/text.xml"));
        String body = new String(enc.body(), StandardCharsets.UTF_8).replace("<xml>",
                "<xml><FromUserName><![CDATA[forged]]></FromUserName><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[forged]]></Content>");
        ParseOutcome.Parsed p = (ParseOutcome.Parsed) compat.parse(enc.query(), body.getBytes(StandardCharsets.UTF_8));
        assertThat(((Inbound.Text) p.inbound()).text()).isEqualTo("楼道灯坏了，3号楼2单元");
        assertThat(p.ctx().encrypted()).isTrue();
    }

    @Test
    void parse_plainModeRefusesEncryptedRequest() {
        Fixtures.Request r = Fixtures.safe(resource("wechat/text.xml"));
        assertThat(plain.parse(r.query(), r.body())).isInstanceOf(ParseOutcome.Rejected.class);
    }

    @Test
    void parse_rejectsBadQuerySignature() {
        Fixtures.Request r = Fixtures.safe(resource("wechat/text.xml"));
        Map<String, String> q = new HashMap<>(r.query());
        q.put("signature", "0".repeat(40));
        assertThat(safe.parse(q, r.body())).isEqualTo(new ParseOutcome.Rejected(403, "bad signature"));
    }

    @Test
    void parse_rejectsBadMsgSignature() {
        Fixtures.Request r = Fixtures.safe(resource("wechat/text.xml"));
        Map<String, String> q = new HashMap<>(r.query());
        q.put("msg_signature", "0".repeat(40));
        assertThat(safe.parse(q, r.body())).isEqualTo(new ParseOutcome.Rejected(403, "envelope refused: BAD_SIGNATURE"));
    }

    @Test
    void parse_rejectsEnvelopeForAnotherAppId() {
        String inner = resource("wechat/text.xml");
        var s = new MsgCrypt(TOKEN, AES_KEY, "wxOTHERAPPID00000").encrypt(inner, "1320562132", Long.toString(NOW));
        Map<String, String> q = plainQuery(Long.toString(NOW), "1320562132");
        q.put("encrypt_type", "aes");
        q.put("msg_signature", s.msgSignature());
        byte[] body = ("<xml><Encrypt><![CDATA[" + s.encrypt() + "]]></Encrypt></xml>").getBytes(StandardCharsets.UTF_8);
        assertThat(safe.parse(q, body)).isEqualTo(new ParseOutcome.Rejected(403, "envelope refused: RECEIVE_ID_MISMATCH"));
    }

    @Test
    void parse_rejectsStaleTimestamp() {
        Fixtures.Request r = Fixtures.safe(resource("wechat/text.xml"), Long.toString(NOW - 1000), "1");
        assertThat(safe.parse(r.query(), r.body())).isEqualTo(new ParseOutcome.Rejected(403, "stale timestamp"));
    }

    @Test
    void parse_refusesXxeAndBillionLaughsWith400() {
        for (String f : List.of("wechat/xxe.xml", "wechat/billion_laughs.xml")) {
            Fixtures.Request r = Fixtures.plain(resource(f));
            ParseOutcome o = plain.parse(r.query(), r.body());
            assertThat(o).as(f).isEqualTo(new ParseOutcome.Rejected(400, "XML refused: DOCTYPE not allowed"));
            // inside the envelope as well
            Fixtures.Request e = Fixtures.safe(resource(f));
            assertThat(safe.parse(e.query(), e.body())).as(f).isEqualTo(new ParseOutcome.Rejected(400, "inner XML refused: DOCTYPE not allowed"));
        }
    }

    @Test
    void parse_refusesOversizeBodyWith413() {
        WeChatProtocol small = new WeChatProtocol(account(Mode.PLAIN), CLOCK, Duration.ofSeconds(300), new SafeXml(1024, 100, 8));
        Fixtures.Request r = Fixtures.plain("<xml>" + "a".repeat(2000) + "</xml>");
        assertThat(small.parse(r.query(), r.body())).isEqualTo(new ParseOutcome.Rejected(413, "body larger than 1024 bytes"));
    }

    @Test
    void parse_rejectsMissingRequiredFields() {
        Fixtures.Request r = Fixtures.plain("<xml><MsgType>text</MsgType><CreateTime>1</CreateTime></xml>");
        assertThat(plain.parse(r.query(), r.body())).isEqualTo(new ParseOutcome.Rejected(400, "missing FromUserName"));
        assertThat(plain.parse(r.query(), new byte[0])).isEqualTo(new ParseOutcome.Rejected(400, "empty body"));
    }

    // ------------------------------------------------------------------ render

    @Test
    void render_plainTextReplySwapsIds() {
        ReplyContext ctx = new ReplyContext("cy-17", "oUser", "gh_abc", false, "n", false);
        String xml = plain.render(ctx, new Outbound.Text("已受理，工单号 2026112800012"));
        assertThat(xml).isEqualTo("<xml><ToUserName><![CDATA[oUser]]></ToUserName><FromUserName><![CDATA[gh_abc]]></FromUserName>"
                + "<CreateTime>" + NOW + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[已受理，工单号 2026112800012]]></Content></xml>");
    }

    @Test
    void render_newsReplyLimitsArticlesForMessages() {
        Outbound.Article a = new Outbound.Article("标题", "描述", "https://img/1.png", "https://example.org/1");
        Outbound.Article b = new Outbound.Article("二", "", "", "https://example.org/2");
        String forMessage = plain.render(new ReplyContext("cy-17", "oUser", "gh_abc", false, "n", false), new Outbound.News(List.of(a, b)));
        XmlResult.Parsed p = (XmlResult.Parsed) SafeXml.defaults().parse(forMessage);
        assertThat(p.text("MsgType")).isEqualTo("news");
        assertThat(p.text("ArticleCount")).isEqualTo("1");
        assertThat(p.text("Articles/item/Title")).isEqualTo("标题");
        assertThat(p.text("Articles/item/PicUrl")).isEqualTo("https://img/1.png");
        String forEvent = plain.render(new ReplyContext("cy-17", "oUser", "gh_abc", false, "n", true), new Outbound.News(List.of(a, b)));
        assertThat(((XmlResult.Parsed) SafeXml.defaults().parse(forEvent)).text("ArticleCount")).isEqualTo("2");
        assertThat(plain.render(new ReplyContext("cy-17", "oUser", "gh_abc", false, "n", true), new Outbound.News(List.of()))).isEqualTo("success");
    }

    @Test
    void render_safeModeReplyIsEncryptedAndVerifiable() {
        Fixtures.Request r = Fixtures.safe(resource("wechat/text.xml"));
        ParseOutcome.Parsed p = (ParseOutcome.Parsed) safe.parse(r.query(), r.body());
        String body = safe.render(p.ctx(), new Outbound.Text("收到 ]]> <b>"));
        XmlResult.Parsed outer = (XmlResult.Parsed) SafeXml.defaults().parse(body);
        assertThat(outer.fields().keySet()).containsExactlyInAnyOrder("Encrypt", "MsgSignature", "TimeStamp", "Nonce");
        assertThat(outer.text("Nonce")).isEqualTo("1320562132");
        assertThat(outer.text("TimeStamp")).isEqualTo(Long.toString(NOW));
        MsgCrypt c = new MsgCrypt(TOKEN, AES_KEY, APP_ID);
        DecryptResult d = c.verifyAndDecrypt(outer.text("MsgSignature"), outer.text("TimeStamp"), outer.text("Nonce"), outer.text("Encrypt"));
        XmlResult.Parsed inner = (XmlResult.Parsed) SafeXml.defaults().parse(((DecryptResult.Decrypted) d).message());
        assertThat(inner.text("ToUserName")).isEqualTo("oia2TjjewbmiOUlr6X-1crbLOvLw");
        assertThat(inner.text("FromUserName")).isEqualTo("gh_7f083739789a");
        assertThat(inner.text("Content")).isEqualTo("收到 ]]> <b>");
    }

    @Test
    void render_otherOutboundKindsBecomeText() {
        ReplyContext ctx = new ReplyContext("cy-17", "oUser", "gh_abc", false, "n", false);
        String card = plain.render(ctx, new Outbound.Card("新工单", "请签收", List.of(new Outbound.Button("签收", "https://x/1"))));
        assertThat(((XmlResult.Parsed) SafeXml.defaults().parse(card)).text("Content")).isEqualTo("新工单\n请签收\n签收: https://x/1");
        String md = plain.render(ctx, new Outbound.Markdown("通知", "**停水**"));
        assertThat(((XmlResult.Parsed) SafeXml.defaults().parse(md)).text("Content")).isEqualTo("通知\n**停水**");
    }

    @Test
    void render_truncatesOverlongTextOnCodePointBoundary() {
        ReplyContext ctx = new ReplyContext("cy-17", "oUser", "gh_abc", false, "n", false);
        String xml = plain.render(ctx, new Outbound.Text("长".repeat(1000)));
        String content = ((XmlResult.Parsed) SafeXml.defaults().parse(xml)).text("Content");
        assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2000);
        assertThat(content).endsWith("…");
    }

    @Test
    void empty_isSuccess() {
        assertThat(safe.empty()).isEqualTo("success");
    }

    // ------------------------------------------------------------------ config

    @Test
    void account_rejectsBadAesKeyNamingTheField() {
        assertThatThrownBy(() -> new WeChatAccount("a", "wx1", "t", "tooShort", Mode.SAFE, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aesKey does not decode to 32 bytes");
        assertThatThrownBy(() -> new WeChatAccount("a", "wx1", "t", "", Mode.COMPAT, ""))
                .hasMessageContaining("aesKey does not decode to 32 bytes");
        assertThatThrownBy(() -> new WeChatAccount("a", "", "t", AES_KEY, Mode.SAFE, "")).hasMessageContaining("appId");
        assertThatThrownBy(() -> Mode.fromConfig("secure")).hasMessageContaining("mode");
        assertThat(new WeChatAccount("a", "wx1", "t", "", Mode.PLAIN, "").aesKey()).isEmpty();
        assertThat(Mode.fromConfig("Safe")).isEqualTo(Mode.SAFE);
    }

    @Test
    void account_toStringMasksSecrets() {
        assertThat(account(Mode.SAFE).toString()).doesNotContain(TOKEN).doesNotContain(AES_KEY).doesNotContain("secret-xyz");
    }
}
