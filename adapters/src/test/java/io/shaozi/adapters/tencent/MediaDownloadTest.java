package io.shaozi.adapters.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.testkit.MutableClock;
import io.shaozi.adapters.wechat.Mode;
import io.shaozi.adapters.wechat.WeChatAccount;
import io.shaozi.adapters.wechat.WeChatClient;
import io.shaozi.adapters.wecom.WeComApp;
import io.shaozi.adapters.wecom.WeComClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /cgi-bin/media/get} against a fake platform API on loopback; no mocks. */
class MediaDownloadTest {
    static final String APP_ID = "wxb11529c136998cb6";
    static final String SECRET = "s3cr3t-app-secret";
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
    static final byte[] AMR = "#!AMR\n\u0000\u0001\u0002".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00Z"));
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final AccessTokenManager tokens = new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5));
    FakeCgiBin fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeCgiBin(APP_ID, SECRET);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    WeChatClient wechat() {
        WeChatAccount a = new WeChatAccount("cy-17", APP_ID, "tok", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                Mode.SAFE, SECRET);
        return new WeChatClient(a, fake.base(), tokens, http, clock);
    }

    @Test
    void wechatImage_isDownloadedWithTokenAndMediaId() {
        fake.media.put("MEDIA_1", new FakeCgiBin.StoredMedia("image/jpeg", JPEG));
        CgiBinApi.Download d = wechat().media("MEDIA_1", 1024);
        assertThat(d).isInstanceOf(CgiBinApi.Media.class);
        CgiBinApi.Media m = (CgiBinApi.Media) d;
        assertThat(m.content()).isEqualTo(JPEG);
        assertThat(m.contentType()).isEqualTo("image/jpeg");
        assertThat(m.fileName()).contains("MEDIA_1.jpg");
        assertThat(fake.calls.get(0).api()).isEqualTo("media/get");
        assertThat(fake.calls.get(0).token()).startsWith("TOKEN-");
    }

    @Test
    void wechatVoice_amrComesBackAsAudio() {
        fake.media.put("VOICE_1", new FakeCgiBin.StoredMedia("audio/amr", AMR));
        CgiBinApi.Media m = (CgiBinApi.Media) wechat().media("VOICE_1", 1024);
        assertThat(m.contentType()).isEqualTo("audio/amr");
        assertThat(m.content()).isEqualTo(AMR);
    }

    @Test
    void invalidMediaId_errorBodyIsPermanentFailure() {
        CgiBinApi.Download d = wechat().media("EXPIRED", 1024);
        assertThat(d).isInstanceOf(CgiBinApi.Fail.class);
        assertThat(((CgiBinApi.Fail) d).errcode()).isEqualTo(40007);
    }

    @Test
    void systemBusy_errorBodyIsRetried() {
        fake.script("media/get", "{\"errcode\":-1,\"errmsg\":\"system error\"}");
        assertThat(wechat().media("MEDIA_1", 1024)).isInstanceOf(CgiBinApi.Retry.class);
    }

    @Test
    void overSizeBody_isRefusedWithoutReadingItAll() {
        byte[] big = new byte[2 * 1024 * 1024];
        System.arraycopy(JPEG, 0, big, 0, JPEG.length);
        fake.media.put("BIG", new FakeCgiBin.StoredMedia("image/jpeg", big));
        CgiBinApi.Download d = wechat().media("BIG", 64 * 1024);
        assertThat(d).isInstanceOf(CgiBinApi.Fail.class);
        assertThat(((CgiBinApi.Fail) d).errcode()).isEqualTo(CgiBinApi.TOO_LARGE);
    }

    @Test
    void revokedToken_isRefreshedOnceAndTheFileStillArrives() {
        fake.media.put("MEDIA_1", new FakeCgiBin.StoredMedia("image/jpeg", JPEG));
        WeChatClient c = wechat();
        assertThat(c.media("MEDIA_1", 1024)).isInstanceOf(CgiBinApi.Media.class);
        fake.revokeTokens();
        assertThat(c.media("MEDIA_1", 1024)).isInstanceOf(CgiBinApi.Media.class);
    }

    @Test
    void wecomImage_isDownloaded() throws Exception {
        try (FakeCgiBin wecom = new FakeCgiBin("ww1234567890abcdef", "corp-secret")) {
            wecom.media.put("WM_1", new FakeCgiBin.StoredMedia("image/jpeg", JPEG));
            WeComClient c = new WeComClient(new WeComApp("jd-cadres", "ww1234567890abcdef", "1000002", "tok",
                    "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "corp-secret"), wecom.base(), tokens, http, clock);
            assertThat(c.media("WM_1", 1024)).isInstanceOf(CgiBinApi.Media.class);
            assertThat(c.media("NOPE", 1024)).isInstanceOf(CgiBinApi.Fail.class);
        }
    }
}
