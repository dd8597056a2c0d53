package io.shaozi.adapters.feishu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.dingtalk.Golden;
import io.shaozi.adapters.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeishuProtocolTest {
    static final String TOKEN = "v-token-abc";
    static final String KEY = "test key";
    static final FeishuApp PLAIN_APP = new FeishuApp("street", "cli_9f5343c580712544", "secret", TOKEN, Optional.empty());
    static final FeishuApp ENC_APP = new FeishuApp("street", "cli_9f5343c580712544", "secret", TOKEN, Optional.of(KEY));
    static final byte[] IV = new byte[16];

    final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1732768210L));
    final FeishuProtocol plain = new FeishuProtocol(PLAIN_APP, clock, Duration.ofMinutes(5));
    final FeishuProtocol encrypted = new FeishuProtocol(ENC_APP, clock, Duration.ofMinutes(5));

    EventOutcome.Event event(String resource) {
        EventOutcome o = plain.handle(Map.of(), Golden.bytes(resource));
        assertThat(o).isInstanceOf(EventOutcome.Event.class);
        return (EventOutcome.Event) o;
    }

    /** Encrypts {@code json} as Feishu does and signs the body at the clock's time. */
    Map<String, String> signedHeaders(byte[] body, String nonce) {
        String ts = Long.toString(clock.instant().getEpochSecond());
        return Map.of("X-Lark-Request-Timestamp", ts, "X-Lark-Request-Nonce", nonce,
                "X-Lark-Signature", FeishuCrypto.signature(ts, nonce, KEY, body));
    }

    static byte[] encryptedBody(String json) {
        return ("{\"encrypt\":\"" + FeishuCrypto.encrypt(KEY, IV, json) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void feishu_decryptsDocumentedHelloWorldVectorVFS01() {
        assertThat(FeishuCrypto.decrypt("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="))
                .contains("hello world");
        assertThat(FeishuCrypto.decrypt("other key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=")).isEmpty();
    }

    @Test
    void feishu_decryptsOpensslEncryptedFullEvent() {
        String expected = Golden.text("feishu/event-text.json").replace("\n", "");
        assertThat(FeishuCrypto.decrypt(KEY, Golden.text("feishu/event-text.encrypted.b64"))).contains(expected);
        assertThat(FeishuCrypto.encrypt(KEY, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, expected))
                .isEqualTo(Golden.text("feishu/event-text.encrypted.b64"));
    }

    @Test
    void feishu_signatureMatchesIndependentSha256OverRawBody() {
        byte[] body = Golden.bytes("feishu/event-text.encrypted-body.json");
        assertThat(FeishuCrypto.signature("1732768210", "13579", KEY, body))
                .isEqualTo(Golden.text("feishu/event-text.encrypted-body.sig"));
    }

    @Test
    void feishu_acceptsSignedEncryptedEventAndParsesText() {
        byte[] body = Golden.bytes("feishu/event-text.encrypted-body.json");
        Map<String, String> headers = Map.of("x-lark-request-timestamp", "1732768210", "x-lark-request-nonce", "13579",
                "x-lark-signature", Golden.text("feishu/event-text.encrypted-body.sig"));
        EventOutcome o = encrypted.handle(headers, body);
        assertThat(o).isInstanceOfSatisfying(EventOutcome.Event.class, e -> {
            assertThat(e.eventId()).isEqualTo("5e3702a84e847582be8db7fb73283c02");
            assertThat(e.inbound()).isInstanceOfSatisfying(Inbound.Text.class,
                    t -> assertThat(t.text()).isEqualTo("3号楼电梯坏了，请处理"));
        });
    }

    @Test
    void feishu_parsesPlainTextMessageWithOpenIdAndEventIdAsMessageId() {
        EventOutcome.Event e = event("feishu/event-text.json");
        Inbound.Text t = (Inbound.Text) e.inbound();
        assertThat(t.text()).isEqualTo("3号楼电梯坏了，请处理");
        assertThat(t.origin().channel()).isEqualTo(Channel.FEISHU);
        assertThat(t.origin().account()).isEqualTo("street");
        assertThat(t.origin().user()).isEqualTo("ou_84aad35d084aa403a838cf73ee18467");
        assertThat(t.origin().messageId()).isEqualTo("5e3702a84e847582be8db7fb73283c02");
        assertThat(t.origin().sentAt()).isEqualTo(Instant.ofEpochMilli(1732768199000L));
        assertThat(e.replyTo()).contains(new ReplyTarget(ReceiveIdType.CHAT_ID, "oc_5ce6d572455d361153b7cb5xxfsdfsdfdsf"));
    }

    @Test
    void feishu_parsesOtherMessageTypes() {
        assertThat(event("feishu/event-image.json").inbound()).isInstanceOfSatisfying(Inbound.Image.class,
                i -> assertThat(i.mediaId()).isEqualTo("img_v2_041b28e3-5680-48c2-9af2-497ace79333g"));
        assertThat(event("feishu/event-post.json").inbound()).isInstanceOfSatisfying(Inbound.Text.class,
                t -> assertThat(t.text()).isEqualTo("噪音扰民\n工地夜间施工\n现场视频"));
        assertThat(event("feishu/event-audio.json").inbound()).isInstanceOfSatisfying(Inbound.Voice.class,
                v -> assertThat(v.mediaId()).isEqualTo("file_v2_audio_1"));
        assertThat(event("feishu/event-location.json").inbound()).isInstanceOfSatisfying(Inbound.Location.class, l -> {
            assertThat(l.latitude()).isEqualTo(39.914888);
            assertThat(l.longitude()).isEqualTo(116.403874);
            assertThat(l.label()).isEqualTo("东城区交道口街道");
        });
    }

    @Test
    void feishu_mapsChatEnteredAndMenuClickToEvents() {
        EventOutcome.Event entered = event("feishu/event-p2p-entered.json");
        assertThat(entered.inbound()).isInstanceOfSatisfying(Inbound.Event.class,
                ev -> assertThat(ev.type()).isEqualTo("bot_p2p_chat_entered"));
        EventOutcome.Event menu = event("feishu/event-menu.json");
        assertThat(menu.inbound()).isInstanceOfSatisfying(Inbound.Event.class, ev -> {
            assertThat(ev.type()).isEqualTo("click");
            assertThat(ev.key()).contains("my_tickets");
        });
        assertThat(menu.replyTo()).contains(new ReplyTarget(ReceiveIdType.OPEN_ID, "ou_84aad35d084aa403a838cf73ee18467"));
    }

    @Test
    void feishu_ignoresMessagesFromAppsAndUnhandledEvents() {
        assertThat(plain.handle(Map.of(), Golden.bytes("feishu/event-from-app.json")))
                .isEqualTo(new EventOutcome.Ignored("im.message.receive_v1"));
        assertThat(plain.handle(Map.of(), Golden.bytes("feishu/event-other.json")))
                .isEqualTo(new EventOutcome.Ignored("im.chat.member.user.added_v1"));
    }

    @Test
    void feishu_answersPlainUrlVerification() {
        assertThat(plain.handle(Map.of(), Golden.bytes("feishu/url-verification.json")))
                .isEqualTo(new EventOutcome.Challenge("{\"challenge\":\"ajls384kdjx98XX\"}"));
    }

    @Test
    void feishu_answersEncryptedUrlVerificationWithoutSignature() {
        byte[] body = ("{\"encrypt\":\"" + Golden.text("feishu/url-verification.encrypted.b64") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(encrypted.handle(Map.of(), body))
                .isEqualTo(new EventOutcome.Challenge("{\"challenge\":\"ajls384kdjx98XX\"}"));
    }

    @Test
    void feishu_rejectsUrlVerificationWithWrongToken() {
        byte[] body = "{\"challenge\":\"x\",\"token\":\"wrong\",\"type\":\"url_verification\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(plain.handle(Map.of(), body)).isEqualTo(new EventOutcome.Rejected(401, "bad verification token"));
        assertThat(encrypted.handle(Map.of(), encryptedBody(new String(body, StandardCharsets.UTF_8))))
                .isEqualTo(new EventOutcome.Rejected(401, "bad verification token"));
    }

    @Test
    void feishu_rejectsEventWithWrongToken() {
        String forged = Golden.text("feishu/event-text.json").replace(TOKEN, "forged");
        assertThat(plain.handle(Map.of(), forged.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new EventOutcome.Rejected(401, "bad verification token"));
    }

    @Test
    void feishu_rejectsUnsignedEncryptedEvent() {
        byte[] body = encryptedBody(Golden.text("feishu/event-text.json"));
        assertThat(encrypted.handle(Map.of(), body)).isEqualTo(new EventOutcome.Rejected(401, "missing X-Lark-Signature"));
    }

    @Test
    void feishu_rejectsTamperedSignatureOrBody() {
        byte[] body = encryptedBody(Golden.text("feishu/event-text.json"));
        Map<String, String> h = new HashMap<>(signedHeaders(body, "n1"));
        assertThat(encrypted.handle(h, body)).isInstanceOf(EventOutcome.Event.class);
        byte[] tampered = body.clone();
        tampered[tampered.length - 3] ^= 1;
        assertThat(encrypted.handle(h, tampered)).isEqualTo(new EventOutcome.Rejected(401, "bad signature"));
        // JSON re-serialisation with a space changes the bytes: the signature is over the raw body
        byte[] respaced = new String(body, StandardCharsets.UTF_8).replace("{\"encrypt\":", "{\"encrypt\": ")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(encrypted.handle(h, respaced)).isEqualTo(new EventOutcome.Rejected(401, "bad signature"));
        h.put("X-Lark-Request-Nonce", "n2");
        assertThat(encrypted.handle(h, body)).isEqualTo(new EventOutcome.Rejected(401, "bad signature"));
    }

    @Test
    void feishu_rejectsStaleSignedTimestamp() {
        byte[] body = encryptedBody(Golden.text("feishu/event-text.json"));
        Map<String, String> h = signedHeaders(body, "n1");
        clock.advance(Duration.ofMinutes(6));
        assertThat(encrypted.handle(h, body)).isEqualTo(new EventOutcome.Rejected(401, "stale timestamp"));
    }

    @Test
    void feishu_refusesDowngradeToPlaintextWhenEncryptKeyConfigured() {
        assertThat(encrypted.handle(Map.of(), Golden.bytes("feishu/event-text.json")))
                .isEqualTo(new EventOutcome.Rejected(400, "plaintext body but an encryptKey is configured"));
        assertThat(plain.handle(Map.of(), encryptedBody("{}")))
                .isEqualTo(new EventOutcome.Rejected(400, "encrypted body but no encryptKey configured"));
    }

    @Test
    void feishu_rejectsUndecryptableCiphertext() {
        byte[] body = "{\"encrypt\":\"P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = signedHeaders(body, "n");
        assertThat(encrypted.handle(h, body)).isEqualTo(new EventOutcome.Rejected(400, "cannot decrypt body"));
        byte[] garbage = "{\"encrypt\":\"!!!\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(encrypted.handle(signedHeaders(garbage, "n"), garbage)).isInstanceOf(EventOutcome.Rejected.class);
    }

    @Test
    void feishu_rejectsOversizeAndMalformedBodies() {
        assertThat(plain.handle(Map.of(), new byte[FeishuProtocol.MAX_BODY_BYTES + 1]))
                .isEqualTo(new EventOutcome.Rejected(413, "body too large"));
        assertThat(plain.handle(Map.of(), "nope".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new EventOutcome.Rejected(400, "body is not a JSON object"));
        String noId = Golden.text("feishu/event-text.json").replace("\"event_id\":\"5e3702a84e847582be8db7fb73283c02\",", "");
        assertThat(plain.handle(Map.of(), noId.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new EventOutcome.Rejected(400, "missing header.event_id or header.event_type"));
    }

    @Test
    void feishu_redeliveryKeepsTheSameEventId() {
        byte[] first = encryptedBody(Golden.text("feishu/event-text.json"));
        EventOutcome a = encrypted.handle(signedHeaders(first, "n1"), first);
        clock.advance(Duration.ofMinutes(1));
        byte[] again = ("{\"encrypt\":\"" + FeishuCrypto.encrypt(KEY, new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
                9, 9}, Golden.text("feishu/event-text.json")) + "\"}").getBytes(StandardCharsets.UTF_8);
        EventOutcome b = encrypted.handle(signedHeaders(again, "n2"), again);
        assertThat(((EventOutcome.Event) b).inbound().origin().dedupeKey())
                .isEqualTo(((EventOutcome.Event) a).inbound().origin().dedupeKey())
                .isEqualTo("feishu:street:5e3702a84e847582be8db7fb73283c02");
    }

    @Test
    void feishu_stripsMentionPlaceholders() {
        assertThat(FeishuProtocol.stripMentions("@_user_1 你好 @_user_12 世界")).isEqualTo("你好 世界");
    }

    @Test
    void feishuConfig_rejectsBlankFieldsNamingThem() {
        assertThatThrownBy(() -> new FeishuApp("a", "cli", "s", " ", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("verificationToken");
        assertThatThrownBy(() -> new FeishuApp("a", "cli", "s", "t", Optional.of("")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encryptKey");
        assertThatThrownBy(() -> new FeishuProtocol(PLAIN_APP, clock, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThat(ENC_APP.toString()).doesNotContain(KEY).doesNotContain("secret,");
    }
}
