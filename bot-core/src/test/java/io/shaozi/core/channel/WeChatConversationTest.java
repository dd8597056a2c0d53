package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.testing.Await;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.FakeWeChatApi;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident conversation through a safe-mode Official Account, end to end over real HTTP: the WeChat side
 * is the independent simulator, pushes arrive at a fake WeChat API as customer-service messages, and the
 * server restarts in the middle of the conversation.
 */
class WeChatConversationTest {
    private static final String ADMIN = "wx-admin-token";
    private static final AtomicLong MSG = new AtomicLong(880_000);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-30T02:00:00Z");
    private final WeChatSimulator sim = new WeChatSimulator(WeChatEndpointTest.TOKEN, WeChatEndpointTest.AES,
            WeChatEndpointTest.APPID);

    private TestServer start(FakeWeChatApi api) throws Exception {
        Path cfg = dir.resolve("wx.yaml");
        Files.writeString(cfg, """
                admin:
                  token: %s
                channels:
                  wechat:
                    apiBase: %s
                    accounts:
                      - {id: duofu, appId: %s, token: %s, aesKey: %s, mode: safe, appSecret: s3cret}
                """.formatted(ADMIN, api.base(), WeChatEndpointTest.APPID, WeChatEndpointTest.TOKEN,
                WeChatEndpointTest.AES));
        return TestServer.start(dir.resolve("data"), Optional.of(cfg), Map.of(), clock, b -> b);
    }

    /** Delivers a text from the resident with the given MsgId; returns the decrypted reply content ("" if empty). */
    private String send(TestServer s, String text, long msgId) throws Exception {
        long ts = clock.instant().getEpochSecond();
        String enc = sim.encrypt(WeChatSimulator.textXml("gh_duofu", "oResident42", ts, text, msgId));
        HttpResponse<String> r = s.post("/wechat/duofu?" + sim.deliveryQuery(ts, "n" + msgId, "oResident42", enc),
                WeChatSimulator.envelope("gh_duofu", enc), Map.of("Content-Type", "text/xml"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        if (r.body().equals("success") || r.body().isEmpty()) {
            return "";
        }
        return WeChatSimulator.field(sim.openReply(r.body()), "Content");
    }

    private String send(TestServer s, String text) throws Exception {
        return send(s, text, MSG.incrementAndGet());
    }

    private static void act(TestServer s, String number, String json) throws Exception {
        HttpResponse<String> r = s.post("/api/tickets/" + number + "/actions", json,
                Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static void awaitPush(FakeWeChatApi api, String... parts) throws Exception {
        Await.until(() -> "a customer-service message with " + String.join(", ", parts) + " in " + api.customSends,
                Await.DEADLINE, () -> api.customSends.stream().anyMatch(b -> containsAll(b, parts)));
    }

    private static boolean containsAll(String body, String... parts) {
        for (String p : parts) {
            if (!body.contains(p)) {
                return false;
            }
        }
        return body.contains("\"touser\":\"oResident42\"");
    }

    @Test
    void report_restart_duplicate_query_pushes_rate_unsatisfied_reopen() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            TestServer s = start(api);
            try {
                assertThat(send(s, "楼道灯坏了好几天了，晚上看不见")).contains("具体位置");
            } finally {
                s.close();
            }
            s = start(api); // restart while the place question is open
            String number;
            try {
                long placeId = MSG.incrementAndGet();
                String photo = send(s, "幸福小区3号楼2单元", placeId);
                assertThat(photo).contains("照片");
                assertThat(send(s, "幸福小区3号楼2单元", placeId)).as("WeChat's retry gets the same reply")
                        .isEqualTo(photo);
                String opened = send(s, "跳过");
                Matcher m = Pattern.compile("工单号 (\\d{10,})").matcher(opened);
                assertThat(m.find()).as(opened).isTrue();
                number = m.group(1);
                assertThat(send(s, "查询 " + number)).contains("已派单");

                act(s, number, "{\"action\":\"accept\",\"note\":\"已安排电工\"}");
                awaitPush(api, number, "签收");
                act(s, number, "{\"action\":\"progress\",\"note\":\"电工明早上门\",\"contacted\":true}");
                awaitPush(api, number, "电工明早上门");
                act(s, number, "{\"action\":\"resolve\",\"note\":\"已更换楼道灯\"}");
                awaitPush(api, number, "已办结", "请评价");

                assertThat(send(s, "不满意")).contains("哪里还没解决");
                assertThat(send(s, "2楼的灯还是不亮")).contains("重新办理");
                HttpResponse<String> t = s.getWithHeaders("/api/tickets/" + number,
                        Map.of("Authorization", "Bearer " + ADMIN));
                JsonNode ticket = Json.MAPPER.readTree(t.body());
                assertThat(ticket.get("status").asText()).isEqualTo("REOPENED");
                assertThat(ticket.get("events").toString()).contains("2楼的灯还是不亮");
                assertThat(api.customSends.stream().filter(b -> b.contains("\"touser\":\"oResident42\"")))
                        .as("no status change pushed twice").doesNotHaveDuplicates();
            } finally {
                s.close();
            }
        }
    }
}
