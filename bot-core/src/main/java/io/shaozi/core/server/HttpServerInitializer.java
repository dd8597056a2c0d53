package io.shaozi.core.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** Per-connection pipeline: idle timeout, HTTP codec with header/URI limits, keep-alive, body cap, dispatch. */
final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerLimits limits;
    private final RequestDispatcher dispatcher;
    private final AccessLog access;

    HttpServerInitializer(ServerLimits limits, RequestDispatcher dispatcher, AccessLog access) {
        this.limits = limits;
        this.dispatcher = dispatcher;
        this.access = access;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("idle", new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("codec", new HttpServerCodec(limits.maxUriBytes(), limits.maxHeaderBytes(), 8192));
        p.addLast("keepAlive", new HttpServerKeepAliveHandler());
        p.addLast("aggregator", new BodyCapAggregator(limits.maxBodyBytes(), access));
        p.addLast("handler", new HttpRequestHandler(dispatcher));
    }
}
