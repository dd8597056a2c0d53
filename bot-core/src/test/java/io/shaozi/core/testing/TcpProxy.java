package io.shaozi.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay in front of a real service (PostgreSQL, Redis), so that a test can cut it off like an outage
 * ({@link #down}: open connections are reset, new ones refused) and bring it back ({@link #up}).
 */
public final class TcpProxy implements AutoCloseable {
    private final int targetPort;
    private final int port;
    private volatile ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = listener.getLocalPort();
        start();
    }

    public int port() {
        return port;
    }

    private void start() {
        ServerSocket l = listener;
        Thread t = new Thread(() -> {
            while (!l.isClosed()) {
                try {
                    Socket client = l.accept();
                    if (!register(l, client)) {
                        continue; // accepted just as down() ran: it must not outlive the outage
                    }
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    if (!register(l, server)) {
                        closeQuietly(client);
                        continue;
                    }
                    pump(client, server);
                    pump(server, client);
                } catch (IOException e) {
                    // listener closed (down) or target refused: the client sees its connection closed
                }
            }
        }, "tcp-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Records a relayed socket unless {@code l} was closed meanwhile (then closes it): under the lock of
     * {@link #down}, so no connection accepted before an outage escapes being reset.
     */
    private synchronized boolean register(ServerSocket l, Socket s) {
        if (l.isClosed()) {
            closeQuietly(s);
            return false;
        }
        open.add(s);
        return true;
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Cuts the service off: resets every relayed connection and refuses new ones. */
    public synchronized void down() throws IOException {
        listener.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /** Serves again on the same port. */
    public synchronized void up() throws IOException {
        ServerSocket l = new ServerSocket();
        l.setReuseAddress(true);
        l.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = l;
        start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
