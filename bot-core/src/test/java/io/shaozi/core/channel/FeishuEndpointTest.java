package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Origin;
import io.shaozi.core.testing.Await;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.store.InboundLogJdbc;
import io.shaozi.core.testing.FakeFeishuApi;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /feishu/{app} over real sockets: URL verification (plain and encrypted), an encrypted and signed message event
 * whose reply reaches a fake Feishu API through the outbox, and refusals. Encryption and signatures are computed
 * here with the JDK, as Feishu documents them (AES-256-CBC, key SHA-256(encryptKey), IV prefixed;
 * X-Lark-Signature = hex SHA-256(timestamp + nonce + encryptKey + body)).
 */
class FeishuEndpointTest {
    static final String TOKEN = "v-token-abc";
    static final String ENCRYPT_KEY = "test key";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestServer server;
    static FakeFeishuApi api;
    static final MutableClock CLOCK = MutableClock.at("2026-11-28T08:00:00Z");

    @BeforeAll
    static void start() throws Exception {
        api = new FakeFeishuApi();
        Path cfg = dir.resolve("feishu.yaml");
        Files.writeString(cfg, """
                server:
                  workerThreads: 1
                channels:
                  feishu:
                    apiBase: %s
                    apps:
                      - {id: plain-app, appId: cli_plain, appSecret: s1, verificationToken: %s}
                      - {id: street-app, appId: cli_street, appSecret: s2, verificationToken: %s, encryptKey: %s}
                """.formatted(api.base(), TOKEN, TOKEN, ENCRYPT_KEY));
        server = TestServer.start(dir.resolve("data"), Optional.of(cfg), Map.of(), CLOCK,
                java.util.function.UnaryOperator.identity());
    }

    @AfterAll
    static void stop() {
        server.close();
        api.close();
    }

    static String encrypt(String plain) throws Exception {
        byte[] key = MessageDigest.getInstance("SHA-256").digest(ENCRYPT_KEY.getBytes(StandardCharsets.UTF_8));
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        byte[] all = new byte[16 + ct.length];
        System.arraycopy(iv, 0, all, 0, 16);
        System.arraycopy(ct, 0, all, 16, ct.length);
        return "{\"encrypt\":\"" + Base64.getEncoder().encodeToString(all) + "\"}";
    }

    static Map<String, String> signedHeaders(String body, String nonce) throws Exception {
        String ts = Long.toString(CLOCK.instant().getEpochSecond());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((ts + nonce + ENCRYPT_KEY).getBytes(StandardCharsets.UTF_8));
        String sig = HexFormat.of().formatHex(sha.digest(body.getBytes(StandardCharsets.UTF_8)));
        return Map.of("Content-Type", "application/json", "X-Lark-Request-Timestamp", ts,
                "X-Lark-Request-Nonce", nonce, "X-Lark-Signature", sig);
    }

    static String messageEvent(String eventId, String openId, String chatId, String text) {
        return "{\"schema\":\"2.0\",\"header\":{\"event_id\":\"" + eventId + "\",\"event_type\":\"im.message.receive_v1\","
                + "\"create_time\":\"" + CLOCK.millis() + "\",\"token\":\"" + TOKEN + "\",\"app_id\":\"cli_street\","
                + "\"tenant_key\":\"2ca1d211f64f6438\"},\"event\":{\"sender\":{\"sender_id\":{\"union_id\":\"on_1\","
                + "\"user_id\":\"u1\",\"open_id\":\"" + openId + "\"},\"sender_type\":\"user\",\"tenant_key\":\"t\"},"
                + "\"message\":{\"message_id\":\"om_in_" + eventId + "\",\"create_time\":\"" + CLOCK.millis() + "\","
                + "\"chat_id\":\"" + chatId + "\",\"chat_type\":\"p2p\",\"message_type\":\"text\","
                + "\"content\":\"{\\\"text\\\":\\\"" + text + "\\\"}\"}}}";
    }

    static int logged(String user) {
        return new InboundLogJdbc(server.app.database().orElseThrow().dataSource())
                .count(new Origin(Channel.FEISHU, "street-app", user, "-", Instant.EPOCH));
    }

