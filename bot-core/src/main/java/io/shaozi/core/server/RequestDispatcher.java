package io.shaozi.core.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request on the event loop (cheap), runs its handler on the worker pool (may block), and writes
 * the response back. Logs one access line per request: method, route pattern, status, milliseconds — never
 * the query string or body, which can carry signatures and personal data.
 */
final class RequestDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    private final Supplier<Router> router;
    private final WorkerPool pool;
    private final ServerMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AccessLog access;

    RequestDispatcher(Supplier<Router> router, WorkerPool pool, ServerMetrics metrics, AccessLog access) {
        this.router = router;
        this.pool = pool;
        this.metrics = metrics;
        this.access = access;
    }

    int inFlight() {
        return inFlight.get();
    }

    void dispatch(ChannelHandlerContext ctx, FullHttpRequest req, Runnable done) {
        long start = System.nanoTime();
        String method = req.method().name();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (req.decoderResult().isFailure()) {
            Throwable cause = req.decoderResult().cause();
            int status = cause instanceof TooLongHttpLineException ? 414
                    : cause instanceof TooLongHttpHeaderException ? 431
                    : cause instanceof TooLongFrameException ? 413 : 400;
            write(ctx, false, WebResponse.error(status, reason(status)), method, "-", start);
            done.run();
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        String path;
        Map<String, List<String>> query;
        try {
            path = qs.path();
            query = qs.parameters();
        } catch (IllegalArgumentException badEscape) {
            write(ctx, keepAlive, WebResponse.error(400, "malformed percent-encoding in the URL"), method, "-",
                    start);
            done.run();
            return;
        }
        Router.Match match = router.get().match(method, path);
        if (match instanceof Router.Match.NotFound) {
            write(ctx, keepAlive, WebResponse.error(404, "no such resource: " + path), method, "unmatched",
                    start);
            done.run();
            return;
        }
        if (match instanceof Router.Match.MethodNotAllowed m) {
            write(ctx, keepAlive, WebResponse.error(405, "method " + method + " not allowed; allowed: "
                    + String.join(", ", m.allowed())).withHeader("Allow", String.join(", ", m.allowed())),
                    method, "unmatched", start);
            done.run();
            return;
        }
        Router.Match.Found found = (Router.Match.Found) match;
        String route = found.route().pattern();
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : "unknown";
        WebRequest web = new WebRequest(method, path, found.vars(), query, headers,
                ByteBufUtil.getBytes(req.content()), remote);
        inFlight.incrementAndGet();
        Runnable work = () -> {
            WebResponse response;
            try {
                response = found.route().handler().handle(web);
            } catch (HttpError e) {
                response = WebResponse.error(e.status(), e.getMessage());
                if (e.status() == 503) {
                    response = response.withHeader("Retry-After", "1");
                }
            } catch (Exception e) {
                if (e instanceof io.shaozi.core.http.Retryable r && r.retryable()) {
                    LOG.warn("{} {}: a dependency is unavailable ({})", method, route, e.getMessage());
                    response = WebResponse.error(503, "service temporarily unavailable, retry shortly")
                            .withHeader("Retry-After", "1");
                } else {
                    LOG.error("handler for {} {} failed", method, route, e);
                    response = WebResponse.error(500, "internal error");
                }
            } catch (Error e) {
                LOG.error("handler for {} {} failed", method, route, e);
                response = WebResponse.error(500, "internal error");
            }
            write(ctx, keepAlive, response, method, route, start);
            inFlight.decrementAndGet();
            done.run();
        };
        if (found.route().inline()) {
            work.run();
            return;
        }
        boolean queued = pool.trySubmit(work);
        if (!queued) {
            inFlight.decrementAndGet();
            metrics.rejected(route);
            write(ctx, keepAlive, WebResponse.error(503, "server busy, retry shortly").withHeader("Retry-After", "1"),
                    method, route, start);
            done.run();
        }
    }

    /** Plain words for a request the codec could not read (never the codec's exception name). */
    static String reason(int status) {
        return switch (status) {
            case 414 -> "request line (URL) too long";
            case 431 -> "request headers too large";
            case 413 -> "request too large";
            default -> "malformed HTTP request";
        };
    }

    private void write(ChannelHandlerContext ctx, boolean keepAlive, WebResponse r, String method, String route,
                       long start) {
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()),
                "HEAD".equals(method) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        SecurityHeaders.apply(resp.headers());
        r.headers().forEach((k, v) -> resp.headers().set(k, v));
        HttpUtil.setKeepAlive(resp, keepAlive);
        var future = ctx.writeAndFlush(resp);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
        long nanos = System.nanoTime() - start;
        metrics.record(method, route, r.status(), nanos);
        access.log(method, route, r.status(), nanos / 1_000_000);
    }
}
