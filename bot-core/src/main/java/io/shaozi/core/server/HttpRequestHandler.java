package io.shaozi.core.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each aggregated request to the dispatcher, one at a time per connection so that pipelined
 * requests are answered in order (HTTP/1.1); closes idle and broken connections. All state is touched on
 * the channel's event loop only.
 */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRequestHandler.class);
    private static final int MAX_PIPELINED = 16;
    private final RequestDispatcher dispatcher;
    private final Deque<FullHttpRequest> pending = new ArrayDeque<>();
    private boolean busy;

    HttpRequestHandler(RequestDispatcher dispatcher) {
        super(false);
        this.dispatcher = dispatcher;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (busy) {
            if (pending.size() >= MAX_PIPELINED) {
                request.release();
                ctx.close();
                return;
            }
            pending.addLast(request);
            return;
        }
        run(ctx, request);
    }

    private void run(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        try {
            dispatcher.dispatch(ctx, request, () -> ctx.executor().execute(() -> next(ctx)));
        } finally {
            request.release();
        }
    }

    private void next(ChannelHandlerContext ctx) {
        busy = false;
        FullHttpRequest queued = pending.pollFirst();
        if (queued != null) {
            if (ctx.channel().isActive()) {
                run(ctx, queued);
            } else {
                queued.release();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        FullHttpRequest r;
        while ((r = pending.pollFirst()) != null) {
            r.release();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
