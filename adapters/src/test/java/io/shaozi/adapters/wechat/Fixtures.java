package io.shaozi.adapters.wechat;

import io.shaozi.adapters.crypto.MsgCrypt;
import io.shaozi.adapters.crypto.Sealed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Test helpers: golden payloads and signed requests as WeChat would send them. */
final class Fixtures {
    static final String APP_ID = "wxb11529c136998cb6";
    static final String TOKEN = "pamtest";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final long NOW = 1_700_000_030L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

    private Fixtures() {
    }

    static WeChatAccount account(Mode mode) {
        return new WeChatAccount("cy-17", APP_ID, TOKEN, AES_KEY, mode, "secret-xyz");
    }

    static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A signed plaintext-mode request query. */
    static Map<String, String> plainQuery(String timestamp, String nonce) {
        Map<String, String> q = new HashMap<>();
        q.put("signature", MsgCrypt.sha1Sorted(TOKEN, timestamp, nonce));
        q.put("timestamp", timestamp);
        q.put("nonce", nonce);
        q.put("openid", "oia2TjjewbmiOUlr6X-1crbLOvLw");
        return q;
    }

    /** A safe-mode request: query plus encrypted body of {@code innerXml}. */
    record Request(Map<String, String> query, byte[] body) {
    }

    static Request safe(String innerXml, String timestamp, String nonce) {
        Sealed s = new MsgCrypt(TOKEN, AES_KEY, APP_ID).encrypt(innerXml, nonce, timestamp);
        Map<String, String> q = plainQuery(timestamp, nonce);
        q.put("encrypt_type", "aes");
        q.put("msg_signature", s.msgSignature());
        String body = "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><Encrypt><![CDATA[" + s.encrypt()
                + "]]></Encrypt></xml>";
        return new Request(q, body.getBytes(StandardCharsets.UTF_8));
    }

    static Request safe(String innerXml) {
        return safe(innerXml, Long.toString(NOW), "1320562132");
    }

    static Request plain(String xml) {
        return new Request(plainQuery(Long.toString(NOW), "1320562132"), xml.getBytes(StandardCharsets.UTF_8));
    }
}
