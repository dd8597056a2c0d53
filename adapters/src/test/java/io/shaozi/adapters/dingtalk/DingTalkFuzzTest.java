package io.shaozi.adapters.dingtalk;

import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.channel.RateLimit;
import io.shaozi.adapters.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.crypto.MsgCrypt;
import io.shaozi.adapters.crypto.Sealed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Random input never makes a DingTalk parser throw: the answer is always a typed outcome. */
class DingTalkFuzzTest {
    static final Instant NOW = Instant.ofEpochMilli(1732768205000L);
    final MutableClock clock = new MutableClock(NOW);
    final DingTalkRobotProtocol robot = new DingTalkRobotProtocol(DingTalkRobotProtocolTest.ROBOT, clock,
            Duration.ofHours(1), Set.of("oapi.dingtalk.com", "http://127.0.0.1:1"));
    final DingTalkEventProtocol events = new DingTalkEventProtocol(DingTalkEventProtocolTest.APP, clock);
    final MsgCrypt crypt = new MsgCrypt(DingTalkEventProtocolTest.APP.token(), DingTalkEventProtocolTest.APP.aesKey(),
            DingTalkEventProtocolTest.APP.receiveId());

    Map<String, String> signed() {
        return DingTalkRobotProtocolTest.signedHeaders(clock.millis());
    }

    static void typed(ParseOutcome o) {
        assertThat(o).isNotNull().isInstanceOfAny(ParseOutcome.Parsed.class, ParseOutcome.Rejected.class);
    }

    static void typed(EventOutcome o) {
        assertThat(o).isNotNull()
                .isInstanceOfAny(EventOutcome.CheckUrl.class, EventOutcome.Event.class, EventOutcome.Rejected.class);
    }

    @Property(tries = 300)
    void robot_randomBytesWithValidSignNeverThrow(@ForAll @Size(max = 2000) byte[] body) {
        typed(robot.parse(signed(), body));
    }

    @Property(tries = 250)
    void robot_randomJsonNeverThrows(@ForAll("objects") JsonNode body) {
        typed(robot.parse(signed(), body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 500)
    void robot_mutatedGoldenPayloadsNeverThrow(@ForAll("robotMutations") String body) {
        typed(robot.parse(signed(), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 300)
    void robot_randomHeadersNeverThrow(@ForAll @StringLength(max = 30) String ts, @ForAll @StringLength(max = 60) String sign,
                                       @ForAll @StringLength(max = 10) String name) {
        typed(robot.parse(Map.of("timestamp", ts, "sign", sign, name.isEmpty() ? "x" : name + "_", ts),
                Golden.bytes("dingtalk/robot-text.json")));
    }

    @Provide
    Arbitrary<JsonNode> objects() {
        return JsonArbitraries.objects();
    }

    @Provide
    Arbitrary<String> robotMutations() {
        return Arbitraries.of("dingtalk/robot-text.json", "dingtalk/robot-picture.json", "dingtalk/robot-richtext.json",
                "dingtalk/robot-audio.json", "dingtalk/robot-file.json")
                .flatMap(r -> JsonArbitraries.mutationsOf(Golden.text(r)));
    }

    @Property(tries = 300)
    void event_randomBytesAndQueryNeverThrow(@ForAll @Size(max = 1000) byte[] body,
                                             @ForAll @StringLength(max = 50) String sig,
                                             @ForAll @StringLength(max = 20) String ts) {
        typed(events.handle(Map.of("msg_signature", sig, "timestamp", ts, "nonce", "n"), body));
    }

    @Property(tries = 300)
    void event_randomCiphertextWithValidSignatureNeverThrows(@ForAll @StringLength(max = 400) String encrypt) {
        String enc = encrypt.replace("\"", "").replace("\\", "");
        String sig = crypt.signature("1", "n", enc);
        typed(events.handle(Map.of("msg_signature", sig, "timestamp", "1", "nonce", "n"),
                ("{\"encrypt\":\"" + enc + "\"}").getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 250)
    void event_randomDecryptedJsonNeverThrows(@ForAll("objects") JsonNode plain) {
        Sealed s = crypt.encrypt(plain.toString(), "n", "1732768200000");
        typed(events.handle(Map.of("msg_signature", s.msgSignature(), "timestamp", s.timestamp(), "nonce", s.nonce()),
                ("{\"encrypt\":\"" + s.encrypt() + "\"}").getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 300)
    void robot_acceptsExactlyTimestampsInsideTheWindow(
            @ForAll @net.jqwik.api.constraints.LongRange(min = -7_200_000L, max = 7_200_000L) long offsetMillis) {
        ParseOutcome o = robot.parse(DingTalkRobotProtocolTest.signedHeaders(clock.millis() + offsetMillis),
                Golden.bytes("dingtalk/robot-text.json"));
        if (Math.abs(offsetMillis) <= Duration.ofHours(1).toMillis()) {
            assertThat(o).isInstanceOf(ParseOutcome.Parsed.class);
        } else {
            assertThat(o).isEqualTo(new ParseOutcome.Rejected(401, "stale timestamp"));
        }
    }

    @Property(tries = 200)
    void robotSign_verifiesItsOwnSignOnly(@ForAll @StringLength(min = 1, max = 80) String secret,
                                          @ForAll @IntRange(min = 0, max = 1_000_000) int offset) {
        String ts = Long.toString(1732768205000L + offset);
        String sign = RobotSign.sign(secret, ts);
        assertThat(RobotSign.verify(secret, ts, sign)).isTrue();
        assertThat(RobotSign.verify(secret, Long.toString(1732768205000L + offset + 1), sign)).isFalse();
        assertThat(RobotSign.verify(secret + "x", ts, sign)).isFalse();
    }

    @Property(tries = 200)
    void limiter_neverAllowsMoreThanTheLimitInAnyWindowAndNeverDrops(
            @ForAll @Size(min = 1, max = 120) List<@IntRange(min = 0, max = 9000) Integer> gapsMillis) {
        MutableClock c = new MutableClock(NOW);
        Limiter limiter = Limiter.local(c);
        RateLimit groupRobot = DingTalkChannel.GROUP_ROBOT;
        ArrayDeque<Instant> granted = new ArrayDeque<>();
        int waiting = 0;
        for (int gap : gapsMillis) {
            c.advance(Duration.ofMillis(gap));
            waiting++;
            // the outbox drains everything that is due; what is not due keeps its place
            while (waiting > 0) {
                Optional<Instant> wait = until(limiter.tryAcquire("hook", groupRobot));
                if (wait.isPresent()) {
                    assertThat(wait.get()).isAfter(c.instant());
                    assertThat(until(limiter.check("hook", groupRobot, () -> 0))).contains(wait.get());
                    break;
                }
                granted.addLast(c.instant());
                waiting--;
            }
            long inWindow = granted.stream().filter(t -> t.isAfter(c.instant().minusSeconds(60))).count();
            assertThat(inWindow).isLessThanOrEqualTo(20);
        }
        // nothing is lost: moving the clock on lets every waiting message through
        while (waiting > 0) {
            Optional<Instant> wait = until(limiter.tryAcquire("hook", groupRobot));
            if (wait.isPresent()) {
                c.set(wait.get());
            } else {
                waiting--;
            }
        }
        assertThat(waiting).isZero();
    }

    private static Optional<Instant> until(Limiter.Decision d) {
        return d instanceof Limiter.Decision.Wait w ? Optional.of(w.until()) : Optional.empty();
    }
}
