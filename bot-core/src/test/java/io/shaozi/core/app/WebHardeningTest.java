package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an attacker probing the server sees: headers on the pages, the metrics lock, error bodies. */
class WebHardeningTest {
    @TempDir
    static Path data;
    static TestServer server;
    static final String METRICS_TOKEN = "a-metrics-token";
    /** A Java or Netty class name in a body. */
    static final Pattern CLASS_NAME = Pattern.compile("Exception|Error\\b|\\bjava\\.|io\\.netty|\\bio\\.shaozi|[A-Z][a-z]+[A-Z][A-Za-z]+Exception");

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data, Optional.empty(), Map.of("server.metricsToken", METRICS_TOKEN),
                Clock.systemUTC(), bot -> in -> {
                    if (in instanceof io.shaozi.adapters.common.Inbound.Text t && t.text().equals("boom")) {
                        throw new IllegalStateException("java.lang.IllegalStateException: boom");
                    }
                    return bot.reply(in);
                });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.app.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return TestServer.readAll(s);
        }
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void pagesAndTheirApis_carryStrictSecurityHeaders() throws Exception {
        for (String path : List.of("/console/", "/console/app.js", "/chat/", "/chat/chat.js", "/chat/chat.css",
                "/chat/api/session", "/chat/api/messages", "/api/tickets", "/nope")) {
            HttpResponse<String> r = server.get(path);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).as(path)
                    .startsWith("default-src 'self'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
        }
        String tooBig = raw("POST /webhook/generic HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n");
        assertThat(tooBig).startsWith("HTTP/1.1 413").containsIgnoringCase("x-content-type-options: nosniff");
    }

    @Test
    void pages_haveNoInlineScriptOrStyle_soTheStrictPolicyBlocksNothing() throws Exception {
        for (String page : List.of("/chat/", "/console/")) {
            String html = server.get(page).body();
            assertThat(html).as(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                    .doesNotContain("<style").doesNotContainPattern("\\son[a-z]+=").doesNotContain("style=")
                    .doesNotContain("javascript:");
        }
        assertThat(server.get("/chat/chat.js").body()).doesNotContain("eval(").doesNotContain("innerHTML")
                .as("the page never names its user").doesNotContain("user:").doesNotContain("localStorage");
        String console = server.get("/console/app.js").body();
        assertThat(console).doesNotContain("eval(").doesNotContain("new Function")
                .as("style attributes go through CSSOM, which the policy allows").contains("node.style.cssText");
    }

    @Test
    void metrics_needTheBearerToken() throws Exception {
        assertThat(server.get("/metrics").statusCode()).isEqualTo(401);
        assertThat(server.getWithHeaders("/metrics", Map.of("Authorization", "Bearer wrong")).statusCode())
                .isEqualTo(401);
        HttpResponse<String> ok = server.getWithHeaders("/metrics", Map.of("Authorization", "Bearer " + METRICS_TOKEN));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("shaozi_accesslog_dropped_total");
    }

    @Test
    void metrics_withoutAConfiguredToken_areNotServed() throws Exception {
        try (TestServer plain = TestServer.start(data.resolve("plain"))) {
            HttpResponse<String> r = plain.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).doesNotContain("jvm_");
        }
    }

    @Test
    void codecErrors_areAnsweredInPlainWords_withoutClassNames() throws Exception {
        String longUri = raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(longUri).startsWith("HTTP/1.1 414");
        assertThat(body(longUri)).contains("too long").doesNotContainPattern(CLASS_NAME);
        String bigHeader = raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
        assertThat(bigHeader).startsWith("HTTP/1.1 431");
        assertThat(body(bigHeader)).contains("too large").doesNotContainPattern(CLASS_NAME);
        String garbage = raw("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
        assertThat(garbage).startsWith("HTTP/1.1 400");
        assertThat(body(garbage)).contains("malformed").doesNotContainPattern(CLASS_NAME);
        String badEscape = raw("GET /chat/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(badEscape).startsWith("HTTP/1.1 400");
        assertThat(body(badEscape)).contains("percent-encoding").doesNotContainPattern(CLASS_NAME);
        String tooBig = raw("POST /webhook/generic HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n");
        assertThat(body(tooBig)).doesNotContainPattern(CLASS_NAME);
    }

    @Test
    void handlerFailure_is500InPlainWords() throws Exception {
        HttpResponse<String> r = server.post("/webhook/generic", "{\"user\":\"u\",\"text\":\"boom\",\"msgId\":\"b1\"}");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContainPattern(CLASS_NAME).doesNotContain("boom");
    }

}
