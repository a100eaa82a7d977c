package io.netpoll.bench;

import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Two connected TCP sockets over 127.0.0.1, both non-blocking with TCP_NODELAY: the same kind of pair
 * made through a provider's {@link Sockets} or through the JDK's {@link SocketChannel}, so that the
 * benchmarks compare the two on equal terms. Setting up spins on "would block": there is no poller.
 */
final class LoopbackPair {

    private LoopbackPair() {
    }

    /** The two ends of a pair made through {@code sockets}; close both with {@link #close}. */
    record Handles(Sockets sockets, Handle a, Handle b) {
        void close() throws IOException {
            sockets.close(a);
            sockets.close(b);
        }
    }

    /** The two ends of a pair of the JDK's channels. */
    record Channels(SocketChannel a, SocketChannel b) {
        void close() throws IOException {
            a.close();
            b.close();
        }
    }

    static Handles of(Sockets s) throws IOException {
        Handle listener = s.socket(Family.INET, SocketType.STREAM);
        try {
            s.setOption(listener, StandardSocketOptions.SO_REUSEADDR, true);
            s.bind(listener, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            s.listen(listener, 0);
            Handle a = s.socket(Family.INET, SocketType.STREAM);
            if (!s.connect(a, s.localAddress(listener))) {
                while (!s.finishConnect(a)) {
                    Thread.onSpinWait();
                }
            }
            Handle b;
            while ((b = s.accept(listener)) == null) {
                Thread.onSpinWait();
            }
            s.setOption(a, StandardSocketOptions.TCP_NODELAY, true);
            s.setOption(b, StandardSocketOptions.TCP_NODELAY, true);
            return new Handles(s, a, b);
        } finally {
            s.close(listener);
        }
    }

    static Channels jdk() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel a = SocketChannel.open(listener.getLocalAddress());
            SocketChannel b = listener.accept();
            for (SocketChannel c : new SocketChannel[] {a, b}) {
                c.configureBlocking(false);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            return new Channels(a, b);
        }
    }

    /** A direct buffer of {@code size} bytes of a fixed pattern. */
    static ByteBuffer message(int size) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            b.put(i, (byte) i);
        }
        return b;
    }
}
