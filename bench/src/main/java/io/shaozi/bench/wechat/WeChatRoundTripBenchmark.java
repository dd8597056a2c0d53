package io.shaozi.bench.wechat;

import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.crypto.MsgCrypt;
import io.shaozi.adapters.crypto.Sealed;
import io.shaozi.adapters.wechat.Mode;
import io.shaozi.adapters.wechat.ParseOutcome;
import io.shaozi.adapters.wechat.WeChatAccount;
import io.shaozi.adapters.wechat.WeChatProtocol;
import io.shaozi.adapters.wecom.WeComApp;
import io.shaozi.adapters.wecom.WeComProtocol;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One inbound message end to end at the adapter level: verify signature(s) + timestamp, decrypt, parse the
 * hardened XML into an {@code Inbound}, render the text reply and encrypt it.
 *
 * <pre>
 * mvn -q -B -o -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar 'wechat.*' -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WeChatRoundTripBenchmark {
    static final String APP_ID = "wxb11529c136998cb6";
    static final String TOKEN = "pamtest";
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final long NOW = 1_700_000_000L;
    static final String INNER = "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>"
            + "<FromUserName><![CDATA[oia2TjjewbmiOUlr6X-1crbLOvLw]]></FromUserName><CreateTime>1700000000</CreateTime>"
            + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[楼道灯坏了，3号楼2单元，晚上很黑，请尽快处理]]></Content>"
            + "<MsgId>23456789012345678</MsgId></xml>";
    static final Outbound REPLY = new Outbound.Text("已受理，工单号 2026112800012。我们会在 2 个工作日内回复。");

    WeChatProtocol safe;
    WeChatProtocol plain;
    WeComProtocol wecom;
    Map<String, String> safeQuery;
    byte[] safeBody;
    Map<String, String> plainQuery;
    byte[] plainBody;
    Map<String, String> wecomQuery;
    byte[] wecomBody;

    @Setup
    public void setup() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
        safe = new WeChatProtocol(new WeChatAccount("bench", APP_ID, TOKEN, KEY, Mode.SAFE, ""), clock);
        plain = new WeChatProtocol(new WeChatAccount("bench", APP_ID, TOKEN, "", Mode.PLAIN, ""), clock);
        String ts = Long.toString(NOW);
        String nonce = "1320562132";
        Sealed s = new MsgCrypt(TOKEN, KEY, APP_ID).encrypt(INNER, nonce, ts);
        plainQuery = new HashMap<>();
        plainQuery.put("signature", MsgCrypt.sha1Sorted(TOKEN, ts, nonce));
        plainQuery.put("timestamp", ts);
        plainQuery.put("nonce", nonce);
        plainBody = INNER.getBytes(StandardCharsets.UTF_8);
        safeQuery = new HashMap<>(plainQuery);
        safeQuery.put("encrypt_type", "aes");
        safeQuery.put("msg_signature", s.msgSignature());
        safeBody = ("<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><Encrypt><![CDATA[" + s.encrypt()
                + "]]></Encrypt></xml>").getBytes(StandardCharsets.UTF_8);

        String corp = "ww1436e0e65a779aee";
        wecom = new WeComProtocol(new WeComApp("bench", corp, "1000002", TOKEN, KEY, ""), clock);
        String wInner = INNER.replace("</xml>", "<AgentID>1000002</AgentID></xml>");
        Sealed w = new MsgCrypt(TOKEN, KEY, corp).encrypt(wInner, nonce, ts);
        wecomQuery = Map.of("msg_signature", w.msgSignature(), "timestamp", ts, "nonce", nonce);
        wecomBody = ("<xml><ToUserName><![CDATA[" + corp + "]]></ToUserName><Encrypt><![CDATA[" + w.encrypt()
                + "]]></Encrypt><AgentID>1000002</AgentID></xml>").getBytes(StandardCharsets.UTF_8);
        // fail fast if the fixture does not parse
        if (!(safe.parse(safeQuery, safeBody) instanceof ParseOutcome.Parsed)
                || !(plain.parse(plainQuery, plainBody) instanceof ParseOutcome.Parsed)
                || !(wecom.parse(wecomQuery, wecomBody) instanceof io.shaozi.adapters.wecom.ParseOutcome.Parsed)) {
            throw new IllegalStateException("benchmark fixture rejected");
        }
    }

    /** Safe mode: verify + decrypt + parse + render + encrypt. */
    @Benchmark
    public String safeModeRoundTrip() {
        ParseOutcome.Parsed p = (ParseOutcome.Parsed) safe.parse(safeQuery, safeBody);
        return safe.render(p.ctx(), REPLY);
    }

    /** Plain mode: verify + parse + render. */
    @Benchmark
    public String plainModeRoundTrip() {
        ParseOutcome.Parsed p = (ParseOutcome.Parsed) plain.parse(plainQuery, plainBody);
        return plain.render(p.ctx(), REPLY);
    }

    /** WeCom: verify + decrypt + parse + render + encrypt. */
    @Benchmark
    public String wecomRoundTrip() {
        io.shaozi.adapters.wecom.ParseOutcome.Parsed p =
                (io.shaozi.adapters.wecom.ParseOutcome.Parsed) wecom.parse(wecomQuery, wecomBody);
        return wecom.render(p.ctx(), REPLY);
    }
}
