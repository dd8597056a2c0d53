package io.shaozi.adapters.sms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.JsonFields;
import io.shaozi.adapters.generic.GenericChannel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A generic HTTP SMS gateway (an operator's own relay to a carrier or an SMS vendor): each message is one POST of
 * {@code {"id": "<delivery id>", "phone": "<number>", "text": "...", "timestamp": <epoch seconds>}} with
 * {@code X-Shaozi-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}. The gateway deduplicates on {@code id}
 * (the same on retries). 2xx: sent; 408, 429, 5xx and transport errors: tried again later; anything else: refused.
 */
public final class HttpSmsGateway {
    /** How long a failed POST waits before the next try (the outbox adds its own backoff). */
    static final Duration RETRY = Duration.ofSeconds(30);

    private final URI url;
    private final String secret;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;

    public HttpSmsGateway(String url, String secret, Duration timeout, HttpClient http, Clock clock) {
        this.url = URI.create(Objects.requireNonNull(url, "url"));
        if (!"http".equals(this.url.getScheme()) && !"https".equals(this.url.getScheme())) {
            throw new IllegalArgumentException("the SMS gateway URL must be http(s)");
        }
        this.secret = Objects.requireNonNull(secret, "secret");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The body POSTed for one message. */
    public static byte[] body(String id, String phone, String text, long epochSeconds) {
        ObjectNode n = JsonFields.MAPPER.createObjectNode();
        n.put("id", id);
        n.put("phone", phone);
        n.put("text", text);
        n.put("timestamp", epochSeconds);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends {@code text} to {@code phone}; {@code id} identifies the message across retries. */
    public SendOutcome send(String id, String phone, String text) {
        byte[] body = body(id, phone, text, clock.instant().getEpochSecond());
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Shaozi-Signature", "sha256=" + GenericChannel.hmacHex(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return new SendOutcome.RetryLater(clock.instant().plus(RETRY), "SMS gateway unreachable: "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendOutcome.RetryLater(clock.instant().plus(RETRY), "interrupted");
        }
        int status = resp.statusCode();
        if (status >= 200 && status < 300) {
            return new SendOutcome.Sent(Optional.empty(), java.util.List.of());
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new SendOutcome.RetryLater(clock.instant().plus(RETRY), "SMS gateway answered HTTP " + status);
        }
        return new SendOutcome.Rejected("http_" + status, "the SMS gateway refused the message");
    }
}
