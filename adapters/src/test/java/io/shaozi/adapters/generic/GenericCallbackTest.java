package io.shaozi.adapters.generic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.Delivery;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.JsonFields;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.common.OutboundJson;
import io.shaozi.adapters.testkit.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generic webhook's push callback against a fake callback server on a loopback socket. */
class GenericCallbackTest {
    private static final String SECRET = "callback-secret";
    private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");

    /** One request the fake received: its headers (lower-case names) and raw body. */
    record Received(String path, Map<String, String> headers, byte[] body) {
    }

    private HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile int status = 200;
    private volatile String retryAfter;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;
    private final MutableClock clock = new MutableClock(NOW);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, String> headers = new java.util.HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        received.add(new Received(ex.getRequestURI().toString(), headers, body));
        if (hang) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (retryAfter != null) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/shaozi/push?k=v";
    }

    private GenericChannel channel(String secret, String url, Duration timeout) {
        ChannelContext ctx = new ChannelContext(clock, http,
                new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5)),
                (k, v, ttl) -> Optional.empty(), (key, user, at) -> true);
        return new GenericChannel(new GenericChannel.Settings(secret, url, timeout), ctx);
    }

    private GenericChannel channel() {
        return channel(SECRET, url(), Duration.ofSeconds(5));
    }

    private static Delivery push(String user, Outbound payload) {
        return new Delivery(GenericChannel.WEBHOOK, user, payload, Optional.of("notify:2026120100001:3:generic:u1"));
    }

    private Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("the callback received a request").isNotNull();
        return r;
    }

    @Test
    void send_postsSignedCallbackWithUserAndReplies_and2xxIsSent() throws Exception {
        status = 204;
        SendOutcome out = channel().send(push("u-张三", new Outbound.Text("您的工单 2026120100001 已办结")));

        assertThat(out).isInstanceOf(SendOutcome.Sent.class);
        Received r = next();
        assertThat(r.path()).isEqualTo("/shaozi/push?k=v");
        JsonNode body = JsonFields.MAPPER.readTree(r.body());
        assertThat(body).isEqualTo(JsonFields.MAPPER.readTree(
                "{\"user\":\"u-张三\",\"replies\":[{\"type\":\"text\",\"text\":\"您的工单 2026120100001 已办结\"}]}"));
        assertThat(r.headers().get("x-shaozi-signature"))
                .isEqualTo("sha256=" + GenericChannel.hmacHex(SECRET, r.body()));
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        assertThat(r.headers().get("x-shaozi-delivery")).isEqualTo("notify:2026120100001:3:generic:u1");
    }

    @Test
    void send_rendersNonTextRepliesAsTheSynchronousAnswerDoes() throws Exception {
        Outbound md = new Outbound.Markdown("停水通知", "**明日** 9:00-12:00 停水");
        assertThat(channel().send(push("u2", md))).isInstanceOf(SendOutcome.Sent.class);
        JsonNode replies = JsonFields.MAPPER.readTree(next().body()).get("replies");
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0)).isEqualTo(OutboundJson.toJson(List.of(md)).get(0));
        assertThat(replies.get(0).get("type").asText()).isEqualTo("markdown");
    }

    @Test
    void send_withoutSecret_isUnsigned() throws Exception {
        assertThat(channel("", url(), Duration.ofSeconds(5)).send(push("u3", new Outbound.Text("hi"))))
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(next().headers()).doesNotContainKey("x-shaozi-signature");
    }

    @Test
    void send_500_isRetryLaterWithBackoff() throws Exception {
        status = 500;
        SendOutcome out = channel().send(push("u4", new Outbound.Text("进展")));
        assertThat(out).isInstanceOf(SendOutcome.RetryLater.class);
        assertThat(((SendOutcome.RetryLater) out).notBefore()).isEqualTo(NOW.plus(GenericChannel.BACKOFF));
        assertThat(((SendOutcome.RetryLater) out).reason()).contains("500");
        next();
    }

    @Test
    void send_429WithRetryAfter_isRetriedAtThatTime() throws Exception {
        status = 429;
        retryAfter = "120";
        SendOutcome out = channel().send(push("u5", new Outbound.Text("进展")));
        assertThat(out).isInstanceOf(SendOutcome.RetryLater.class);
        assertThat(((SendOutcome.RetryLater) out).notBefore()).isEqualTo(NOW.plusSeconds(120));
    }

    @Test
    void send_400_isRejected() throws Exception {
        status = 400;
        SendOutcome out = channel().send(push("u6", new Outbound.Text("进展")));
        assertThat(out).isEqualTo(new SendOutcome.Rejected("http_400", "the callback refused the push"));
    }

    @Test
    void send_callbackThatDoesNotAnswerInTime_isRetryLater() throws Exception {
        hang = true;
        SendOutcome out = channel(SECRET, url(), Duration.ofMillis(300)).send(push("u7", new Outbound.Text("进展")));
        assertThat(out).isInstanceOf(SendOutcome.RetryLater.class);
        assertThat(((SendOutcome.RetryLater) out).reason()).contains("timeout");
    }

    @Test
    void send_callbackNotListening_isRetryLater() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        SendOutcome out = channel(SECRET, "http://127.0.0.1:" + port + "/push", Duration.ofSeconds(2))
                .send(push("u8", new Outbound.Text("进展")));
        assertThat(out).isInstanceOf(SendOutcome.RetryLater.class);
    }

    @Test
    void send_withoutCallbackUrl_isRejectedNamingTheKey_andTheChatPageIsUnchanged() {
        GenericChannel none = channel(SECRET, "", Duration.ofSeconds(5));
        SendOutcome out = none.send(push("u9", new Outbound.Text("进展")));
        assertThat(out).isInstanceOf(SendOutcome.Rejected.class);
        assertThat(((SendOutcome.Rejected) out).errmsg()).contains("channels.generic.callbackUrl");
        Delivery page = new Delivery(GenericChannel.CHAT_PAGE, "visitor-1", new Outbound.Text("进展"), Optional.empty());
        assertThat(none.send(page)).isInstanceOf(SendOutcome.Sent.class);
        assertThat(channel().send(page)).isInstanceOf(SendOutcome.Sent.class);
        assertThat(received).as("the chat page's pushes are polled, never POSTed").isEmpty();
    }

    @Test
    void send_toAnotherAccount_isRejected() {
        SendOutcome out = channel().send(new Delivery("other", "u1", new Outbound.Text("x"), Optional.empty()));
        assertThat(out).isInstanceOf(SendOutcome.Rejected.class);
        assertThat(received).isEmpty();
    }

    @Test
    void userAddress_reachesWebhookUsersOnlyWithACallback() {
        assertThat(channel().userAddress(GenericChannel.WEBHOOK, "u1")).contains("u1");
        assertThat(channel(SECRET, "", Duration.ofSeconds(5)).userAddress(GenericChannel.WEBHOOK, "u1")).isEmpty();
        assertThat(channel(SECRET, "", Duration.ofSeconds(5)).userAddress(GenericChannel.CHAT_PAGE, "v1")).contains("v1");
        assertThat(channel().userAddress("other", "u1")).isEmpty();
        assertThat(GenericChannel.TYPE.addresses().problem("u1")).isEmpty();
    }

    @Test
    void settings_refuseNonHttpCallbacks_andMaskSecretsInToString() {
        assertThatThrownBy(() -> new GenericChannel.Settings(SECRET, "ftp://example.org/x", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callbackUrl");
        assertThatThrownBy(() -> new GenericChannel.Settings(SECRET, "/relative", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        String s = new GenericChannel.Settings(SECRET, "https://hooks.example.org/p?token=tok-123",
                Duration.ofSeconds(3)).toString();
        assertThat(s).doesNotContain(SECRET).doesNotContain("tok-123").contains("https://hooks.example.org");
        assertThat(new String(GenericChannel.pushBody("u", new Outbound.Text("t")), StandardCharsets.UTF_8))
                .isEqualTo("{\"user\":\"u\",\"replies\":[{\"type\":\"text\",\"text\":\"t\"}]}");
    }
}
