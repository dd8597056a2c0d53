package io.shaozi.core.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.shaozi.core.http.Router;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Netty HTTP/1.1 server: binds, serves through the current router, stops gracefully. */
public final class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final String host;
    private final int port;
    private final ServerLimits limits;
    private final WorkerPool pool;
    private final RequestDispatcher dispatcher;
    private final AccessLog access = new AccessLog();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;

    /**
     * @param router supplies the router for each request; the app swaps it from "starting" to the full one
     *               once the store is ready
     */
    public HttpServer(String host, int port, ServerLimits limits, Supplier<Router> router, WorkerPool pool,
                      ServerMetrics metrics) {
        this.host = host;
        this.port = port;
        this.limits = limits;
        this.pool = pool;
        this.dispatcher = new RequestDispatcher(router, pool, metrics, access);
        metrics.accessLog(access);
    }

    /** Binds and returns the bound port (useful with port 0). */
    public int start() throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new HttpServerInitializer(limits, dispatcher, access));
        serverChannel = b.bind(host, port).sync().channel();
        int bound = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.info("listening on {}:{}", host, bound);
        return bound;
    }

    /**
     * Stops accepting, lets in-flight requests finish for at most {@code grace}, then closes every
     * connection and the worker pool.
     */
    public void stop(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            if (serverChannel != null) {
                serverChannel.close().sync();
            }
            while (dispatcher.inFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            pool.shutdown(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (workers != null) {
                workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
            if (boss != null) {
                boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
        access.close();
        LOG.info("stopped ({} requests were still in flight)", dispatcher.inFlight());
    }
}
