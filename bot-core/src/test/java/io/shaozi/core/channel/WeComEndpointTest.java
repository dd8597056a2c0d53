package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.app.TestServer;
import io.shaozi.core.testing.MutableClock;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /wecom/{app} over real sockets: encrypted echostr, encrypted delivery and reply, with the CorpID as receive id. */
class WeComEndpointTest {
    static final String TOKEN = "QDG6eK";
    static final String AES = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String CORP = "wx5823bf96d3bd56c7";

    @TempDir
    static Path dir;
    static TestServer server;
    static final MutableClock CLOCK = MutableClock.at("2026-11-28T08:00:00Z");
    static final WeChatSimulator WECOM = new WeChatSimulator(TOKEN, AES, CORP);

    @BeforeAll
    static void start() throws Exception {
        Path cfg = dir.resolve("wecom.yaml");
        Files.writeString(cfg, """
                channels:
                  wecom:
                    apps:
                      - {id: street, corpId: %s, agentId: "1000002", token: %s, aesKey: %s}
                """.formatted(CORP, TOKEN, AES));
        server = TestServer.start(dir.resolve("data"), Optional.of(cfg), Map.of(), CLOCK, b -> b);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String ts() {
        return Long.toString(CLOCK.instant().getEpochSecond());
    }

    @Test
    void urlVerification_answersTheDecryptedEchostr() throws Exception {
        String echo = WECOM.encrypt("echo-wecom-42");
        String ts = ts();
        String q = "msg_signature=" + WeChatSimulator.sha1Sorted(TOKEN, ts, "n1", echo) + "&timestamp=" + ts
                + "&nonce=n1&echostr=" + URLEncoder.encode(echo, StandardCharsets.UTF_8);
        HttpResponse<String> r = server.get("/wecom/street?" + q);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("echo-wecom-42");
        String bad = q.replace("msg_signature=", "msg_signature=0");
        assertThat(server.get("/wecom/street?" + bad).statusCode()).isEqualTo(403);
    }

    @Test
    void encryptedText_getsAnEncryptedReply() throws Exception {
        String inner = "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><FromUserName><![CDATA[lisi]]>"
                + "</FromUserName><CreateTime>" + ts() + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[帮助]]></Content><MsgId>7001</MsgId><AgentID>1000002</AgentID></xml>";
        String enc = WECOM.encrypt(inner);
        String ts = ts();
        String q = "msg_signature=" + WeChatSimulator.sha1Sorted(TOKEN, ts, "n2", enc) + "&timestamp=" + ts + "&nonce=n2";
        String body = "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><Encrypt><![CDATA[" + enc
                + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
        HttpResponse<String> r = server.post("/wecom/street?" + q, body, Map.of("Content-Type", "text/xml"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String reply = WECOM.openReply(r.body());
        assertThat(WeChatSimulator.field(reply, "ToUserName")).isEqualTo("lisi");
        assertThat(WeChatSimulator.field(reply, "Content")).contains("常用");
        HttpResponse<String> stale = server.post("/wecom/street?" + q.replace("timestamp=" + ts, "timestamp=1"), body,
                Map.of());
        assertThat(stale.statusCode()).isEqualTo(403);
    }

    @Test
    void retryUnderTheSameSignature_isAnsweredTheSame_evenInTheOtherOuterShape() throws Exception {
        String inner = "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><FromUserName><![CDATA[wangwu]]>"
                + "</FromUserName><CreateTime>" + ts() + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[帮助]]></Content><MsgId>7101</MsgId><AgentID>1000002</AgentID></xml>";
        String enc = WECOM.encrypt(inner);
        String ts = ts();
        String q = "msg_signature=" + WeChatSimulator.sha1Sorted(TOKEN, ts, "n3", enc) + "&timestamp=" + ts + "&nonce=n3";
        String body = "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><Encrypt><![CDATA[" + enc
                + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
        HttpResponse<String> first = server.post("/wecom/street?" + q, body, Map.of());
        HttpResponse<String> retry = server.post("/wecom/street?" + q, body, Map.of());
        HttpResponse<String> reshaped = server.post("/wecom/street?" + q,
                "{\"tousername\":\"" + CORP + "\",\"encrypt\":\"" + enc + "\",\"agentid\":\"1000002\"}", Map.of());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(WeChatSimulator.field(WECOM.openReply(retry.body()), "Content"))
                .isEqualTo(WeChatSimulator.field(WECOM.openReply(first.body()), "Content"));
        // the signature covers the ciphertext, so the same signature carries the same message: a retry
        assertThat(reshaped.statusCode()).isEqualTo(200);
    }
}
