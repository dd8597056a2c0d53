package io.shaozi.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Known-answer vectors (computed per docs/platform-notes.md section 1, checked against the official samples) plus the section 1 pitfalls. */
class MsgCryptTest {

    // V-WX-01 (WxJava WxCryptUtilTest)
    static final String WX_TOKEN = "pamtest";
    static final String WX_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String WX_APPID = "wxb11529c136998cb6";

    // V-CP-01 / V-CP-02 (Tencent WeCom official sample)
    static final String CP_TOKEN = "QDG6eK";
    static final String CP_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String CP_CORP = "wx5823bf96d3bd56c7";
    static final String CP01_ENCRYPT = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
    static final String CP02_ENCRYPT = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
    static final String CP02_PLAIN = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>";

    // V-CP-05 (WeCom JSON sample)
    static final String CP05_ENCRYPT = "cjhLUX7UU4yCSelv1vz7T0zT8huF51bAMVWriNvO1FMegHrQZNrtvRxbwf0fUPsFvwqR0U0fgiJNEA5Y30F2MoI2S7vv3EjVQ68C0cjw9frBoUE2Hj0BvFp9h3u6Vbsg4lc1C8AtHdaN8orKuNKkLRLuYEL52R1J3v8olJGZRLnRdVKIivixmX/eQpzgeExtp20jI1HxRP1AAZ6xZoILdqDPO549LO4WeG+685JRUTdiwcY5fjZlqeMxuT4PpMn1X9OWsS7NRj06Wa5E3Tvg4twjWp39KPfOdRte6P1T4JU=";

    // V-DT-01 (DingTalk official callback sample; ms timestamp)
    static final String DT_ENCRYPT = "1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==";

