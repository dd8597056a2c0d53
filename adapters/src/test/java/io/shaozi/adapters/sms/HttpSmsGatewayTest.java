package io.shaozi.adapters.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.JsonTree;
import io.shaozi.adapters.generic.GenericChannel;
import io.shaozi.adapters.testkit.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generic HTTP SMS gateway against a fake gateway on loopback that checks the signature. */
class HttpSmsGatewayTest {
    static final String SECRET = "sms-gateway-secret-123";
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));
    final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
    final Deque<Integer> answers = new ArrayDeque<>();
    HttpServer fake;
    HttpSmsGateway gateway;

    @BeforeEach
    void start() throws Exception {
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/send", ex -> {
            byte[] raw = ex.getRequestBody().readAllBytes();
            String sig = ex.getRequestHeaders().getFirst("X-Shaozi-Signature");
            int status;
            if (!("sha256=" + GenericChannel.hmacHex(SECRET, raw)).equals(sig)) {
                status = 401;
            } else {
                received.add(JsonTree.MAPPER.readTree(raw));
                synchronized (answers) {
                    status = answers.isEmpty() ? 200 : answers.poll();
                }
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        fake.start();
        gateway = gateway(SECRET);
    }

    HttpSmsGateway gateway(String secret) {
        return new HttpSmsGateway("http://127.0.0.1:" + fake.getAddress().getPort() + "/send", secret,
                Duration.ofSeconds(3), HttpClient.newHttpClient(), clock);
    }

    @AfterEach
    void stop() {
        fake.stop(0);
    }

    @Test
    void send_postsSignedJson_andRetriesOnlyWhatMaySucceedLater() {
        assertThat(gateway.send("al:1:2:2:sms:138", "13800100111", "【哨子】紧急哨单"))
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(received).singleElement().satisfies(b -> {
            assertThat(b.path("id").asText()).isEqualTo("al:1:2:2:sms:138");
            assertThat(b.path("phone").asText()).isEqualTo("13800100111");
            assertThat(b.path("text").asText()).isEqualTo("【哨子】紧急哨单");
            assertThat(b.path("timestamp").asLong()).isEqualTo(clock.instant().getEpochSecond());
        });
        synchronized (answers) {
            answers.add(503);
            answers.add(429);
            answers.add(400);
        }
        assertThat(gateway.send("k", "13800100111", "x")).isInstanceOf(SendOutcome.RetryLater.class);
        assertThat(gateway.send("k", "13800100111", "x")).isInstanceOf(SendOutcome.RetryLater.class);
        assertThat(gateway.send("k", "13800100111", "x")).isEqualTo(new SendOutcome.Rejected("http_400",
                "the SMS gateway refused the message"));
        // a wrong secret is refused by the gateway (401): final, not retried
        assertThat(gateway("another-secret-456").send("k", "1", "x")).isInstanceOf(SendOutcome.Rejected.class);
        // an unreachable gateway is tried again later
        fake.stop(0);
        assertThat(gateway.send("k", "13800100111", "x")).isInstanceOf(SendOutcome.RetryLater.class);
    }

    @Test
    void onlyHttpUrls() {
        assertThatThrownBy(() -> new HttpSmsGateway("ftp://x/send", SECRET, Duration.ofSeconds(1),
                HttpClient.newHttpClient(), clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
