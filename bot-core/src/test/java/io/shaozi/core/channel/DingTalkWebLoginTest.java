package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.WebLogin;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.dingtalk.DingTalkApp;
import io.shaozi.adapters.dingtalk.DingTalkChannel;
import io.shaozi.core.state.LocalState;
import io.shaozi.core.testing.FakeDingTalkApi;
import io.shaozi.core.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * DingTalk's OAuth2 web login for the read page of batched work notices, against a fake DingTalk on loopback: the
 * login URL names the app; the code coming back becomes a user token, the user's unionId and then the organisation's
 * userid; a code works once, and someone outside the organisation names nobody.
 */
class DingTalkWebLoginTest {
    private final MutableClock clock = MutableClock.at("2026-12-01T02:00:00Z");

    private DingTalkChannel dingtalk(FakeDingTalkApi api, boolean webLogin) {
        DingTalkApp app = new DingTalkApp("street-app", "dingreader", "app-secret", "tok3n",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "dingreader", Optional.of("123456789"));
        return new DingTalkChannel(new DingTalkChannel.Settings(3600, 1500, api.base().toString(),
                api.base().toString(), Set.of(api.base().toString()), List.of(), List.of(app), List.of(), 60,
                webLogin, api.base().toString()), new ChannelContext(clock, HttpClient.newHttpClient(),
                new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5)),
                new LocalState(clock, 1000), (k, u, at) -> true));
    }

    private static String codeFrom(URI authorize) throws Exception {
        HttpResponse<Void> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.discarding());
        return r.headers().firstValue("Location").orElseThrow().replaceAll(".*[?&]code=([^&]*).*", "$1");
    }

    @Test
    void theCodeOfTheLoginNamesTheMember_once_andOutsidersNobody() throws Exception {
        try (FakeDingTalkApi api = new FakeDingTalkApi(clock)) {
            api.members.add("ding42");
            WebLogin login = dingtalk(api, true).webLogin().orElseThrow();
            String back = "https://shaozi.example/read/7?c=1-1-abcdefabcdefabcdef&ch=dingtalk&acc=street-app";
            URI authorize = login.authorize("street-app", back, "read").orElseThrow();
            assertThat(authorize.toString()).startsWith(api.base() + "/oauth2/auth?redirect_uri=https%3A%2F%2Fshaozi")
                    .contains("client_id=dingreader").contains("scope=openid").contains("state=read");

            api.loginAs = "ding42";
            String code = codeFrom(authorize);
            assertThat(login.user("street-app", code, back)).contains("ding42");
            assertThat(login.user("street-app", code, back)).isEmpty(); // a code works once
            api.loginAs = "visitor";
            assertThat(login.user("street-app", codeFrom(authorize), back)).isEmpty(); // not in the organisation
            assertThat(login.authorize("no-such-app", back, "read")).isEmpty();
            assertThat(dingtalk(api, false).webLogin()).isEmpty();
        }
    }
}
