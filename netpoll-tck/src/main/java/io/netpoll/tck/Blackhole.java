// Stands for Go's slowDst4/slowDst6 (src/net/dial_test.go): an address whose connect neither succeeds nor fails.
package io.netpoll.tck;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port where a connect hangs: a JDK listener with a backlog of one that never accepts,
 * its accept queue filled by JDK sockets. The kernel then drops every further SYN, so a connect
 * waits for its deadline, its interrupt or its cancellation, as one to a black-holed host would,
 * with no external network involved.
 */
final class Blackhole implements Closeable {

    private static final int MAX_FILLERS = 16;

    private final ServerSocket server;
    private final List<Socket> fillers = new ArrayList<>();

    private Blackhole(ServerSocket server) {
        this.server = server;
    }

    /** A black hole on {@code ip}, port {@code port} (0 for any). */
    static Blackhole open(InetAddress ip, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        Blackhole b = new Blackhole(server);
        try {
            server.bind(new InetSocketAddress(ip, port), 1);
            for (int i = 0; i < MAX_FILLERS; i++) {
                Socket s = new Socket();
                try {
                    s.connect(server.getLocalSocketAddress(), 300);
                    b.fillers.add(s);
                } catch (SocketTimeoutException full) {
                    s.close();
                    return b;
                }
            }
            throw new IOException("the accept queue of " + server + " did not fill after " + MAX_FILLERS + " connections");
        } catch (IOException | RuntimeException e) {
            b.close();
            throw e;
        }
    }

    int port() {
        return server.getLocalPort();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : fillers) {
            s.close();
        }
        server.close();
    }
}
