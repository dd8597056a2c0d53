package io.shaozi.adapters.wechat;

import static io.shaozi.adapters.wechat.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Outbound;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Fuzz/property tests: the parser never throws, tampering is always rejected, render → parse round-trips. */
class WeChatProtocolPropertiesTest {
    static final List<String> FIXTURES = List.of("text.xml", "image.xml", "voice.xml", "voice_no_recognition.xml", "location.xml",
            "link.xml", "video.xml", "event_subscribe.xml", "event_subscribe_qrscene.xml", "event_unsubscribe.xml", "event_scan.xml",
            "event_click.xml", "event_view.xml", "event_location.xml", "event_templatesendjobfinish.xml");
    final WeChatProtocol safe = new WeChatProtocol(account(Mode.SAFE), CLOCK);
    final WeChatProtocol plain = new WeChatProtocol(account(Mode.PLAIN), CLOCK);

    @Provide
    Arbitrary<String> fixtures() {
        return Arbitraries.of(FIXTURES);
    }

    @Provide
    Arbitrary<Map<String, String>> queries() {
        Arbitrary<String> keys = Arbitraries.of("signature", "timestamp", "nonce", "encrypt_type", "msg_signature", "echostr", "openid");
        return Arbitraries.maps(keys, Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(50), Arbitraries.of("aes", "raw", Long.toString(NOW))))
                .ofMaxSize(7);
    }

    @Property(tries = 500)
    void parse_neverThrowsOnArbitraryRequests(@ForAll("queries") Map<String, String> q, @ForAll byte[] body) {
        // no valid signature can come out of random queries: every outcome is a refusal
        assertThat(safe.parse(q, body)).isInstanceOf(ParseOutcome.Rejected.class);
        assertThat(plain.parse(q, body)).isInstanceOf(ParseOutcome.Rejected.class);
        assertThat(safe.verifyUrl(q)).isInstanceOf(VerifyOutcome.Rejected.class);
    }

    @Property(tries = 500)
    void parse_neverThrowsOnMutatedSignedPayloads(@ForAll("fixtures") String fixture, @ForAll @IntRange(min = 0, max = 2000) int pos,
                                                  @ForAll @IntRange(min = 1, max = 255) int mask) {
        byte[] xml = resource("wechat/" + fixture).getBytes(StandardCharsets.UTF_8);
        xml[pos % xml.length] ^= (byte) mask;
        String mutated = new String(xml, StandardCharsets.UTF_8);
        // signed and encrypted correctly, so only the inner parser/mapper sees the damage
        Fixtures.Request r = Fixtures.safe(mutated);
        ParseOutcome o = safe.parse(r.query(), r.body());
        assertThat(o).isInstanceOfAny(ParseOutcome.Parsed.class, ParseOutcome.Rejected.class);
        if (o instanceof ParseOutcome.Rejected rej) {
            assertThat(rej.httpStatus()).isEqualTo(400);
        }
        Fixtures.Request p = Fixtures.plain(mutated);
        ParseOutcome po = plain.parse(p.query(), p.body());
        assertThat(po).isInstanceOfAny(ParseOutcome.Parsed.class, ParseOutcome.Rejected.class);
        if (po instanceof ParseOutcome.Rejected rej) {
            assertThat(rej.httpStatus()).as("signed correctly: only the body can be wrong").isIn(400, 413);
        }
    }

    @Property(tries = 300)
    void anyTamperedEnvelopeCharacter_isRejected(@ForAll("fixtures") String fixture, @ForAll @IntRange(min = 0, max = 5000) int pos) {
        Fixtures.Request r = Fixtures.safe(resource("wechat/" + fixture));
        String body = new String(r.body(), StandardCharsets.UTF_8);
        int start = body.indexOf("<Encrypt><![CDATA[") + "<Encrypt><![CDATA[".length();
        int end = body.indexOf("]]></Encrypt>");
        int i = start + pos % (end - start);
        char c = body.charAt(i);
        char replacement = c == 'A' ? 'B' : 'A';
        String tampered = body.substring(0, i) + replacement + body.substring(i + 1);
        ParseOutcome o = safe.parse(r.query(), tampered.getBytes(StandardCharsets.UTF_8));
        assertThat(o).isInstanceOf(ParseOutcome.Rejected.class);
    }

    @Property(tries = 300)
    void anyTamperedSignatureCharacter_isRejected(@ForAll("fixtures") String fixture, @ForAll @IntRange(min = 0, max = 39) int pos,
                                                  @ForAll boolean querySignature) {
        Fixtures.Request r = Fixtures.safe(resource("wechat/" + fixture));
        Map<String, String> q = new HashMap<>(r.query());
        String key = querySignature ? "signature" : "msg_signature";
        char[] sig = q.get(key).toCharArray();
        sig[pos] = sig[pos] == '0' ? '1' : '0';
        q.put(key, new String(sig));
        ParseOutcome o = safe.parse(q, r.body());
        assertThat(o).isInstanceOf(ParseOutcome.Rejected.class);
        assertThat(((ParseOutcome.Rejected) o).httpStatus()).isEqualTo(403);
    }

    @Property(tries = 200)
    void renderedReply_isParseableAndCarriesTheText(@ForAll String text) {
        Fixtures.Request r = Fixtures.safe(resource("wechat/text.xml"));
        ParseOutcome.Parsed p = (ParseOutcome.Parsed) safe.parse(r.query(), r.body());
        String reply = safe.render(p.ctx(), new Outbound.Text(text));
        assertThat(io.shaozi.adapters.xml.SafeXml.defaults().parse(reply)).isInstanceOf(io.shaozi.adapters.xml.XmlResult.Parsed.class);
    }
}
