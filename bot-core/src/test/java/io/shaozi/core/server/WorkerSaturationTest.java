package io.shaozi.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.testing.Await;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerSaturationTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpServer server(Router router, WorkerPool pool) {
        return new HttpServer("127.0.0.1", 0, new ServerLimits(1 << 20, 16384, 8192, Duration.ofSeconds(30)),
                () -> router, pool, new ServerMetrics(new SimpleMeterRegistry(), pool));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    private CompletableFuture<HttpResponse<String>> get(int port, String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void saturatedWorkers_answer503WithRetryAfter_andNeverQueueUnbounded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Router router = new Router().get("/slow", req -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return WebResponse.text(200, "done");
        });
        WorkerPool pool = new WorkerPool(1, 1);
        HttpServer s = server(router, pool);
        int port = s.start();
        try {
            CompletableFuture<HttpResponse<String>> running = get(port, "/slow");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<HttpResponse<String>> queued = get(port, "/slow");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pool.queueDepth() < 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            HttpResponse<String> refused = get(port, "/slow").get(5, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            release.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(queued.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } finally {
            release.countDown();
            s.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void stop_letsInFlightRequestFinish_thenRefusesConnections() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Router router = new Router().get("/slow", req -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return WebResponse.text(200, "finished");
        });
        HttpServer s = server(router, new WorkerPool(2, 4));
        int port = s.start();
        CompletableFuture<HttpResponse<String>> inFlight = get(port, "/slow");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> s.stop(Duration.ofSeconds(5)));
        Await.until("the listening socket closed", () -> !accepts(port));
        assertThat(stopping).as("stop waits for the request in flight").isNotDone();
        release.countDown();
        HttpResponse<String> r = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("finished");
        stopping.get(10, TimeUnit.SECONDS);
        assertThat(get(port, "/slow")).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(ConnectException.class);
    }

    @Test
    void handlerException_is500WithoutDetails_andHttpErrorKeepsItsStatus() throws Exception {
        Router router = new Router()
                .get("/boom", req -> {
                    throw new IllegalStateException("secret internal detail");
                })
                .get("/teapot", req -> {
                    throw new io.shaozi.core.http.HttpError(418, "短而清楚的原因");
                });
        HttpServer s = server(router, new WorkerPool(2, 4));
        int port = s.start();
        try {
            HttpResponse<String> boom = get(port, "/boom").get(5, TimeUnit.SECONDS);
            assertThat(boom.statusCode()).isEqualTo(500);
            assertThat(boom.body()).isEqualTo("{\"error\":\"internal error\"}");
            HttpResponse<String> tea = get(port, "/teapot").get(5, TimeUnit.SECONDS);
            assertThat(tea.statusCode()).isEqualTo(418);
            assertThat(tea.body()).contains("短而清楚的原因");
        } finally {
            s.stop(Duration.ofSeconds(1));
        }
    }
}
