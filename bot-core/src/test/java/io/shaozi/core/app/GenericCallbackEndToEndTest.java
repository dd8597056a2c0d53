package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shaozi.adapters.generic.GenericChannel;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic channel's push callback over real sockets: a resident reports over {@code /webhook/generic}, the
 * department's staff member (whose alert address is {@code generic/generic/zhangwei}) gets the dispatch alert at the
 * callback, is recognised when writing over the webhook, and the resident gets the signed progress pushes, a failed
 * push being retried through the outbox.
 */
class GenericCallbackEndToEndTest {
    private static final String SECRET = "generic-callback-secret";
    private static final String ADMIN = "generic-callback-admin";
    private static final String CADRE = "zhangwei";
    private static final Pattern NUMBER = Pattern.compile("工单号? ?(\\d{10,})");

    /** One push the fake callback received. */
    record Push(String signature, String delivery, byte[] raw, JsonNode body, int answeredWith) {
        String user() {
            return body.path("user").asText();
        }

        String text() {
            return body.path("replies").toString();
        }
    }

    @TempDir
    static Path dir;
    static HttpServer callback;
    static final List<Push> pushes = new ArrayList<>();
    static final AtomicInteger failNext = new AtomicInteger();
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        callback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        callback.createContext("/push", GenericCallbackEndToEndTest::receive);
        callback.start();
        Path shipped = Path.of("..", "config").toAbsolutePath().normalize();
        String org = Files.readString(shipped.resolve("org.yaml"));
        String deptNotify = "notify: {channel: wecom, account: gov, recipient: \"@jd-cgb\"}";
        String person = "{id: \"cg-001\", name: \"张伟\", role: department_staff, department: \"jd-cgb\", phone: \"13800100011\"}";
        assertThat(org).contains(deptNotify, person);
        String generic = "notify: {channel: generic, account: generic, recipient: \"" + CADRE + "\"}";
        org = org.replace(deptNotify, generic).replace(person, person.substring(0, person.length() - 1) + ", " + generic + "}");
        Path orgFile = dir.resolve("org.yaml");
        Files.writeString(orgFile, org);
        server = TestServer.start(dir.resolve("data"), Map.of(
                "channels.generic.secret", SECRET,
                "channels.generic.callbackUrl", "http://127.0.0.1:" + callback.getAddress().getPort() + "/push",
                "channels.generic.callbackTimeoutMillis", "3000",
                "tickets.orgFile", orgFile.toString(),
                "nlp.categories", shipped.resolve("categories.yaml").toString(),
                "admin.token", ADMIN), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        callback.stop(0);
    }

    private static void receive(HttpExchange ex) throws IOException {
        byte[] raw = ex.getRequestBody().readAllBytes();
        int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 200;
        synchronized (pushes) {
            pushes.add(new Push(ex.getRequestHeaders().getFirst("X-Shaozi-Signature"),
                    ex.getRequestHeaders().getFirst("X-Shaozi-Delivery"), raw, Json.MAPPER.readTree(raw), status));
        }
        if (status == 503) {
            ex.getResponseHeaders().add("Retry-After", "0");
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    private static List<Push> pushesTo(String user) {
        synchronized (pushes) {
            return pushes.stream().filter(p -> p.user().equals(user)).toList();
        }
    }

    private static Push awaitPush(String user, String containing) throws Exception {
        Await.until(() -> "a push to " + user + " containing " + containing + "; received " + pushesTo(user).stream()
                .map(Push::text).toList(), Duration.ofSeconds(30), () -> pushesTo(user).stream()
                .anyMatch(p -> p.answeredWith() == 200 && p.text().contains(containing)));
        return pushesTo(user).stream().filter(p -> p.answeredWith() == 200 && p.text().contains(containing))
                .findFirst().orElseThrow();
    }

    private static String say(String user, String text, String msgId) throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode().put("user", user).put("text", text).put("msgId", msgId);
        String raw = Json.text(body);
        HttpResponse<String> r = server.post("/webhook/generic", raw, Map.of("X-Shaozi-Signature",
                "sha256=" + GenericChannel.hmacHex(SECRET, raw.getBytes(StandardCharsets.UTF_8))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body()).get("replies").toString();
    }

    /** Reports {@code text} as a resident, answering the dialog's questions; returns the ticket number. */
    private static String report(String user, String text, String place) throws Exception {
        String reply = say(user, text, user + "-0");
        for (int step = 1; step < 6; step++) {
            Matcher m = NUMBER.matcher(reply);
            if (m.find()) {
                return m.group(1);
            }
            if (reply.contains("具体位置")) {
                reply = say(user, place, user + "-" + step);
            } else if (reply.contains("现场照片")) {
                reply = say(user, "跳过", user + "-" + step);
            } else if (reply.contains("回复数字")) {
                reply = say(user, "1", user + "-" + step);
            } else {
                throw new AssertionError("unexpected dialog turn: " + reply);
            }
        }
        throw new AssertionError("no ticket opened: " + reply);
    }

    private static JsonNode api(String method, String path, String body) throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json");
        HttpResponse<String> r = method.equals("GET") ? server.getWithHeaders(path, auth) : server.post(path, body, auth);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return Json.MAPPER.readTree(r.body());
    }

    private static void assertSigned(Push p) {
        assertThat(p.signature()).isEqualTo("sha256=" + GenericChannel.hmacHex(SECRET, p.raw()));
    }

    @Test
    void residentOverWebhook_getsSignedProgressPushes_andTheCadreWithAGenericAddressGetsAlertsAndIsRecognised()
            throws Exception {
        String resident = "resident-wh-1";
        String number = report(resident, "楼道灯坏了好几天了，晚上上下楼看不见", "多福巷3号楼2单元");
        JsonNode ticket = api("GET", "/api/tickets/" + number, null);
        assertThat(ticket.path("departmentName").asText()).isEqualTo("街道城市管理办公室");

        // the department's alert address is the cadre's generic address: the dispatch alert reaches the callback
        Push alert = awaitPush(CADRE, number);
        assertSigned(alert);
        assertThat(alert.body().path("replies").get(0).path("type").asText()).isIn("text", "card");

        // the cadre writing over the webhook is recognised as that person (a resident would not be obeyed)
        String accepted = say(CADRE, "签收 " + number, "cadre-1");
        assertThat(accepted).contains("已接单 " + number);
        Push acceptPush = awaitPush(resident, "已由【街道城市管理办公室】签收");
        assertSigned(acceptPush);
        assertThat(acceptPush.body().path("replies")).hasSize(1);
        assertThat(acceptPush.body().path("replies").get(0).path("type").asText()).isEqualTo("text");

        // a progress event through the admin API; the first attempt is answered 503 and retried by the outbox
        failNext.set(1);
        api("POST", "/api/tickets/" + number + "/actions",
                "{\"action\":\"progress\",\"note\":\"已联系物业，明天上午更换灯泡\"}");
        Push progress = awaitPush(resident, "明天上午更换灯泡");
        assertSigned(progress);
        List<Push> attempts = pushesTo(resident).stream().filter(p -> p.text().contains("明天上午更换灯泡")).toList();
        assertThat(attempts).extracting(Push::answeredWith).containsExactly(503, 200);
        assertThat(attempts.get(0).delivery()).isEqualTo(attempts.get(1).delivery()).isNotBlank();

        // the synchronous replies are not pushed again
        assertThat(pushesTo(resident)).noneMatch(p -> p.text().contains("已为您登记"));
    }
}
