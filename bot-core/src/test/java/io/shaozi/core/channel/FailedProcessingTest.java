package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.dialog.Bot;
import io.shaozi.core.http.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A delivery whose processing failed is not swallowed: the platform's retry is processed again. */
class FailedProcessingTest {
    @TempDir
    Path dir;

    @Test
    void retryAfterAFailure_isProcessed_notAnsweredEmpty() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Bot flaky = in -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database hiccup");
            }
            return List.of(new Outbound.Text("收到，已处理"));
        };
        try (TestServer s = TestServer.start(dir, Optional.empty(), Map.of(), Clock.systemUTC(), b -> flaky)) {
            String body = Json.text(Map.of("user", "u-flaky", "text", "楼道灯坏了", "msgId", "m-flaky"));
            HttpResponse<String> first = s.post("/webhook/generic", body);
            assertThat(first.statusCode()).isEqualTo(500);
            HttpResponse<String> retry = s.post("/webhook/generic", body);
            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(retry.body()).contains("收到，已处理").contains("\"duplicate\":false");
            assertThat(calls.get()).isEqualTo(2);
            assertThat(s.post("/webhook/generic", body).body()).as("later retries get the stored reply")
                    .contains("收到，已处理").contains("\"duplicate\":true");
            assertThat(calls.get()).isEqualTo(2);
        }
    }
}
