package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.WebLogin;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.feishu.FeishuApp;
import io.shaozi.adapters.feishu.FeishuChannel;
import io.shaozi.core.state.LocalState;
import io.shaozi.core.testing.FakeFeishuApi;
import io.shaozi.core.testing.MutableClock;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Feishu's web login for the read page of batched messages, against a fake Feishu on loopback: the authorize URL
 * names the app and the way back; the code the browser brings back becomes the reader's open_id (through a
 * user_access_token), once; a made-up code names nobody; without {@code webLogin} there is no login.
 */
class FeishuWebLoginTest {
    private final MutableClock clock = MutableClock.at("2026-12-01T02:00:00Z");

    private FeishuChannel feishu(FakeFeishuApi api, boolean webLogin) {
        return new FeishuChannel(new FeishuChannel.Settings(3600, api.base().toString(),
                List.of(new FeishuApp("lark", "cli_reader", "app-secret", "vt", Optional.empty())), webLogin,
                api.base().toString()), new ChannelContext(clock, HttpClient.newHttpClient(),
                new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5)),
                new LocalState(clock, 1000), (k, u, at) -> true));
    }

    @Test
    void theCodeOfTheLoginNamesTheReader_once() throws Exception {
        try (FakeFeishuApi api = new FakeFeishuApi()) {
            WebLogin login = feishu(api, true).webLogin().orElseThrow();
            String back = "https://shaozi.example/read/7?c=1-1-abcdefabcdefabcdef&ch=feishu&acc=lark";
            URI authorize = login.authorize("lark", back, "read").orElseThrow();
            assertThat(authorize.toString()).startsWith(api.base() + "/open-apis/authen/v1/authorize?client_id=cli_reader")
                    .contains("redirect_uri=https%3A%2F%2Fshaozi.example%2Fread%2F7").contains("state=read");
            assertThat(login.authorize("no-such-app", back, "read")).isEmpty();

            api.loginAs = "ou_reader42";
            HttpResponse<Void> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                    .send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.discarding());
            String location = r.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(back + "&code=");
            String code = URLDecoder.decode(location.replaceAll(".*[?&]code=([^&]*).*", "$1"), StandardCharsets.UTF_8);

            assertThat(login.user("lark", code, back)).contains("ou_reader42");
            assertThat(login.user("lark", code, back)).isEmpty(); // a code works once
            assertThat(login.user("lark", "made-up", back)).isEmpty();
            assertThat(feishu(api, false).webLogin()).isEmpty();
        }
    }
}
