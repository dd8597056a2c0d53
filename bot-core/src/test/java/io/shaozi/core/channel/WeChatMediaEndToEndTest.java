package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.Await;
import io.shaozi.core.testing.FakeWeChatApi;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A photo a resident sends through a safe-mode Official Account, end to end over real HTTP: the signed, encrypted
 * image message opens a ticket, the server downloads the file from a fake WeChat media API through the outbox and
 * stores it with the ticket; errors are retried with backoff (fake clock), a permanent error shows as 下载失败.
 */
class WeChatMediaEndToEndTest {
    private static final String ADMIN = "wx-admin-token";
    private static final AtomicLong MSG = new AtomicLong(990_000);
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 2};
    static final byte[] AMR = "#!AMR\n\u0000\u0001".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

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

    private String deliver(TestServer s, String xml, long msgId) throws Exception {
        long ts = clock.instant().getEpochSecond();
        String enc = sim.encrypt(xml);
        HttpResponse<String> r = s.post("/wechat/duofu?" + sim.deliveryQuery(ts, "n" + msgId, "oResident42", enc),
                WeChatSimulator.envelope("gh_duofu", enc), Map.of("Content-Type", "text/xml"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().equals("success") || r.body().isEmpty() ? ""
                : WeChatSimulator.field(sim.openReply(r.body()), "Content");
    }

    private String text(TestServer s, String text) throws Exception {
        long id = MSG.incrementAndGet();
        return deliver(s, WeChatSimulator.textXml("gh_duofu", "oResident42", clock.instant().getEpochSecond(), text, id),
                id);
    }

    /** Reports a problem and answers the photo question with the image {@code mediaId}; gives the ticket number. */
    private String reportWithPhoto(TestServer s, String mediaId) throws Exception {
        assertThat(text(s, "楼道灯坏了好几天了，晚上看不见")).contains("具体位置");
        assertThat(text(s, "幸福小区3号楼2单元")).contains("照片");
        long id = MSG.incrementAndGet();
        String opened = deliver(s, WeChatSimulator.imageXml("gh_duofu", "oResident42",
                clock.instant().getEpochSecond(), mediaId, id), id);
        Matcher m = Pattern.compile("工单号 (\\d{10,})").matcher(opened);
        assertThat(m.find()).as(opened).isTrue();
        return m.group(1);
    }

    private JsonNode attachments(TestServer s, String number) throws Exception {
        HttpResponse<String> r = s.getWithHeaders("/api/tickets/" + number + "/attachments",
                Map.of("Authorization", "Bearer " + ADMIN));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body()).get("items");
    }

    /** The notes of the ticket's 附件下载失败 events, oldest first. */
    private java.util.List<String> mediaFailures(TestServer s, String number) throws Exception {
        HttpResponse<String> r = s.getWithHeaders("/api/tickets/" + number, Map.of("Authorization", "Bearer " + ADMIN));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        java.util.List<String> notes = new java.util.ArrayList<>();
        for (JsonNode e : Json.MAPPER.readTree(r.body()).get("events")) {
            if (e.path("type").asText().equals("MEDIA_FAILED")) {
                assertThat(e.path("label").asText()).isEqualTo("附件下载失败");
                notes.add(e.path("note").asText());
            }
        }
        return notes;
    }

    private static boolean has(JsonNode items, String status) {
        for (JsonNode i : items) {
            if (i.path("status").asText().equals(status)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void wechatPhoto_isDownloadedAndStoredWithTheTicket() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            api.media.put("MEDIA_photo_1", Map.entry("image/jpeg", JPEG));
            try (TestServer s = start(api)) {
                String number = reportWithPhoto(s, "MEDIA_photo_1");
                Await.until(() -> "the photo stored on " + number, Await.DEADLINE,
                        () -> has(attachments(s, number), "stored"));
                JsonNode photo = attachments(s, number).get(0);
                assertThat(photo.get("contentType").asText()).isEqualTo("image/jpeg");
                assertThat(photo.get("uploadedBy").asText()).isEqualTo("居民（微信）");
                HttpResponse<String> file = s.getWithHeaders(photo.get("url").asText(),
                        Map.of("Authorization", "Bearer " + ADMIN));
                assertThat(file.statusCode()).isEqualTo(200);
                assertThat(file.headers().firstValue("Content-Type")).contains("image/jpeg");
                assertThat(api.mediaCalls.get()).isEqualTo(1);
            }
        }
    }

    @Test
    void wecomPhoto_isDownloadedThroughTheWeComMediaApi() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            api.media.put("WM_photo_1", Map.entry("image/jpeg", JPEG));
            Path cfg = dir.resolve("wecom.yaml");
            Files.writeString(cfg, """
                    admin:
                      token: %s
                    channels:
                      wecom:
                        apiBase: %s
                        apps:
                          - {id: street, corpId: %s, agentId: "1000002", token: %s, aesKey: %s, secret: corp-secret}
                    """.formatted(ADMIN, api.base(), WeComEndpointTest.CORP, WeComEndpointTest.TOKEN,
                    WeComEndpointTest.AES));
            WeChatSimulator wecom = new WeChatSimulator(WeComEndpointTest.TOKEN, WeComEndpointTest.AES,
                    WeComEndpointTest.CORP);
            try (TestServer s = TestServer.start(dir.resolve("data"), Optional.of(cfg), Map.of(), clock, b -> b)) {
                String number = null;
                String[] turns = {"楼道灯坏了好几天了，晚上看不见", "幸福小区3号楼2单元", null};
                for (String turn : turns) {
                    long id = MSG.incrementAndGet();
                    String ts = Long.toString(clock.instant().getEpochSecond());
                    String body = turn != null
                            ? "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + turn + "]]></Content>"
                            : "<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://p.qpic.cn/x]]></PicUrl>"
                            + "<MediaId><![CDATA[WM_photo_1]]></MediaId>";
                    String inner = "<xml><ToUserName><![CDATA[" + WeComEndpointTest.CORP + "]]></ToUserName>"
                            + "<FromUserName><![CDATA[lisi]]></FromUserName><CreateTime>" + ts + "</CreateTime>" + body
                            + "<MsgId>" + id + "</MsgId><AgentID>1000002</AgentID></xml>";
                    String enc = wecom.encrypt(inner);
                    String q = "msg_signature=" + WeChatSimulator.sha1Sorted(WeComEndpointTest.TOKEN, ts, "n" + id, enc)
                            + "&timestamp=" + ts + "&nonce=n" + id;
                    HttpResponse<String> r = s.post("/wecom/street?" + q, "<xml><ToUserName><![CDATA["
                            + WeComEndpointTest.CORP + "]]></ToUserName><Encrypt><![CDATA[" + enc
                            + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>", Map.of("Content-Type", "text/xml"));
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    if (turn == null) {
                        String reply = WeChatSimulator.field(wecom.openReply(r.body()), "Content");
                        Matcher m = Pattern.compile("工单号 (\\d{10,})").matcher(reply);
                        assertThat(m.find()).as(reply).isTrue();
                        number = m.group(1);
                    }
                }
                String n = number;
                Await.until(() -> "the WeCom photo stored on " + n, Await.DEADLINE, () -> has(attachments(s, n), "stored"));
                assertThat(attachments(s, n).get(0).get("uploadedBy").asText()).isEqualTo("居民（企业微信）");
            }
        }
    }

    @Test
    void wechatVoice_onAnOpenTicketIsStoredAsAudio() throws Exception {
        byte[] amr = "#!AMR\n\u0000\u0001".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            api.media.put("MEDIA_photo_3", Map.entry("image/jpeg", JPEG));
            api.media.put("VOICE_1", Map.entry("audio/amr", amr));
            try (TestServer s = start(api)) {
                String number = reportWithPhoto(s, "MEDIA_photo_3");
                long id = MSG.incrementAndGet();
                assertThat(deliver(s, WeChatSimulator.voiceXml("gh_duofu", "oResident42",
                        clock.instant().getEpochSecond(), "VOICE_1", id), id)).contains("语音已补充到工单 " + number);
                Await.until(() -> "the voice stored on " + number, Await.DEADLINE, () -> {
                    for (JsonNode i : attachments(s, number)) {
                        if (i.path("contentType").asText().equals("audio/amr")) {
                            return true;
                        }
                    }
                    return false;
                });
            }
        }
    }

    private String voice(TestServer s, String mediaId) throws Exception {
        long id = MSG.incrementAndGet();
        return deliver(s, WeChatSimulator.voiceXml("gh_duofu", "oResident42", clock.instant().getEpochSecond(),
                mediaId, id), id);
    }

    private static boolean hasType(JsonNode items, String contentType) {
        for (JsonNode i : items) {
            if (i.path("contentType").asText().equals(contentType) && i.path("status").asText().equals("stored")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void wechatVoice_whileTheRequestIsDraftedIsSubmittedWithTheTicketAndDownloaded() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            api.media.put("VOICE_draft", Map.entry("audio/amr", AMR));
            try (TestServer s = start(api)) {
                assertThat(text(s, "楼道灯坏了好几天了，晚上看不见")).contains("具体位置");
                // the bot cannot hear it: the voice is kept and the place is asked again
                String kept = voice(s, "VOICE_draft");
                assertThat(kept).contains("语音已收到").contains("具体位置");
                assertThat(api.mediaCalls.get()).isZero(); // no ticket yet: nothing to store it on
                // a voice is not a photo: the photo is still asked for
                assertThat(text(s, "幸福小区3号楼2单元")).contains("照片");
                String opened = text(s, "跳过");
                Matcher m = Pattern.compile("工单号 (\\d{10,})").matcher(opened);
                assertThat(m.find()).as(opened).isTrue();
                String number = m.group(1);
                Await.until(() -> "the drafted voice stored on " + number, Await.DEADLINE,
                        () -> hasType(attachments(s, number), "audio/amr"));
                JsonNode stored = attachments(s, number).get(0);
                assertThat(stored.get("name").asText()).startsWith("语音-VOICE_draft");
                assertThat(stored.get("uploadedBy").asText()).isEqualTo("居民（微信）");
                assertThat(api.mediaCalls.get()).isEqualTo(1);
            }
        }
    }

    @Test
    void wechatVoice_whileAnEmergencyPlaceIsAwaitedIsKeptOnTheEmergencyTicket() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            api.media.put("VOICE_gas", Map.entry("audio/amr", AMR));
            try (TestServer s = start(api)) {
                // the passive reply is the safety hint; the ticket (and the question for the place) follow by the
                // customer-service API
                assertThat(text(s, "楼道里有很浓的煤气味")).contains("燃气");
                HttpResponse<String> list = s.getWithHeaders("/api/tickets", Map.of("Authorization", "Bearer " + ADMIN));
                JsonNode items = Json.MAPPER.readTree(list.body()).get("items");
                assertThat(items).as(list.body()).hasSize(1);
                String number = items.get(0).get("number").asText();
                String kept = voice(s, "VOICE_gas");
                assertThat(kept).contains("语音已补充到工单 " + number).contains("请用文字告诉我们具体位置");
                Await.until(() -> "the voice stored on the emergency ticket " + number, Await.DEADLINE,
                        () -> hasType(attachments(s, number), "audio/amr"));
                // the place is still awaited: the next text is the emergency's place
                text(s, "幸福小区3号楼2单元");
                HttpResponse<String> t = s.getWithHeaders("/api/tickets/" + number,
                        Map.of("Authorization", "Bearer " + ADMIN));
                assertThat(Json.MAPPER.readTree(t.body()).get("place").asText()).as(t.body()).contains("幸福小区3号楼2单元");
            }
        }
    }

    @Test
    void wechatPhotoAndVoice_sentBeforeTheProblemIsDescribed_goWithTheRequest() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            api.media.put("MEDIA_first", Map.entry("image/jpeg", JPEG));
            api.media.put("VOICE_first", Map.entry("audio/amr", AMR));
            try (TestServer s = start(api)) {
                long id = MSG.incrementAndGet();
                assertThat(deliver(s, WeChatSimulator.imageXml("gh_duofu", "oResident42",
                        clock.instant().getEpochSecond(), "MEDIA_first", id), id))
                        .contains("收到照片").contains("照片会随诉求一起提交");
                assertThat(voice(s, "VOICE_first")).contains("收到语音").contains("语音会随诉求一起提交");
                assertThat(api.mediaCalls.get()).isZero(); // no ticket yet
                // the photo came first: the bot does not ask for one again and opens the request at once
                String opened = text(s, "幸福小区3号楼2单元楼道灯坏了好几天了");
                Matcher m = Pattern.compile("工单号 (\\d{10,})").matcher(opened);
                assertThat(m.find()).as(opened).isTrue();
                String number = m.group(1);
                Await.until(() -> "the photo and the voice stored on " + number, Await.DEADLINE,
                        () -> hasType(attachments(s, number), "image/jpeg") && hasType(attachments(s, number), "audio/amr"));
                assertThat(api.mediaCalls.get()).isEqualTo(2);
            }
        }
    }

    @Test
    void wechatPhotos_keptAcrossAQuestionTheKnowledgeBaseCannotAnswer_goWithTheRequestRegisteredAfterIt() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            api.media.put("MEDIA_kb_1", Map.entry("image/jpeg", JPEG));
            api.media.put("MEDIA_kb_2", Map.entry("image/png", PNG));
            try (TestServer s = start(api)) {
                long id = MSG.incrementAndGet();
                assertThat(deliver(s, WeChatSimulator.imageXml("gh_duofu", "oResident42",
                        clock.instant().getEpochSecond(), "MEDIA_kb_1", id), id)).contains("照片会随诉求一起提交");
                assertThat(text(s, "护照去哪里办理？")).contains("登记");
                id = MSG.incrementAndGet();
                assertThat(deliver(s, WeChatSimulator.imageXml("gh_duofu", "oResident42",
                        clock.instant().getEpochSecond(), "MEDIA_kb_2", id), id)).contains("登记诉求时会一并提交");
                String reply = text(s, "登记");
                for (int i = 0; i < 3 && !reply.contains("工单号"); i++) {
                    reply = reply.contains("具体位置") ? text(s, "多福巷12号") : text(s, "1");
                }
                Matcher m = Pattern.compile("工单号 (\\d{10,})").matcher(reply);
                assertThat(m.find()).as(reply).isTrue();
                String number = m.group(1);
                Await.until(() -> "both photos stored on " + number, Await.DEADLINE,
                        () -> hasType(attachments(s, number), "image/jpeg") && hasType(attachments(s, number), "image/png"));
            }
        }
    }

    @Test
    void wechatPhoto_platformErrorsAreRetriedWithBackoffUntilTheDownloadWorks() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            api.media.put("MEDIA_photo_2", Map.entry("image/jpeg", JPEG));
            api.mediaErrors.add("{\"errcode\":-1,\"errmsg\":\"system error\"}");
            api.mediaErrors.add("{\"errcode\":-1,\"errmsg\":\"system error\"}");
            try (TestServer s = start(api)) {
                String number = reportWithPhoto(s, "MEDIA_photo_2");
                Await.until(() -> "a first, failed download", Await.DEADLINE, () -> api.mediaCalls.get() >= 1);
                Await.until(() -> "the retry waiting", Await.DEADLINE, () -> has(attachments(s, number), "downloading")
                        && attachments(s, number).get(0).path("error").asText().contains("system error"));
                assertThat(has(attachments(s, number), "stored")).isFalse();
                // the fake clock runs on (30 s per look) so each backoff (5 s, 10 s) passes
                Await.until(() -> "the photo stored after retries", Await.DEADLINE, () -> {
                    clock.advance(Duration.ofSeconds(30));
                    return has(attachments(s, number), "stored");
                });
                assertThat(api.mediaCalls.get()).isEqualTo(3);
                assertThat(has(attachments(s, number), "downloading")).isFalse();
                // the timeline says it failed and is retried, once (not once per attempt), and never that it gave up
                assertThat(mediaFailures(s, number)).singleElement().asString()
                        .startsWith("照片下载失败：平台接口暂时出错（").contains("system error").endsWith("，将自动重试");
            }
        }
    }

    @Test
    void wechatPhoto_expiredMediaIdIsShownAsFailedDownload() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            try (TestServer s = start(api)) {
                String number = reportWithPhoto(s, "MEDIA_expired");
                Await.until(() -> "the download marked failed", Await.DEADLINE,
                        () -> has(attachments(s, number), "failed"));
                JsonNode failed = attachments(s, number).get(0);
                assertThat(failed.get("statusText").asText()).isEqualTo("下载失败");
                assertThat(failed.get("error").asText()).contains("40007");
                assertThat(has(attachments(s, number), "stored")).isFalse();
                Await.until(() -> "the failure on the timeline of " + number, Await.DEADLINE,
                        () -> !mediaFailures(s, number).isEmpty());
                assertThat(mediaFailures(s, number)).singleElement().asString()
                        .isEqualTo("照片下载失败：媒体文件已过期或无效（40007），已放弃");
            }
        }
    }
}
