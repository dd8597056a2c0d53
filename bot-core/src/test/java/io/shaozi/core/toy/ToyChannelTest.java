package io.shaozi.core.toy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.adapters.channel.ChannelRegistry;
import io.shaozi.core.app.TestServer;
import io.shaozi.config.ConfigException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/adding-a-channel.md, proved: a channel that exists only in the tests, registered with one line, receives a
 * message through a real server socket and answers it, with its config section read like any other's.
 */
class ToyChannelTest {
    static final ChannelRegistry CHANNELS = ChannelRegistry.builtIn().with(ToyChannel.TYPE);

    @TempDir
    Path dir;

    @Test
    void aChannelRegisteredWithOneLine_receivesAMessageEndToEnd_andAnswersIt() throws Exception {
        try (TestServer s = TestServer.start(dir, Optional.empty(), Map.of("channels.toy.token", "t0ken"),
                Clock.systemUTC(), UnaryOperator.identity(), CHANNELS)) {
            HttpResponse<String> r = s.post("/toy/demo", "你好", Map.of("X-Toy-Token", "t0ken",
                    "X-Toy-User", "resident-1", "X-Toy-Message-Id", "m1"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
            assertThat(r.body()).startsWith("您好");

            HttpResponse<String> again = s.post("/toy/demo", "你好", Map.of("X-Toy-Token", "t0ken",
                    "X-Toy-User", "resident-1", "X-Toy-Message-Id", "m1"));
            assertThat(again.body()).as("a redelivery gets the same answer").isEqualTo(r.body());

            assertThat(s.post("/toy/demo", "你好", Map.of("X-Toy-Token", "wrong", "X-Toy-User", "resident-1",
                    "X-Toy-Message-Id", "m2")).statusCode()).isEqualTo(401);
            assertThat(s.post("/webhook/generic", "{\"user\":\"u\",\"text\":\"你好\",\"msgId\":\"g1\"}").statusCode())
                    .as("the built-in channels are still there").isEqualTo(200);
        }
    }

    @Test
    void theToyConfigSection_isCheckedLikeEveryOther() {
        assertThatThrownBy(() -> TestServer.start(dir, Optional.empty(), Map.of("channels.toy.limits.push", "lots"),
                Clock.systemUTC(), UnaryOperator.identity(), CHANNELS))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("channels.toy.limits.push: ");
    }
}
