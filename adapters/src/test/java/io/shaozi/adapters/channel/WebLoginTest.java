package io.shaozi.adapters.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebLoginTest {
    @Test
    void authorizeUri_trimsTheBase_encodesEachValueInOrder_thenTheFragment() {
        assertThat(WebLogin.authorizeUri("https://open.weixin.qq.com//", "/connect/oauth2/authorize",
                "#wechat_redirect", "appid", "wx1", "redirect_uri", "https://shaozi.example/r?c=1-2&x=读",
                "state", "a b").toString())
                .isEqualTo("https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx1&redirect_uri="
                        + "https%3A%2F%2Fshaozi.example%2Fr%3Fc%3D1-2%26x%3D%E8%AF%BB&state=a+b#wechat_redirect");
        assertThat(WebLogin.authorizeUri("http://127.0.0.1:1", "/oauth2/auth", "", "prompt", "consent").toString())
                .isEqualTo("http://127.0.0.1:1/oauth2/auth?prompt=consent");
        assertThatThrownBy(() -> WebLogin.authorizeUri("http://h", "/p", "", "lonely"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