    @Test
    void encrypt_reproducesWxJavaKnownAnswer_V_WX_01() {
        MsgCrypt c = new MsgCrypt(WX_TOKEN, WX_KEY, WX_APPID);
        String enc = c.encryptWithRandom("aaaabbbbccccdddd".getBytes(StandardCharsets.US_ASCII), "我是中文abcd123");
        assertThat(enc).isEqualTo("jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
        assertThat(c.decrypt(enc)).isEqualTo(new DecryptResult.Decrypted("我是中文abcd123", WX_APPID,
                "aaaabbbbccccdddd".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void sha1Sorted_matchesWxJavaVector_V_WX_03() {
        assertThat(MsgCrypt.sha1Sorted("123", "345")).isEqualTo("9f537aeb751ec72605f57f94a2f6dc3e3958e1dd");
        assertThat(MsgCrypt.sha1Sorted("345", "123")).isEqualTo("9f537aeb751ec72605f57f94a2f6dc3e3958e1dd");
    }

    @Test
    void plainSignature_matchesWechatpyVector_V_WX_04() {
        String sig = MsgCrypt.sha1Sorted("test", "1410685589", "test");
        assertThat(sig).isEqualTo("f21891de399b4e33a1a93c9a7b8a8fffb5a443ff");
        assertThat(MsgCrypt.constantTimeEquals(sig, "f21891de399b4e33a1a93c9a7b8a8fffb5a443fe")).isFalse();
    }

    @Test
    void verifyAndDecrypt_wecomEchostr_V_CP_01() {
        MsgCrypt c = new MsgCrypt(CP_TOKEN, CP_KEY, CP_CORP);
        assertThat(c.signature("1409659589", "263014780", CP01_ENCRYPT)).isEqualTo("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3");
        DecryptResult r = c.verifyAndDecrypt("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", CP01_ENCRYPT);
        assertThat(r).isInstanceOf(DecryptResult.Decrypted.class);
        DecryptResult.Decrypted d = (DecryptResult.Decrypted) r;
        assertThat(d.message()).isEqualTo("1616140317555161061");
        assertThat(new String(d.random(), StandardCharsets.ISO_8859_1)).isEqualTo("c41b64491c2468d0");
        assertThat(c.encryptWithRandom(d.random(), d.message())).isEqualTo(CP01_ENCRYPT);
    }

    @Test
    void decrypt_acceptsPadValueAbove16_V_CP_02() {
        MsgCrypt c = new MsgCrypt(CP_TOKEN, CP_KEY, CP_CORP);
        assertThat(lastPadByte(CP_KEY, CP02_ENCRYPT)).isEqualTo(30);
        DecryptResult r = c.verifyAndDecrypt("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", CP02_ENCRYPT);
        DecryptResult.Decrypted d = (DecryptResult.Decrypted) r;
        assertThat(d.message()).isEqualTo(CP02_PLAIN);
        assertThat(new String(d.random(), StandardCharsets.ISO_8859_1)).isEqualTo("0960688932c47ef1");
        assertThat(c.encryptWithRandom(d.random(), d.message())).isEqualTo(CP02_ENCRYPT);
    }

    @Test
    void decrypt_wecomJsonSample_V_CP_05() {
        MsgCrypt c = new MsgCrypt("hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", "ww1436e0e65a779aee");
        DecryptResult r = c.verifyAndDecrypt("e3647471e395139e2308c1fa963f2d648a00b90e", "1409659813", "1372623149", CP05_ENCRYPT);
        DecryptResult.Decrypted d = (DecryptResult.Decrypted) r;
        assertThat(d.message()).isEqualTo("{ \"ToUserName\": \"wx5823bf96d3bd56c7\", \"FromUserName\": :mycreate\", \"CreateTime\": 1409659813, \"MsgType\": \"text\", \"Content\": \"hello\", \"MsgId\": 4561255354251345929, \"AgentID\": 218}");
        assertThat(new String(d.random(), StandardCharsets.ISO_8859_1)).isEqualTo("dDVXRx6kn1gOT43Q");
        assertThat(c.encryptWithRandom(d.random(), d.message())).isEqualTo(CP05_ENCRYPT);
    }

    @Test
    void decrypt_dingTalkSampleWithMillisecondTimestamp_V_DT_01() {
        MsgCrypt c = new MsgCrypt("123456", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij", "suite4xxxxxxxxxxxxxxx");
        DecryptResult r = c.verifyAndDecrypt("5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0", "1445827045067", "nEXhMP4r", DT_ENCRYPT);
        DecryptResult.Decrypted d = (DecryptResult.Decrypted) r;
        assertThat(d.message()).isEqualTo("{\"EventType\":\"check_create_suite_url\",\"Random\":\"LPIdSnlF\",\"TestSuiteKey\":\"suite4xxxxxxxxxxxxxxx\"}");
        assertThat(c.encryptWithRandom(d.random(), d.message())).isEqualTo(DT_ENCRYPT);
    }

    @Test
    void decrypt_rejectsWrongReceiveId() {
        MsgCrypt other = new MsgCrypt(CP_TOKEN, CP_KEY, "wwSomeOtherCorp");
        DecryptResult r = other.decrypt(CP02_ENCRYPT);
        assertThat(r).isEqualTo(new DecryptResult.Failed(DecryptResult.Reason.RECEIVE_ID_MISMATCH,
                "receive id does not match the configured one"));
    }

    @Test
    void verifyAndDecrypt_rejectsBadSignatureBeforeDecoding() {
        MsgCrypt c = new MsgCrypt(CP_TOKEN, CP_KEY, CP_CORP);
        DecryptResult r = c.verifyAndDecrypt("0000000000000000000000000000000000000000", "1409659813", "1372623149", "!!not base64!!");
        assertThat(((DecryptResult.Failed) r).reason()).isEqualTo(DecryptResult.Reason.BAD_SIGNATURE);
        assertThat(((DecryptResult.Failed) c.verifyAndDecrypt(null, "1", "2", CP02_ENCRYPT)).reason())
                .isEqualTo(DecryptResult.Reason.BAD_SIGNATURE);
    }

    @Test
    void constructor_acceptsKeyWhoseLastCharCarriesNonZeroBits() {
        // 'G', 'C', 't', 'j' all carry non-zero bits in the two discarded positions.
        assertThat(MsgCrypt.decodeAesKey(CP_KEY, "aesKey")).hasSize(32);
        assertThat(MsgCrypt.decodeAesKey(WX_KEY + "=", "aesKey")).hasSize(32);
        assertThat(MsgCrypt.decodeAesKey("6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", "aesKey")).hasSize(32);
    }

    @Test
    void constructor_rejectsKeyNotDecodingTo32BytesNamingTheField() {
        assertThatThrownBy(() -> MsgCrypt.decodeAesKey("short", "aesKey"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aesKey does not decode to 32 bytes");
        assertThatThrownBy(() -> MsgCrypt.decodeAesKey("abcdefghijklmnopqrstuvwxyz0123456789ABCDE*G", "aesKey"))
                .hasMessageContaining("aesKey does not decode to 32 bytes");
        assertThatThrownBy(() -> new MsgCrypt("t", "x", "id")).hasMessageContaining("encodingAesKey does not decode to 32 bytes");
        assertThatThrownBy(() -> new MsgCrypt("", WX_KEY, "id")).hasMessageContaining("token");
        assertThatThrownBy(() -> new MsgCrypt("t", WX_KEY, "")).hasMessageContaining("receiveId");
    }

    @Test
    void encrypt_padsExactBlockMultipleWithAWhole32ByteBlock() {
        MsgCrypt c = new MsgCrypt(WX_TOKEN, WX_KEY, WX_APPID);
        // 16 + 4 + msg + 18 = 64  → msg of 26 bytes gives pad 32
        String msg = "x".repeat(26);
        String enc = c.encryptWithRandom(new byte[16], msg);
        assertThat(Base64.getDecoder().decode(enc)).hasSize(96);
        assertThat(lastPadByte(WX_KEY, enc)).isEqualTo(32);
        assertThat(((DecryptResult.Decrypted) c.decrypt(enc)).message()).isEqualTo(msg);
        // pad 1
        String one = "y".repeat(25);
        String enc1 = c.encryptWithRandom(new byte[16], one);
        assertThat(lastPadByte(WX_KEY, enc1)).isEqualTo(1);
        assertThat(((DecryptResult.Decrypted) c.decrypt(enc1)).message()).isEqualTo(one);
    }

    @Test
    void decrypt_acceptsNonAsciiRandomPrefix() {
        MsgCrypt c = new MsgCrypt(WX_TOKEN, WX_KEY, WX_APPID);
        byte[] random = new byte[16];
        for (int i = 0; i < 16; i++) {
            random[i] = (byte) (0x80 + i * 7);
        }
        String enc = c.encryptWithRandom(random, "消息");
        DecryptResult.Decrypted d = (DecryptResult.Decrypted) c.decrypt(enc);
        assertThat(d.random()).isEqualTo(random);
        assertThat(d.message()).isEqualTo("消息");
    }

    @Test
    void decrypt_rejectsForgedLengthFieldAndBadPadding() throws Exception {
        byte[] key = MsgCrypt.decodeAesKey(WX_KEY, "k");
        MsgCrypt c = new MsgCrypt(WX_TOKEN, WX_KEY, WX_APPID);
        // msgLen = 0x7fffffff
        byte[] pt = new byte[64];
        pt[16] = 0x7f; pt[17] = (byte) 0xff; pt[18] = (byte) 0xff; pt[19] = (byte) 0xff;
        for (int i = 40; i < 64; i++) pt[i] = 24;
        assertThat(reason(c.decrypt(rawEncrypt(key, pt)))).isEqualTo(DecryptResult.Reason.BAD_MESSAGE_LENGTH);
        // pad 0
        byte[] p0 = new byte[32];
        assertThat(reason(c.decrypt(rawEncrypt(key, p0)))).isEqualTo(DecryptResult.Reason.BAD_PADDING);
        // pad 33
        byte[] p33 = new byte[64];
        java.util.Arrays.fill(p33, (byte) 33);
        assertThat(reason(c.decrypt(rawEncrypt(key, p33)))).isEqualTo(DecryptResult.Reason.BAD_PADDING);
        // inconsistent pad bytes
        byte[] pin = new byte[32];
        pin[31] = 3; pin[30] = 3; pin[29] = 4;
        assertThat(reason(c.decrypt(rawEncrypt(key, pin)))).isEqualTo(DecryptResult.Reason.BAD_PADDING);
        // shorter than 20 bytes after removing pad
        byte[] shortPt = new byte[32];
        java.util.Arrays.fill(shortPt, 16, 32, (byte) 16);
        assertThat(reason(c.decrypt(rawEncrypt(key, shortPt)))).isEqualTo(DecryptResult.Reason.BAD_MESSAGE_LENGTH);
        // malformed UTF-8
        byte[] bad = new byte[64];
        bad[19] = 2; bad[20] = (byte) 0xc3; bad[21] = (byte) 0x28;
        byte[] rid = WX_APPID.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(rid, 0, bad, 22, rid.length);
        java.util.Arrays.fill(bad, 40, 64, (byte) 24);
        assertThat(reason(c.decrypt(rawEncrypt(key, bad)))).isEqualTo(DecryptResult.Reason.BAD_UTF8);
    }

    @Test
    void decrypt_rejectsLengthsThatAreNotMultiplesOf16AndGarbage() {
        MsgCrypt c = new MsgCrypt(WX_TOKEN, WX_KEY, WX_APPID);
        assertThat(reason(c.decrypt(""))).isEqualTo(DecryptResult.Reason.BAD_BASE64);
        assertThat(reason(c.decrypt(null))).isEqualTo(DecryptResult.Reason.BAD_BASE64);
        assertThat(reason(c.decrypt("%%%"))).isEqualTo(DecryptResult.Reason.BAD_BASE64);
        assertThat(reason(c.decrypt(Base64.getEncoder().encodeToString(new byte[15])))).isEqualTo(DecryptResult.Reason.BAD_LENGTH);
        assertThat(reason(c.decrypt(Base64.getEncoder().encodeToString(new byte[33])))).isEqualTo(DecryptResult.Reason.BAD_LENGTH);
    }

    @Test
    void encrypt_signsWithGivenTimestampAndNonce() {
        MsgCrypt c = new MsgCrypt(WX_TOKEN, WX_KEY, WX_APPID);
        Sealed s = c.encrypt("<xml/>", "nonce1", 1700000000L);
        assertThat(s.timestamp()).isEqualTo("1700000000");
        assertThat(s.msgSignature()).isEqualTo(MsgCrypt.signature(WX_TOKEN, "1700000000", "nonce1", s.encrypt()));
        assertThat(((DecryptResult.Decrypted) c.verifyAndDecrypt(s.msgSignature(), s.timestamp(), s.nonce(), s.encrypt())).message())
                .isEqualTo("<xml/>");
        assertThat(c.encrypt("<xml/>", "nonce1", 1700000000L).encrypt()).isNotEqualTo(s.encrypt());
    }

    @Test
    void toString_neverShowsSecrets() {
        assertThat(new MsgCrypt(WX_TOKEN, WX_KEY, WX_APPID).toString()).doesNotContain(WX_TOKEN).doesNotContain(WX_KEY);
    }

    static DecryptResult.Reason reason(DecryptResult r) {
        assertThat(r).isInstanceOf(DecryptResult.Failed.class);
        return ((DecryptResult.Failed) r).reason();
    }

    static String rawEncrypt(byte[] key, byte[] pt) throws Exception {
        Cipher ci = Cipher.getInstance("AES/CBC/NoPadding");
        ci.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(java.util.Arrays.copyOf(key, 16)));
        return Base64.getEncoder().encodeToString(ci.doFinal(pt));
    }

    static int lastPadByte(String aesKey, String enc) {
        try {
            byte[] key = MsgCrypt.decodeAesKey(aesKey, "k");
            Cipher ci = Cipher.getInstance("AES/CBC/NoPadding");
            ci.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(java.util.Arrays.copyOf(key, 16)));
            byte[] pt = ci.doFinal(Base64.getDecoder().decode(enc));
            return pt[pt.length - 1] & 0xff;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
