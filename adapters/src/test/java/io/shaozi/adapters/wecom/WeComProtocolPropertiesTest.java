package io.shaozi.adapters.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class WeComProtocolPropertiesTest {
    static final List<String> FIXTURES = List.of("text.xml", "image.xml", "voice.xml", "location.xml", "link.xml",
            "event_subscribe.xml", "event_enter_agent.xml", "event_click.xml", "event_view.xml", "event_location.xml",
            "event_scancode_push.xml", "event_change_contact.xml", "text.json");
    final WeComProtocol protocol = new WeComProtocol(WeComProtocolTest.APP, WeComProtocolTest.CLOCK);

    @Provide
    Arbitrary<String> fixtures() {
        return Arbitraries.of(FIXTURES);
    }

    @Provide
    Arbitrary<Map<String, String>> queries() {
        return Arbitraries.maps(Arbitraries.of("msg_signature", "timestamp", "nonce", "echostr"),
                Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60), Arbitraries.just(Long.toString(WeComProtocolTest.NOW)))).ofMaxSize(4);
    }

    @Property(tries = 500)
    void parseAndVerify_neverThrowOnArbitraryRequests(@ForAll("queries") Map<String, String> q, @ForAll byte[] body, @ForAll String text) {
        // no valid msg_signature can come out of random queries: every outcome is a refusal
        assertThat(protocol.parse(q, body)).isInstanceOf(ParseOutcome.Rejected.class);
        assertThat(protocol.parse(q, ("{\"encrypt\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ParseOutcome.Rejected.class);
        assertThat(protocol.verifyUrl(q)).isInstanceOf(VerifyOutcome.Rejected.class);
    }

    @Property(tries = 500)
    void parse_neverThrowsOnMutatedSignedPayloads(@ForAll("fixtures") String fixture, @ForAll @IntRange(min = 0, max = 2000) int pos,
                                                  @ForAll @IntRange(min = 1, max = 255) int mask, @ForAll boolean json) {
        byte[] raw = WeComProtocolTest.resource("wecom/" + fixture).getBytes(StandardCharsets.UTF_8);
        raw[pos % raw.length] ^= (byte) mask;
        String mutated = new String(raw, StandardCharsets.UTF_8);
        WeComProtocolTest.Req r = json ? WeComProtocolTest.jsonRequest(mutated) : WeComProtocolTest.xmlRequest(mutated);
        ParseOutcome o = protocol.parse(r.query(), r.body());
        assertThat(o).isInstanceOfAny(ParseOutcome.Parsed.class, ParseOutcome.Rejected.class);
        if (o instanceof ParseOutcome.Rejected rej) {
            assertThat(rej.httpStatus()).isIn(400, 403);
        }
    }

    @Property(tries = 300)
    void anyTamperedCiphertextOrSignature_isRejected(@ForAll("fixtures") String fixture, @ForAll @IntRange(min = 0, max = 5000) int pos,
                                                     @ForAll boolean tamperSignature) {
        WeComProtocolTest.Req r = WeComProtocolTest.jsonRequest(WeComProtocolTest.resource("wecom/" + fixture));
        Map<String, String> q = new java.util.HashMap<>(r.query());
        String body = new String(r.body(), StandardCharsets.UTF_8);
        if (tamperSignature) {
            char[] sig = q.get("msg_signature").toCharArray();
            int i = pos % sig.length;
            sig[i] = sig[i] == '0' ? '1' : '0';
            q.put("msg_signature", new String(sig));
        } else {
            int start = body.indexOf("\"encrypt\":\"") + "\"encrypt\":\"".length();
            int end = body.indexOf('"', start);
            int i = start + pos % (end - start);
            body = body.substring(0, i) + (body.charAt(i) == 'A' ? 'B' : 'A') + body.substring(i + 1);
        }
        assertThat(protocol.parse(q, body.getBytes(StandardCharsets.UTF_8))).isInstanceOf(ParseOutcome.Rejected.class);
    }
}
