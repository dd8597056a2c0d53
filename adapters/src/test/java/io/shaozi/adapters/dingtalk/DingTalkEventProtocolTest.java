package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.testkit.MutableClock;
import io.shaozi.adapters.common.JsonTree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.crypto.DecryptResult;
import io.shaozi.adapters.crypto.MsgCrypt;
import io.shaozi.adapters.crypto.Sealed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DingTalkEventProtocolTest {
    // V-DT-01 (known-answer vector): DingTalk's published callback sample
    static final String TOKEN = "123456";
    static final String AES_KEY = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij";
    static final String RECEIVE_ID = "suite4xxxxxxxxxxxxxxx";
    static final String TIMESTAMP = "1445827045067";
    static final String NONCE = "nEXhMP4r";
    static final String ENCRYPT = "1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==";
    static final String SIGNATURE = "5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0";

    static final DingTalkApp SAMPLE_APP = new DingTalkApp("isv", "suite4xxxxxxxxxxxxxxx", "secret",
            TOKEN, AES_KEY, RECEIVE_ID);
    static final DingTalkApp APP = new DingTalkApp("street-app", "dingappkey123", "appsecret-xyz", "tok3n",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "dingappkey123", Optional.of("123456789"));

    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1732768205000L));

    static byte[] body(String encrypt) {
        return ("{\"encrypt\":\"" + encrypt + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void event_answersPublishedCheckUrlSampleWithEncryptedSuccess() throws Exception {
        DingTalkEventProtocol p = new DingTalkEventProtocol(SAMPLE_APP, clock);
        // DingTalk's published sample uses the `signature` spelling
        EventOutcome o = p.handle(Map.of("signature", SIGNATURE, "timestamp",
                TIMESTAMP, "nonce", NONCE), body(ENCRYPT));
        assertThat(o).isInstanceOf(EventOutcome.CheckUrl.class);
        assertSuccessBody(((EventOutcome.CheckUrl) o).encryptedSuccessBody(), SAMPLE_APP);
    }

    @Test
    void event_acceptsBothParameterSpellings() {
        DingTalkEventProtocol p = new DingTalkEventProtocol(SAMPLE_APP, clock);
        Map<String, String> q = Map.of("msg_signature", SIGNATURE, "timeStamp",
                TIMESTAMP, "nonce", NONCE);
        assertThat(p.handle(q, body(ENCRYPT))).isInstanceOf(EventOutcome.CheckUrl.class);
    }

    @Test
    void event_checkUrlAnswersWellInsideItsBudget() {
        DingTalkEventProtocol p = new DingTalkEventProtocol(SAMPLE_APP, clock);
        Map<String, String> q = Map.of("signature", SIGNATURE, "timestamp",
                TIMESTAMP, "nonce", NONCE);
        p.handle(q, body(ENCRYPT)); // warm up JCE
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            p.handle(q, body(ENCRYPT));
        }
        assertThat(Duration.ofNanos((System.nanoTime() - start) / 100)).isLessThan(Duration.ofMillis(150));
    }

    @Test
    void event_rejectsTamperedSignatureAndCiphertext() {
        DingTalkEventProtocol p = new DingTalkEventProtocol(SAMPLE_APP, clock);
        Map<String, String> q = new HashMap<>(Map.of("signature", SIGNATURE, "timestamp",
                TIMESTAMP, "nonce", NONCE));
        String tampered = "2" + ENCRYPT.substring(1);
        assertThat(p.handle(q, body(tampered))).isEqualTo(new EventOutcome.Rejected(401, "bad signature"));
        q.put("nonce", "other");
        assertThat(p.handle(q, body(ENCRYPT))).isEqualTo(new EventOutcome.Rejected(401, "bad signature"));
        assertThat(p.handle(Map.of(), body(ENCRYPT))).isInstanceOf(EventOutcome.Rejected.class);
        assertThat(p.handle(q, "{}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(EventOutcome.Rejected.class);
        assertThat(p.handle(q, new byte[DingTalkEventProtocol.MAX_BODY_BYTES + 1]))
                .isEqualTo(new EventOutcome.Rejected(413, "body too large"));
    }

    @Test
    void event_rejectsCiphertextForAnotherReceiveId() {
        DingTalkApp other = new DingTalkApp("x", "k", "s", TOKEN, AES_KEY, "dingcorp");
        EventOutcome o = new DingTalkEventProtocol(other, clock).handle(Map.of("signature", SIGNATURE,
                "timestamp", TIMESTAMP, "nonce", NONCE), body(ENCRYPT));
        assertThat(o).isEqualTo(new EventOutcome.Rejected(400, "bad envelope: receive_id_mismatch"));
    }

    @Test
    void event_parsesEventWithStableIdAcrossRedeliveries() {
        DingTalkEventProtocol p = new DingTalkEventProtocol(APP, clock);
        String plain = Golden.text("dingtalk/event-user-add-org.json");
        EventOutcome first = p.handle(signedQuery(APP, plain, "1732768200000", "n1"), lastBody);
        // DingTalk re-pushes: new random, nonce and timestamp, same event
        EventOutcome again = p.handle(signedQuery(APP, plain, "1732768260000", "n2"), lastBody);
        assertThat(first).isInstanceOfSatisfying(EventOutcome.Event.class, e -> {
            assertThat(e.inbound()).isInstanceOfSatisfying(Inbound.Event.class, ev -> {
                assertThat(ev.type()).isEqualTo("user_add_org");
                assertThat(ev.origin().user()).isEqualTo("manager7140");
                assertThat(ev.origin().account()).isEqualTo("street-app");
                assertThat(ev.origin().sentAt()).isEqualTo(Instant.ofEpochMilli(1732768200000L));
            });
            assertThat(e.eventId()).startsWith("sha256:").isEqualTo(e.inbound().origin().messageId());
            assertSuccessBody(e.encryptedSuccessBody(), APP);
        });
        assertThat(((EventOutcome.Event) again).eventId()).isEqualTo(((EventOutcome.Event) first).eventId());
    }

    @Test
    void event_usesPlatformEventIdWhenPresent() {
        DingTalkEventProtocol p = new DingTalkEventProtocol(APP, clock);
        String plain = "{\"EventType\":\"bpms_task_change\",\"EventId\":\"evt-42\",\"processInstanceId\":\"pi-1\","
                + "\"staffId\":\"manager7140\"}";
        EventOutcome o = p.handle(signedQuery(APP, plain, "1732768200000", "n"), lastBody);
        assertThat(o).isInstanceOfSatisfying(EventOutcome.Event.class, e -> {
            assertThat(e.eventId()).isEqualTo("evt-42");
            assertThat(((Inbound.Event) e.inbound()).key()).contains("pi-1");
        });
    }

    @Test
    void event_refusesStaleTimestampOnlyWhenWindowConfigured() {
        String plain = Golden.text("dingtalk/event-user-add-org.json");
        String old = Long.toString(clock.millis() - Duration.ofHours(2).toMillis());
        DingTalkEventProtocol windowed = new DingTalkEventProtocol(APP, clock, Duration.ofHours(1));
        assertThat(windowed.handle(signedQuery(APP, plain, old, "n"), lastBody))
                .isEqualTo(new EventOutcome.Rejected(401, "stale timestamp"));
        assertThat(new DingTalkEventProtocol(APP, clock).handle(signedQuery(APP, plain, old, "n"), lastBody))
                .isInstanceOf(EventOutcome.Event.class);
    }

    @Test
    void event_rejectsDecryptedGarbage() {
        DingTalkEventProtocol p = new DingTalkEventProtocol(APP, clock);
        assertThat(p.handle(signedQuery(APP, "not json", "1", "n"), lastBody))
                .isEqualTo(new EventOutcome.Rejected(400, "decrypted event is not a JSON object"));
        assertThat(p.handle(signedQuery(APP, "{\"a\":1}", "1", "n"), lastBody))
                .isEqualTo(new EventOutcome.Rejected(400, "missing EventType"));
    }

    private byte[] lastBody;

    /** Seals {@code plain} like DingTalk would and returns the signed query; the body goes to lastBody. */
    Map<String, String> signedQuery(DingTalkApp app, String plain, String ts, String nonce) {
        Sealed s = new MsgCrypt(app.token(), app.aesKey(), app.receiveId()).encrypt(plain, nonce, ts);
        lastBody = body(s.encrypt());
        return Map.of("msg_signature", s.msgSignature(), "timestamp", ts, "nonce", nonce);
    }

    static void assertSuccessBody(String json, DingTalkApp app) {
        try {
            JsonNode n = JsonTree.MAPPER.readTree(json);
            MsgCrypt env = new MsgCrypt(app.token(), app.aesKey(), app.receiveId());
            assertThat(n.path("timeStamp").asText()).matches("[0-9]{13}");
            DecryptResult r = env.verifyAndDecrypt(n.path("msg_signature").asText(), n.path("timeStamp").asText(),
                    n.path("nonce").asText(), n.path("encrypt").asText());
            assertThat(r).isInstanceOfSatisfying(DecryptResult.Decrypted.class,
                    d -> assertThat(d.message()).isEqualTo("success"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
