package io.netpoll.cli;

import io.netpoll.net.Conn;
import io.netpoll.net.Listener;
import io.netpoll.net.Net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A TCP echo server with a virtual thread per connection, written as a Go server is: accept in a loop,
 * and for each connection read and write back until end of stream.
 *
 * <p>An accept error on an open listener (out of descriptors, say) does not stop the server: it waits
 * 5 ms, doubling up to 1 s, and tries again, as Go's {@code http.Server} does. Closing the server closes
 * the listener and every connection it holds.
 */
final class EchoServer implements Closeable {

    /** The read buffer, as large as the one of the hand-written servers in the peer benchmark. */
    private static final int BUFFER_SIZE = 16 * 1024;

    private final Listener listener;
    private final Consumer<IOException> acceptErrors;
    private final Set<Conn> conns = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private EchoServer(Listener listener, Consumer<IOException> acceptErrors) {
        this.listener = listener;
        this.acceptErrors = acceptErrors;
        this.acceptor = Thread.ofVirtual().name("echo-accept").unstarted(this::acceptLoop);
    }

    /** Listens on {@code address} ({@code host:port}, TCP) and starts accepting. */
    static EchoServer start(String address, Consumer<IOException> acceptErrors) throws IOException {
        EchoServer server = new EchoServer(Net.listen("tcp", address), acceptErrors);
        server.acceptor.start();
        return server;
    }

    SocketAddress addr() {
        return listener.addr();
    }

    /** {@code addr()} as Go prints it: {@code 127.0.0.1:7000}, {@code [::1]:7000}. */
    String hostPort() {
        InetSocketAddress a = (InetSocketAddress) listener.addr();
        return Net.joinHostPort(a.getAddress().getHostAddress(), Integer.toString(a.getPort()));
    }

    /** Waits until the accept loop has ended: after {@link #close()}. */
    void awaitClosed() throws InterruptedException {
        acceptor.join();
    }

    private void acceptLoop() {
        long backoffMillis = 0;
        while (!closed) {
            Conn c;
            try {
                c = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                acceptErrors.accept(e);
                backoffMillis = Math.min(backoffMillis == 0 ? 5 : backoffMillis * 2, 1000);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            }
            backoffMillis = 0;
            conns.add(c);
            if (closed) {
                // close() may have swept the set before this connection joined it.
                closeQuietly(c);
                return;
            }
            Thread.ofVirtual().name("echo-conn").start(() -> serve(c));
        }
    }

    private void serve(Conn c) {
        // No setNoDelay: net-core sets TCP_NODELAY on every TCP connection, as Go does.
        try (c) {
            byte[] buf = new byte[BUFFER_SIZE];
            for (int n; (n = c.read(buf)) > 0; ) {
                c.write(buf, 0, n);
            }
        } catch (IOException e) {
            // A peer that resets or goes away ends its own connection and nothing else.
        } finally {
            conns.remove(c);
        }
    }

    /** Closes the listener and every connection; returns when the accept loop has ended (at most 5 s). */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Conn c : conns) {
            closeQuietly(c);
        }
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // Closing on the way out: nothing left to tell anyone.
        }
    }
}
