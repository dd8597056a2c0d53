package io.shaozi.adapters.feishu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.dingtalk.Golden;
import io.shaozi.adapters.dingtalk.JsonArbitraries;
import io.shaozi.adapters.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Random input never makes the Feishu parser throw: the answer is always a typed outcome. */
class FeishuFuzzTest {
    final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1732768210L));
    final FeishuProtocol plain = new FeishuProtocol(FeishuProtocolTest.PLAIN_APP, clock, Duration.ofMinutes(5));
    final FeishuProtocol encrypted = new FeishuProtocol(FeishuProtocolTest.ENC_APP, clock, Duration.ofMinutes(5));

    static void typed(EventOutcome o) {
        assertThat(o).isNotNull().isInstanceOfAny(EventOutcome.Challenge.class, EventOutcome.Event.class,
                EventOutcome.Ignored.class, EventOutcome.Rejected.class);
    }

    Map<String, String> signed(byte[] body) {
        String ts = Long.toString(clock.instant().getEpochSecond());
        return Map.of("X-Lark-Request-Timestamp", ts, "X-Lark-Request-Nonce", "n",
                "X-Lark-Signature", FeishuCrypto.signature(ts, "n", FeishuProtocolTest.KEY, body));
    }

    @Property(tries = 300)
    void feishu_randomBytesNeverThrow(@ForAll @Size(max = 2000) byte[] body) {
        typed(plain.handle(Map.of(), body));
        typed(encrypted.handle(signed(body), body));
    }

    @Property(tries = 250)
    void feishu_randomJsonNeverThrows(@ForAll("objects") JsonNode body) {
        typed(plain.handle(Map.of(), body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 500)
    void feishu_mutatedGoldenPayloadsNeverThrow(@ForAll("mutations") String body) {
        typed(plain.handle(Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 300)
    void feishu_randomEncryptedJsonNeverThrows(@ForAll("mutations") String inner) {
        byte[] body = FeishuProtocolTest.encryptedBody(inner);
        typed(encrypted.handle(signed(body), body));
        typed(encrypted.handle(Map.of(), body));
    }

    @Property(tries = 300)
    void feishu_randomCiphertextNeverThrows(@ForAll @StringLength(max = 300) String encrypt) {
        assertThat(FeishuCrypto.decrypt(FeishuProtocolTest.KEY, encrypt)).isNotNull();
        String e = encrypt.replace("\"", "").replace("\\", "");
        byte[] body = ("{\"encrypt\":\"" + e + "\"}").getBytes(StandardCharsets.UTF_8);
        typed(encrypted.handle(signed(body), body));
    }

    @Property(tries = 200)
    void feishu_randomHeadersNeverThrow(@ForAll @StringLength(max = 20) String ts, @ForAll @StringLength(max = 70) String sig) {
        byte[] body = FeishuProtocolTest.encryptedBody(Golden.text("feishu/event-text.json"));
        typed(encrypted.handle(Map.of("X-Lark-Request-Timestamp", ts, "X-Lark-Request-Nonce", "n", "X-Lark-Signature", sig),
                body));
    }

    @Property(tries = 100)
    void feishu_encryptDecryptRoundTrips(@ForAll @StringLength(max = 500) String text) {
        String wellFormed = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(FeishuCrypto.decrypt("k", FeishuCrypto.encrypt("k", new byte[16], wellFormed)))
                .isEqualTo(Optional.of(wellFormed));
    }

    @Provide
    Arbitrary<JsonNode> objects() {
        return JsonArbitraries.objects();
    }

    @Provide
    Arbitrary<String> mutations() {
        return Arbitraries.of("feishu/event-text.json", "feishu/event-image.json", "feishu/event-post.json",
                "feishu/event-audio.json", "feishu/event-location.json", "feishu/event-menu.json",
                "feishu/event-p2p-entered.json", "feishu/url-verification.json")
                .flatMap(r -> JsonArbitraries.mutationsOf(Golden.text(r)));
    }
}
