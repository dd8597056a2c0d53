package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.testing.Await;
import io.shaozi.adapters.generic.GenericChannel;
import io.shaozi.core.http.Json;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The foundation over real sockets: health, limits, errors, generic channel, chat page, metrics. */
class ServerEndToEndTest {
    @TempDir
    static Path data;
    static TestServer server;
    static final String METRICS_TOKEN = "metrics-token-for-tests";

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data, Map.of("channels.generic.secret", "s3cret-key",
                "server.metricsToken", METRICS_TOKEN), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String signed(String body) {
        return "sha256=" + GenericChannel.hmacHex("s3cret-key", body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> postSigned(String body) throws Exception {
        return server.post("/webhook/generic", body, Map.of("X-Shaozi-Signature", signed(body)));
    }

    /** Raw HTTP/1.1 exchange on a socket; returns the whole response text. */
    private static String raw(String head, byte[] body, int bodyBytesToSend) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.app.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body, 0, bodyBytesToSend);
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the server may close after answering 413 before the whole body is sent
            }
            return TestServer.readAll(s);
        }
    }

    @Test
    void healthz_isOkOnceStoreAnswers() throws Exception {
        HttpResponse<String> r = server.get("/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\",\"store\":\"up\"}");
        assertThat(server.get("/healthz/ready").body()).isEqualTo(r.body());
        assertThat(server.get("/healthz/live").statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedBody_gets413AndIsNotProcessed() throws Exception {
        byte[] body = new byte[2 * 1024 * 1024];
        String resp = raw("POST /webhook/generic HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n", body, body.length);
        assertThat(resp).startsWith("HTTP/1.1 413").contains("request body larger than 1048576 bytes");
    }

    @Test
    void malformedJson_gets400WithReason() throws Exception {
        String body = "{\"user\": \"u\",";
        HttpResponse<String> r = postSigned(body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).startsWith("malformed JSON");
    }

    @Test
    void missingField_gets400NamingIt() throws Exception {
        HttpResponse<String> r = postSigned("{\"user\":\"u\",\"text\":\"你好\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("missing field: msgId");
        HttpResponse<String> wrongType = postSigned("{\"user\":\"u\",\"text\":5,\"msgId\":\"m\"}");
        assertThat(wrongType.body()).contains("field text must be a string");
    }

    @Test
    void signature_missingOrWrong_is401() throws Exception {
        String body = "{\"user\":\"u-sig\",\"text\":\"你好\",\"msgId\":\"m-sig\"}";
        assertThat(server.post("/webhook/generic", body).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = server.post("/webhook/generic", body,
                Map.of("X-Shaozi-Signature", signed(body + " ")));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("bad X-Shaozi-Signature");
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
    }

    @Test
    void sameMsgId_isAnsweredAgainButProcessedOnce() throws Exception {
        String body = "{\"user\":\"u-dup\",\"text\":\"我的工单\",\"msgId\":\"m-dup\"}";
        HttpResponse<String> first = postSigned(body);
        HttpResponse<String> second = postSigned(body);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(first.body()).get("replies").get(0).get("text").asText()).contains("您还没有工单");
        assertThat(Json.MAPPER.readTree(second.body()).get("replies"))
                .isEqualTo(Json.MAPPER.readTree(first.body()).get("replies"));
        assertThat(Json.MAPPER.readTree(second.body()).get("duplicate").asBoolean()).isTrue();
        var log = new io.shaozi.core.store.InboundLogJdbc(server.app.database().orElseThrow().dataSource());
        assertThat(log.count(new io.shaozi.adapters.common.Origin(io.shaozi.adapters.common.Channel.GENERIC,
                "generic", "u-dup", "-", java.time.Instant.EPOCH))).isEqualTo(1);
    }

    @Test
    void unknownPath_is404_andWrongMethod_is405WithAllow() throws Exception {
        HttpResponse<String> nf = server.get("/nope");
        assertThat(nf.statusCode()).isEqualTo(404);
        assertThat(nf.body()).isEqualTo("{\"error\":\"no such resource: /nope\"}");
        HttpResponse<String> na = server.get("/webhook/generic");
        assertThat(na.statusCode()).isEqualTo(405);
        assertThat(na.headers().firstValue("Allow")).contains("POST");
    }

    @Test
    void chatPage_isServedWithoutExternalResources() throws Exception {
        HttpResponse<String> r = server.get("/chat/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("哨子").contains("chat.js").doesNotContain("http://", "https://");
        assertThat(server.get("/chat/chat.js").body()).contains("/chat/api/messages").doesNotContain("http://", "https://");
        assertThat(server.get("/chat/../logback.xml").statusCode()).isEqualTo(404);
    }

    /** A chat-page session: the Cookie header value and the user it stands for. */
    private record Session(String cookie, String user) {
    }

    private static Session chatSession() throws Exception {
        HttpResponse<String> r = server.get("/chat/api/session");
        assertThat(r.statusCode()).isEqualTo(200);
        return new Session(io.shaozi.core.channel.ChatSessions.COOKIE + "="
                + io.shaozi.core.dialog.ChatClient.cookieValue(r), Json.MAPPER.readTree(r.body()).get("user").asText());
    }

    @Test
    void chatApi_usesThePipelineUnderTheServerIssuedSession_evenWhenTheWebhookIsSigned() throws Exception {
        Session s = chatSession();
        HttpResponse<String> r = server.post("/chat/api/messages",
                "{\"user\":\"web-1\",\"text\":\"你好\",\"msgId\":\"c1\"}",
                Map.of("Content-Type", "application/json", "Cookie", s.cookie()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("replies");
        assertThat(server.post("/chat/api/messages", "{\"text\":\"你好\",\"msgId\":\"c2\"}").statusCode())
                .as("no session, no message").isEqualTo(401);
    }

    @Test
    void metrics_isPrometheusTextWithRouteAndStatus() throws Exception {
        server.get("/healthz");
        HttpResponse<String> r = server.getWithHeaders("/metrics", Map.of("Authorization", "Bearer " + METRICS_TOKEN));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/healthz\",status=\"200\"}")
                .contains("http_server_requests_seconds_bucket").contains("shaozi_worker_queue_depth")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void keepAlive_servesSeveralRequestsOnOneConnection() throws Exception {
        String two = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        String resp = raw(two, new byte[0], 0);
        assertThat(resp.split("HTTP/1.1 200 OK", -1)).hasSize(3);
    }

    @Test
    void overlongUri_is414_andHugeHeaders_are431() throws Exception {
        String longUri = "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        assertThat(raw(longUri, new byte[0], 0)).startsWith("HTTP/1.1 414");
        String bigHeader = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n";
        assertThat(raw(bigHeader, new byte[0], 0)).startsWith("HTTP/1.1 431");
    }

    @Test
    void chatPoll_returnsMessagesPushedThroughTheOutboxInOrder() throws Exception {
        Session s = chatSession();
        Map<String, String> cookie = Map.of("Cookie", s.cookie());
        HttpResponse<String> start = server.getWithHeaders("/chat/api/messages?user=web-push", cookie);
        long last = Json.MAPPER.readTree(start.body()).get("last").asLong();
        var db = server.app.database().orElseThrow();
        for (String text : new String[] {"您的哨单已派单", "您的哨单已办结，请评价"}) {
            new io.shaozi.core.store.Tx(db.dataSource()).inTx(c -> io.shaozi.core.store.OutboxJdbc.enqueue(c,
                    new io.shaozi.core.push.OutboxMessage(io.shaozi.adapters.common.Channel.GENERIC, "chat", s.user(),
                            new io.shaozi.adapters.common.Outbound.Text(text), java.util.Optional.empty()),
                    java.time.Instant.now()));
        }
        com.fasterxml.jackson.databind.JsonNode[] polled = new com.fasterxml.jackson.databind.JsonNode[1];
        Await.until("both pushes on the chat page", () -> {
            polled[0] = Json.MAPPER.readTree(server.getWithHeaders("/chat/api/messages?user=web-push&after=" + last, cookie).body());
            return polled[0].get("messages").size() == 2;
        });
        com.fasterxml.jackson.databind.JsonNode got = polled[0];
        assertThat(got.get("messages").get(0).get("text").asText()).isEqualTo("您的哨单已派单");
        assertThat(got.get("messages").get(1).get("text").asText()).isEqualTo("您的哨单已办结，请评价");
        long newLast = got.get("last").asLong();
        assertThat(Json.MAPPER.readTree(server.getWithHeaders("/chat/api/messages?after=" + newLast, cookie).body())
                .get("messages")).isEmpty();
        assertThat(server.getWithHeaders("/chat/api/messages?after=x", cookie).statusCode()).isEqualTo(400);
        assertThat(server.get("/chat/api/messages?user=" + s.user()).statusCode()).isEqualTo(401);
    }
}
