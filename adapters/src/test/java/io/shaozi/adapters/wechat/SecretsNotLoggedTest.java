package io.shaozi.adapters.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.tencent.CgiBinApi;
import io.shaozi.adapters.tencent.FakeCgiBin;
import io.shaozi.adapters.testkit.MutableClock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every log line written while tokens are fetched, rejected and refreshed is free of tokens and secrets. */
class SecretsNotLoggedTest {

    @Test
    void clientLogs_neverContainAccessTokenOrAppSecret() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(CgiBinApi.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        String secret = "VERY-SECRET-APPSECRET";
        try (FakeCgiBin fake = new FakeCgiBin("wx123", secret)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00Z"));
            WeChatClient c = new WeChatClient(new WeChatAccount("acc", "wx123", "tok", "", Mode.PLAIN, secret), fake.base(),
                    new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5)), HttpClient.newHttpClient(), clock);
            c.sendCustomerService("o", new Outbound.Text("1"));
            fake.revokeTokens();
            c.sendCustomerService("o", new Outbound.Text("2"));          // 40001 → refresh → retry
            fake.script("message/custom/send", "{\"errcode\":45015,\"errmsg\":\"out of time\"}");
            c.sendCustomerService("o", new Outbound.Text("3"));          // permanent error logged
            fake.httpStatus(502);
            c.sendCustomerService("o", new Outbound.Text("4"));          // HTTP error logged
            fake.httpStatus(200);
            fake.revokeTokens();
            fake.tokenError("{\"errcode\":40164,\"errmsg\":\"invalid ip\"}");
            c.sendCustomerService("o", new Outbound.Text("5"));          // token fetch failure logged
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).isNotEmpty();
        for (ILoggingEvent e : appender.list) {
            String line = e.getFormattedMessage();
            assertThat(line).doesNotContain("TOKEN-").doesNotContain(secret).doesNotContain("access_token=");
        }
    }
}
