package io.shaozi.adapters.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DingEnvelopeTest {
    // V-DT-01 (protocol-vectors.md): DingTalk's published callback sample
    static final String TOKEN = "123456";
    static final String AES_KEY = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij";
    static final String RECEIVE_ID = "suite4xxxxxxxxxxxxxxx";
    static final String TIMESTAMP = "1445827045067";
    static final String NONCE = "nEXhMP4r";
    static final String ENCRYPT = "1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==";
    static final String SIGNATURE = "5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0";
    static final String PLAINTEXT = "{\"EventType\":\"check_create_suite_url\",\"Random\":\"LPIdSnlF\",\"TestSuiteKey\":\"suite4xxxxxxxxxxxxxxx\"}";

    final DingEnvelope envelope = new DingEnvelope(TOKEN, AES_KEY, RECEIVE_ID, new SecureRandom());

    @Test
    void envelope_signatureMatchesVDT01() {
        assertThat(envelope.signature(TIMESTAMP, NONCE, ENCRYPT)).isEqualTo(SIGNATURE);
        assertThat(envelope.verify(SIGNATURE, TIMESTAMP, NONCE, ENCRYPT)).isTrue();
        assertThat(envelope.verify(SIGNATURE.replace('5', '6'), TIMESTAMP, NONCE, ENCRYPT)).isFalse();
    }

    @Test
    void envelope_decryptsVDT01AndReEncryptsByteForByte() throws Exception {
        DingEnvelope.Opened opened = envelope.open(ENCRYPT);
        assertThat(opened.message()).isEqualTo(PLAINTEXT);
        assertThat(new String(opened.random(), StandardCharsets.US_ASCII)).isEqualTo("hU3bEfGZZewzhG5a");
        assertThat(envelope.seal(opened.random(), opened.message())).isEqualTo(ENCRYPT);
    }

    @Test
    void envelope_rejectsOtherReceiveId() {
        DingEnvelope other = new DingEnvelope(TOKEN, AES_KEY, "dingcorp-other", new SecureRandom());
        assertThatThrownBy(() -> other.open(ENCRYPT)).isInstanceOf(DingEnvelope.Failure.class)
                .hasMessage("receive id mismatch");
    }

    @Test
    void envelope_rejectsTamperedCiphertext() {
        byte[] raw = Base64.getDecoder().decode(ENCRYPT);
        raw[raw.length - 1] ^= 1;
        assertThatThrownBy(() -> envelope.open(Base64.getEncoder().encodeToString(raw)))
                .isInstanceOf(DingEnvelope.Failure.class);
        assertThatThrownBy(() -> envelope.open("not base64!")).isInstanceOf(DingEnvelope.Failure.class);
        assertThatThrownBy(() -> envelope.open("")).isInstanceOf(DingEnvelope.Failure.class);
        assertThatThrownBy(() -> envelope.open("AAAA")).isInstanceOf(DingEnvelope.Failure.class);
    }

    @Test
    void envelope_roundTripsChineseTextCountingBytes() throws Exception {
        String msg = "{\"text\":\"我是中文abcd123\"}";
        assertThat(envelope.open(envelope.seal(msg)).message()).isEqualTo(msg);
    }

    @Test
    void envelope_acceptsPadValues1And32AndNonAsciiRandom() throws Exception {
        byte[] random = new byte[16];
        for (int i = 0; i < 16; i++) {
            random[i] = (byte) (0x80 + i);
        }
        int fixed = 20 + RECEIVE_ID.length();
        // pad 32: total content a multiple of 32; pad 1: one byte short of a multiple
        String pad32 = "x".repeat(64 - fixed);
        String pad1 = "x".repeat(64 - fixed - 1);
        assertThat(lastByte(envelope.seal(random, pad32))).isEqualTo(32);
        assertThat(lastByte(envelope.seal(random, pad1))).isEqualTo(1);
        assertThat(envelope.open(envelope.seal(random, pad32)).message()).isEqualTo(pad32);
        assertThat(envelope.open(envelope.seal(random, pad1)).random()).isEqualTo(random);
    }

    @Test
    void envelope_rejectsForgedLength() throws Exception {
        // a correctly padded plaintext whose msgLen claims more bytes than present
        byte[] plain = ByteBuffer.allocate(64).put(new byte[16]).putInt(1000).put(new byte[12]).array();
        for (int i = 32; i < 64; i++) {
            plain[i] = 32;
        }
        assertThatThrownBy(() -> envelope.open(rawEncrypt(plain))).isInstanceOf(DingEnvelope.Failure.class)
                .hasMessage("message length exceeds plaintext");
        byte[] badPad = plain.clone();
        badPad[40] = 7;
        assertThatThrownBy(() -> envelope.open(rawEncrypt(badPad))).isInstanceOf(DingEnvelope.Failure.class)
                .hasMessage("bad padding");
    }

    @Test
    void envelope_rejectsBadKeysAtConfigTime() {
        assertThatThrownBy(() -> DingEnvelope.decodeKey("abc", "aesKey")).hasMessageContaining("aesKey");
        assertThatThrownBy(() -> DingEnvelope.decodeKey("!".repeat(43), "aesKey")).hasMessageContaining("aesKey");
    }

    private static int lastByte(String encrypt) throws Exception {
        byte[] key = DingEnvelope.decodeKey(AES_KEY, "k");
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        byte[] p = c.doFinal(Base64.getDecoder().decode(encrypt));
        return p[p.length - 1] & 0xff;
    }

    private static String rawEncrypt(byte[] plain) throws Exception {
        byte[] key = DingEnvelope.decodeKey(AES_KEY, "k");
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return Base64.getEncoder().encodeToString(c.doFinal(plain));
    }
}
