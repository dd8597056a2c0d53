package io.shaozi.adapters.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.JsonTree;
import io.shaozi.adapters.testkit.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code getsendresult} against a loopback DingTalk answering as the public documentation describes. */
class DingTalkSendResultTest {
    static final DingTalkApp APP = new DingTalkApp("street-app", "dingappkey", "appsecret", "tok3n",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "dingappkey", Optional.of("123456789"));
    static final String RESULT = "{\"errcode\":0,\"errmsg\":\"ok\",\"send_result\":{\"invalid_user_id_list\":[\"ghost\"],"
            + "\"forbidden_user_id_list\":[\"capped\"],\"failed_user_id_list\":[\"broken\"],"
            + "\"read_user_id_list\":[\"reader\"],\"unread_user_id_list\":[\"later\"],\"invalid_dept_id_list\":[],"
            + "\"forbidden_list\":[{\"code\":\"143105\",\"count\":500,\"userid\":\"capped\"},"
            + "{\"code\":\"143106\",\"count\":1,\"userid\":\"twice\"}]},\"request_id\":\"r1\"}";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final ArrayDeque<String[]> answers = new ArrayDeque<>();
    final AtomicInteger tokenFetches = new AtomicInteger();
    HttpServer server;
    DingTalkClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/gettoken", ex -> {
            int n = tokenFetches.incrementAndGet();
            reply(ex, 200, "{\"errcode\":0,\"access_token\":\"t" + n + "\",\"expires_in\":7200}");
        });
        server.createContext("/topapi/message/corpconversation/getsendresult", ex -> {
            requests.add(ex.getRequestURI().getRawQuery() + " " + new String(ex.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            String[] a;
            synchronized (answers) {
                a = answers.isEmpty() ? new String[] {"200", RESULT} : answers.poll();
            }
            reply(ex, Integer.parseInt(a[0]), a[1]);
        });
        server.start();
        client = new DingTalkClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5)), http, clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    void answer(int status, String body) {
        synchronized (answers) {
            answers.add(new String[] {Integer.toString(status), body});
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Test
    void sendResult_postsAgentAndTaskAsNumbersAndReadsEveryList() {
        WorkNoticeResult r = client.workNoticeResult(APP, "256271667526");

        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).startsWith("access_token=t1 ");
        JsonNode body = JsonTree.object(requests.get(0).substring(requests.get(0).indexOf(' ') + 1)).orElseThrow();
        assertThat(body.get("agent_id").isNumber()).isTrue();
        assertThat(body.get("agent_id").asLong()).isEqualTo(123456789L);
        assertThat(body.get("task_id").isNumber()).isTrue();
        assertThat(body.get("task_id").asLong()).isEqualTo(256271667526L);
        WorkNoticeResult.Known k = (WorkNoticeResult.Known) r;
        assertThat(k.of("ghost")).isEqualTo(WorkNoticeResult.UserStatus.INVALID);
        assertThat(k.of("capped")).isEqualTo(WorkNoticeResult.UserStatus.FORBIDDEN);
        assertThat(k.forbiddenCode("capped")).contains("143105");
        assertThat(k.of("twice")).isEqualTo(WorkNoticeResult.UserStatus.FORBIDDEN); // in forbidden_list only
        assertThat(k.forbiddenCode("twice")).contains("143106");
        assertThat(k.of("broken")).isEqualTo(WorkNoticeResult.UserStatus.FAILED);
        assertThat(k.of("reader")).isEqualTo(WorkNoticeResult.UserStatus.READ);
        assertThat(k.of("later")).isEqualTo(WorkNoticeResult.UserStatus.UNREAD);
        assertThat(k.of("nobody")).isEqualTo(WorkNoticeResult.UserStatus.UNKNOWN);
        assertThat(k.forbiddenCode("reader")).isEmpty();
    }

    @Test
    void sendResult_missingListsAreEmpty() {
        answer(200, "{\"errcode\":0,\"send_result\":{\"read_user_id_list\":[\"reader\"]}}");
        WorkNoticeResult.Known k = (WorkNoticeResult.Known) client.workNoticeResult(APP, "1");
        assertThat(k.read()).containsExactly("reader");
        assertThat(k.forbidden()).isEmpty();
        assertThat(k.forbiddenCodes()).isEmpty();
    }

    @Test
    void sendResult_platformErrcodeIsUnavailableWithoutRetry() {
        answer(200, "{\"errcode\":400002,\"errmsg\":\"task not found\"}");
        assertThat(client.workNoticeResult(APP, "42"))
                .isEqualTo(new WorkNoticeResult.Unavailable("400002", "task not found", false));
    }

    @Test
    void sendResult_busyAndThrottledAreRetried() {
        answer(200, "{\"errcode\":-1,\"errmsg\":\"系统繁忙\"}");
        answer(200, "{\"errcode\":90018,\"errmsg\":\"too fast\"}");
        answer(503, "{}");
        for (int i = 0; i < 3; i++) {
            assertThat(client.workNoticeResult(APP, "42")).isInstanceOfSatisfying(WorkNoticeResult.Unavailable.class,
                    u -> assertThat(u.retry()).isTrue());
        }
    }

    @Test
    void sendResult_badJsonIsUnavailableAndRetried() {
        answer(200, "<html>gateway</html>");
        assertThat(client.workNoticeResult(APP, "42")).isInstanceOfSatisfying(WorkNoticeResult.Unavailable.class,
                u -> assertThat(u.retry()).isTrue());
        answer(200, "{\"errcode\":0}");
        assertThat(client.workNoticeResult(APP, "42")).isInstanceOfSatisfying(WorkNoticeResult.Unavailable.class,
                u -> assertThat(u.errcode()).isEqualTo("no_send_result"));
    }

    @Test
    void sendResult_rejectedTokenIsFetchedAgainOnce() {
        answer(200, "{\"errcode\":40014,\"errmsg\":\"不合法的access_token\"}");
        assertThat(client.workNoticeResult(APP, "42")).isInstanceOf(WorkNoticeResult.Known.class);
        assertThat(tokenFetches.get()).isEqualTo(2);
        assertThat(requests.get(1)).startsWith("access_token=t2 ");
    }

    @Test
    void sendResult_refusesNonNumericTaskAndAppWithoutAgentWithoutCalling() {
        assertThat(client.workNoticeResult(APP, "abc")).isInstanceOfSatisfying(WorkNoticeResult.Unavailable.class,
                u -> assertThat(u.retry()).isFalse());
        DingTalkApp noAgent = new DingTalkApp("a", "k", "s", "t", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "k");
        assertThat(client.workNoticeResult(noAgent, "42")).isInstanceOf(WorkNoticeResult.Unavailable.class);
        assertThat(requests).isEmpty();
    }

    @Test
    void sendResult_transportFailureIsRetried() {
        server.stop(0);
        assertThat(client.workNoticeResult(APP, "42")).isInstanceOfSatisfying(WorkNoticeResult.Unavailable.class,
                u -> assertThat(u.retry()).isTrue());
    }
}
