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

    public FakeWeChatApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cgi-bin/stable_token", ex -> {
            ex.getRequestBody().readAllBytes();
            tokenCalls.incrementAndGet();
            reply(ex, "{\"access_token\":\"TOKEN-1\",\"expires_in\":7200}");
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
