package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.WebLogin;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.wechat.Mode;
import io.shaozi.adapters.wechat.WeChatAccount;
import io.shaozi.adapters.wechat.WeChatChannel;
import io.shaozi.core.state.LocalState;
import io.shaozi.core.testing.FakeWeChatApi;
import io.shaozi.core.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 服务号 web login ({@code snsapi_base}) for the read page of batched mass sends, against a fake WeChat on
 * loopback: the authorize URL names the account and the way back; the code the browser brings back becomes the
 * reader's OpenID, once; a made-up code names nobody; without {@code webLogin} there is no login.
 */
class WeChatWebLoginTest {
    private final MutableClock clock = MutableClock.at("2026-12-01T02:00:00Z");

    private WeChatChannel wechat(FakeWeChatApi api, boolean webLogin) {
        return new WeChatChannel(new WeChatChannel.Settings(300, 4000, api.base().toString(),
                List.of(new WeChatAccount("duofu", "wxb11529c136998cb6", "tok",
                        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", Mode.SAFE, "secret")), webLogin,
                api.base().toString()), new ChannelContext(clock, HttpClient.newHttpClient(),
                new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5)),
                new LocalState(clock, 1000), (k, u, at) -> true));
    }

    @Test
    void theCodeOfTheLoginNamesTheReader_once() throws Exception {
        try (FakeWeChatApi api = new FakeWeChatApi()) {
            WebLogin login = wechat(api, true).webLogin().orElseThrow();
            String back = "https://shaozi.example/read/7?c=1-1-abcdefabcdefabcdef&ch=wechat&acc=duofu";
            URI authorize = login.authorize("duofu", back, "read").orElseThrow();
            assertThat(authorize.toString()).startsWith(api.base() + "/connect/oauth2/authorize?appid=wxb11529c136998cb6")
                    .contains("scope=snsapi_base").endsWith("#wechat_redirect");
            api.loginAs = "oReader42";
            HttpResponse<Void> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                    .send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.discarding());
            String location = r.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(back + "&code=");
            String code = location.replaceAll(".*[?&]code=([^&]*).*", "$1");
            assertThat(login.user("duofu", code, back)).contains("oReader42");
            assertThat(login.user("duofu", code, back)).isEmpty();
            assertThat(login.user("duofu", "made-up", back)).isEmpty();
            assertThat(login.authorize("no-such-account", back, "read")).isEmpty();
            assertThat(wechat(api, false).webLogin()).isEmpty();
        }
    }
}
