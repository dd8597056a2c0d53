package io.shaozi.core.channel;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The WeChat side of the protocol, written independently of Shaozi's adapters from docs/platform-notes.md section 1–2: it
 * signs, encrypts deliveries and decrypts/verifies our replies with nothing but the JDK.
 */
final class WeChatSimulator {
    final String token;
    final String appId;
    private final byte[] key;
    private final SecureRandom random = new SecureRandom();

    WeChatSimulator(String token, String encodingAesKey, String appId) {
        this.token = token;
        this.appId = appId;
        this.key = encodingAesKey.isEmpty() ? new byte[0] : Base64.getDecoder().decode(encodingAesKey + "=");
    }

    static String sha1Sorted(String... parts) throws Exception {
        String[] p = parts.clone();
        Arrays.sort(p);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(String.join("", p).getBytes(StandardCharsets.UTF_8)));
    }

    String encrypt(String xml) throws Exception {
        byte[] msg = xml.getBytes(StandardCharsets.UTF_8);
        byte[] id = appId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        byte[] r = new byte[16];
        random.nextBytes(r);
        plain.write(r);
        plain.write(ByteBuffer.allocate(4).putInt(msg.length).array());
        plain.write(msg);
        plain.write(id);
        int pad = 32 - plain.size() % 32;
        for (int i = 0; i < pad; i++) {
            plain.write(pad);
        }
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return Base64.getEncoder().encodeToString(c.doFinal(plain.toByteArray()));
    }

    String decrypt(String b64) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        byte[] p = c.doFinal(Base64.getDecoder().decode(b64));
        int pad = p[p.length - 1];
        byte[] content = Arrays.copyOfRange(p, 16, p.length - pad);
        int len = ByteBuffer.wrap(content, 0, 4).getInt();
        String msg = new String(content, 4, len, StandardCharsets.UTF_8);
        String receiver = new String(content, 4 + len, content.length - 4 - len, StandardCharsets.UTF_8);
        if (!receiver.equals(appId)) {
            throw new IllegalStateException("reply for another appId: " + receiver);
        }
        return msg;
    }

    /** Query string of a delivery: plain signature always; msg_signature and encrypt_type in safe/compat-aes. */
    String deliveryQuery(long timestamp, String nonce, String openId, String encrypt) throws Exception {
        String q = "signature=" + sha1Sorted(token, Long.toString(timestamp), nonce) + "&timestamp=" + timestamp
                + "&nonce=" + nonce + "&openid=" + openId;
        if (encrypt != null) {
            q += "&encrypt_type=aes&msg_signature=" + sha1Sorted(token, Long.toString(timestamp), nonce, encrypt);
        }
        return q;
    }

    static String textXml(String toUser, String fromUser, long createTime, String content, long msgId) {
        return "<xml><ToUserName><![CDATA[" + toUser + "]]></ToUserName><FromUserName><![CDATA[" + fromUser
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
    }

    static String imageXml(String toUser, String fromUser, long createTime, String mediaId, long msgId) {
        return "<xml><ToUserName><![CDATA[" + toUser + "]]></ToUserName><FromUserName><![CDATA[" + fromUser
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[image]]></MsgType>"
                + "<PicUrl><![CDATA[http://mmbiz.qpic.cn/" + mediaId + "]]></PicUrl><MediaId><![CDATA[" + mediaId
                + "]]></MediaId><MsgId>" + msgId + "</MsgId></xml>";
    }

    static String voiceXml(String toUser, String fromUser, long createTime, String mediaId, long msgId) {
        return "<xml><ToUserName><![CDATA[" + toUser + "]]></ToUserName><FromUserName><![CDATA[" + fromUser
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
                + "<MediaId><![CDATA[" + mediaId + "]]></MediaId><Format><![CDATA[amr]]></Format><MsgId>" + msgId
                + "</MsgId></xml>";
    }

    static String envelope(String toUser, String encrypt) {
        return "<xml><ToUserName><![CDATA[" + toUser + "]]></ToUserName><Encrypt><![CDATA[" + encrypt
                + "]]></Encrypt></xml>";
    }

    static String field(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">(?:<!\\[CDATA\\[)?(.*?)(?:\\]\\]>)?</" + name + ">", Pattern.DOTALL)
                .matcher(xml);
        if (!m.find()) {
            throw new IllegalStateException("no <" + name + "> in " + xml);
        }
        return m.group(1);
    }

    /** Verifies and opens an encrypted passive reply; returns the inner XML. */
    String openReply(String replyXml) throws Exception {
        String encrypt = field(replyXml, "Encrypt");
        String sig = field(replyXml, "MsgSignature");
        String ts = field(replyXml, "TimeStamp");
        String nonce = field(replyXml, "Nonce");
        if (!sha1Sorted(token, ts, nonce, encrypt).equals(sig)) {
            throw new IllegalStateException("bad reply signature");
        }
        return decrypt(encrypt);
    }
}