    @Test
    void urlVerification_plainAndEncrypted_echoesTheChallenge() throws Exception {
        HttpResponse<String> plain = server.post("/feishu/plain-app",
                "{\"challenge\":\"ch-plain-1\",\"token\":\"" + TOKEN + "\",\"type\":\"url_verification\"}");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(plain.body()).path("challenge").asText()).isEqualTo("ch-plain-1");
        HttpResponse<String> enc = server.post("/feishu/street-app",
                encrypt("{\"challenge\":\"ch-enc-2\",\"token\":\"" + TOKEN + "\",\"type\":\"url_verification\"}"));
        assertThat(enc.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(enc.body()).path("challenge").asText()).isEqualTo("ch-enc-2");
        HttpResponse<String> wrongToken = server.post("/feishu/plain-app",
                "{\"challenge\":\"x\",\"token\":\"not-the-token\",\"type\":\"url_verification\"}");
        assertThat(wrongToken.statusCode()).isBetween(400, 499);
    }

    @Test
    void encryptedSignedMessage_isAcknowledgedAtOnce_andTheReplyIsSentToTheChat_once() throws Exception {
        String body = encrypt(messageEvent("ev-help-1", "ou_help", "oc_chat_help", "帮助"));
        Map<String, String> headers = signedHeaders(body, "nonce-1");
        HttpResponse<String> r = server.post("/feishu/street-app", body, headers);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        Await.until("the reply sent to oc_chat_help", () -> api.messages.stream().anyMatch(m -> m.contains("oc_chat_help")));
        assertThat(api.messages).anySatisfy(m -> {
            assertThat(m).startsWith("receive_id_type=chat_id ");
            JsonNode sent = JSON.readTree(m.substring(m.indexOf(' ') + 1));
            assertThat(sent.path("receive_id").asText()).isEqualTo("oc_chat_help");
            assertThat(sent.path("content").asText()).contains("常用");
        });
        long sends = api.messages.stream().filter(m -> m.contains("oc_chat_help")).count();
        // Feishu redelivers the same event (re-encrypted, re-signed): acknowledged, not processed again
        String body2 = encrypt(messageEvent("ev-help-1", "ou_help", "oc_chat_help", "帮助"));
        HttpResponse<String> again = server.post("/feishu/street-app", body2, signedHeaders(body2, "nonce-2"));
        assertThat(again.statusCode()).isEqualTo(200);
        // one dialog thread (workerThreads: 1) takes events in order: once a later event is processed, the
        // redelivery before it has been handled too
        String marker = encrypt(messageEvent("ev-help-marker", "ou_help_marker", "oc_chat_marker", "帮助"));
        assertThat(server.post("/feishu/street-app", marker, signedHeaders(marker, "nonce-marker")).statusCode())
                .isEqualTo(200);
        Await.until("the marker event processed", () -> logged("ou_help_marker") == 1);
        assertThat(logged("ou_help")).isEqualTo(1);
        assertThat(api.messages.stream().filter(m -> m.contains("oc_chat_help")).count()).isEqualTo(sends);
    }

    @Test
    void theSameSignedRequestTwice_isAcknowledgedTwice_andProcessedOnce() throws Exception {
        String body = encrypt(messageEvent("ev-twice-1", "ou_twice", "oc_twice", "帮助"));
        Map<String, String> headers = signedHeaders(body, "nonce-twice");
        assertThat(server.post("/feishu/street-app", body, headers).statusCode()).isEqualTo(200);
        assertThat(server.post("/feishu/street-app", body, headers).statusCode()).as("retry").isEqualTo(200);
        String marker = encrypt(messageEvent("ev-twice-marker", "ou_twice_marker", "oc_twice", "帮助"));
        assertThat(server.post("/feishu/street-app", marker, signedHeaders(marker, "nonce-twice-marker"))
                .statusCode()).isEqualTo(200);
        Await.until("the marker event processed", () -> logged("ou_twice_marker") == 1);
        assertThat(logged("ou_twice")).isEqualTo(1);
    }

    @Test
    void tamperedSignatureOrPlaintextOnAnEncryptedApp_isRefusedAndLeavesNoTrace() throws Exception {
        String body = encrypt(messageEvent("ev-bad-1", "ou_bad", "oc_bad", "帮助"));
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders(body, "nonce-3"));
        String sig = headers.get("X-Lark-Signature");
        headers.put("X-Lark-Signature", (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1)); // always a change
        assertThat(server.post("/feishu/street-app", body, headers).statusCode()).isEqualTo(401);
        String other = encrypt(messageEvent("ev-bad-1", "ou_bad", "oc_bad", "帮助"));
        assertThat(server.post("/feishu/street-app", other, signedHeaders(body, "nonce-3")).statusCode())
                .as("signature of another body").isEqualTo(401);
        String plain = messageEvent("ev-bad-2", "ou_bad", "oc_bad", "帮助");
        assertThat(server.post("/feishu/street-app", plain, signedHeaders(plain, "nonce-4")).statusCode())
                .as("plaintext refused when an encrypt key is set").isBetween(400, 499);
        assertThat(server.post("/feishu/no-such-app", plain).statusCode()).isEqualTo(404);
        // refusals are answered before anything is queued: nothing can arrive later
        assertThat(logged("ou_bad")).isZero();
    }

    @Test
    void eventThatCannotBeRecorded_isNotAcknowledged_soFeishuDeliversItAgain() throws Exception {
        javax.sql.DataSource ds = server.app.database().orElseThrow().dataSource();
        String body = encrypt(messageEvent("ev-store-down", "ou_down", "oc_down", "帮助"));
        HttpResponse<String> down;
        try (var c = ds.getConnection(); var st = c.createStatement()) {
            st.execute("ALTER TABLE inbound_message RENAME TO inbound_message_away");
            try {
                down = server.post("/feishu/street-app", body, signedHeaders(body, "nonce-down-1"));
            } finally {
                st.execute("ALTER TABLE inbound_message_away RENAME TO inbound_message");
            }
        }
        assertThat(down.statusCode()).as("never {} for an event that is not stored").isGreaterThanOrEqualTo(500);
        String again = encrypt(messageEvent("ev-store-down", "ou_down", "oc_down", "帮助"));
        HttpResponse<String> redelivered = server.post("/feishu/street-app", again, signedHeaders(again, "nonce-down-2"));
        assertThat(redelivered.statusCode()).isEqualTo(200);
        assertThat(logged("ou_down")).as("recorded before the 200").isEqualTo(1);
        DurableAcknowledgementTest.awaitTrue(() -> api.messages.stream().anyMatch(m -> m.contains("oc_down")),
                java.time.Duration.ofSeconds(10));
    }
}
