package io.shaozi.core.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake WeChat API on loopback: issues tokens and records customer-service and template sends. */
public final class FakeWeChatApi implements AutoCloseable {
    private final HttpServer server;
    public final List<String> customSends = new CopyOnWriteArrayList<>();
    public final AtomicInteger tokenCalls = new AtomicInteger();
    /** Files served by {@code /cgi-bin/media/get} by media_id (content type, bytes); other ids answer 40007. */
    public final java.util.Map<String, java.util.Map.Entry<String, byte[]>> media =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Error bodies {@code /cgi-bin/media/get} answers first, one per call. */
    public final java.util.Deque<String> mediaErrors = new java.util.concurrent.ConcurrentLinkedDeque<>();
    public final AtomicInteger mediaCalls = new AtomicInteger();

    public FakeWeChatApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cgi-bin/stable_token", ex -> {
            ex.getRequestBody().readAllBytes();
            tokenCalls.incrementAndGet();
            reply(ex, "{\"access_token\":\"TOKEN-1\",\"expires_in\":7200}");
        });
        server.createContext("/cgi-bin/gettoken", ex -> { // WeCom
            tokenCalls.incrementAndGet();
            reply(ex, "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"TOKEN-1\",\"expires_in\":7200}");
        });
        server.createContext("/cgi-bin/token", ex -> {
            tokenCalls.incrementAndGet();
            reply(ex, "{\"access_token\":\"TOKEN-1\",\"expires_in\":7200}");
        });
        server.createContext("/cgi-bin/message/custom/send", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!ex.getRequestURI().getQuery().contains("access_token=TOKEN-1")) {
                reply(ex, "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}");
                return;
            }
            customSends.add(body);
            reply(ex, "{\"errcode\":0,\"errmsg\":\"ok\"}");
        });
        server.createContext("/cgi-bin/media/get", ex -> {
            mediaCalls.incrementAndGet();
            String q = ex.getRequestURI().getQuery();
            String error = mediaErrors.pollFirst();
            if (error != null) {
                reply(ex, error);
                return;
            }
            java.util.Map.Entry<String, byte[]> m = media.get(q.replaceAll(".*media_id=([^&]*).*", "$1"));
            if (m == null || !q.contains("access_token=TOKEN-1")) {
                reply(ex, m == null ? "{\"errcode\":40007,\"errmsg\":\"invalid media_id\"}"
                        : "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}");
                return;
            }
            ex.getResponseHeaders().set("Content-Type", m.getKey());
            ex.sendResponseHeaders(200, m.getValue().length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(m.getValue());
            }
        });
        server.start();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
