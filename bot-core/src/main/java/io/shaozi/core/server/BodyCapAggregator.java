package io.shaozi.core.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Aggregates request bodies up to the cap; a larger body is answered 413 with a JSON reason and the
 * connection is closed (the rest of the body is never read or stored).
 */
final class BodyCapAggregator extends HttpObjectAggregator {
    private final int maxBytes;
    private final AccessLog access;

    BodyCapAggregator(int maxBytes, AccessLog access) {
        super(maxBytes);
        this.maxBytes = maxBytes;
        this.access = access;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        byte[] body = ("{\"error\":\"request body larger than " + maxBytes + " bytes\"}")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        resp.headers().set(HttpHeaderNames.CONNECTION, "close");
        SecurityHeaders.apply(resp.headers());
        access.log(oversized instanceof io.netty.handler.codec.http.HttpRequest r ? r.method().name() : "-",
                "(body over the cap)", 413, 0);
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }
}
