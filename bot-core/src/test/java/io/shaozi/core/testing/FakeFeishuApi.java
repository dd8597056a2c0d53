package io.shaozi.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake Feishu Open API on loopback: tenant_access_token and {@code im/v1/messages}, recording each send. */
public final class FakeFeishuApi implements AutoCloseable {
    private final HttpServer server;
    /** Each accepted send as {@code <query> <body>}. */
    public final List<String> messages = new CopyOnWriteArrayList<>();

    public FakeFeishuApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/open-apis/auth/v3/tenant_access_token/internal", ex -> {
            ex.getRequestBody().readAllBytes();
            reply(ex, 200, "{\"code\":0,\"msg\":\"ok\",\"tenant_access_token\":\"t-1\",\"expire\":7200}");
        });
        server.createContext("/open-apis/im/v1/messages", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!"Bearer t-1".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 400, "{\"code\":99991663,\"msg\":\"Invalid access token\"}");
                return;
            }
            messages.add(ex.getRequestURI().getRawQuery() + " " + body);
            reply(ex, 200, "{\"code\":0,\"msg\":\"success\",\"data\":{\"message_id\":\"om_" + messages.size() + "\"}}");
        });
        server.start();
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
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
