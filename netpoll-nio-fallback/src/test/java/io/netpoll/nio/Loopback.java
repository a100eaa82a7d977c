package io.netpoll.nio;

import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Sockets over loopback for the tests, without a poller: "would block" is retried with short sleeps,
 * bounded by a generous deadline. Every handle it makes is closed by {@link #close}.
 */
final class Loopback implements AutoCloseable {

    static final long DEADLINE_NANOS = 5_000_000_000L;
    static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    final NioSockets sockets = new NioSockets();
    private final List<Handle> open = new ArrayList<>();

    Handle track(Handle h) {
        open.add(h);
        return h;
    }

    Handle socket(Family family, SocketType type) throws IOException {
        return track(sockets.socket(family, type));
    }

    Handle listen(SocketAddress address) throws IOException {
        Family family = address instanceof InetSocketAddress isa
                ? (isa.getAddress() instanceof Inet6Address ? Family.INET6 : Family.INET)
                : Family.UNIX;
        Handle l = socket(family, SocketType.STREAM);
        sockets.bind(l, address);
        sockets.listen(l, 16);
        return l;
    }

    /** A connected pair: {client, server}. */
    Handle[] pair(Handle listener, Family family) throws Exception {
        Handle client = socket(family, SocketType.STREAM);
        boolean connected = sockets.connect(client, sockets.localAddress(listener));
        Handle server = track(await(() -> sockets.accept(listener)));
        if (!connected) {
            await(() -> sockets.finishConnect(client) ? Boolean.TRUE : null);
        }
        return new Handle[] {client, server};
    }

    Handle[] tcpPair() throws Exception {
        return pair(listen(ANY_PORT), family());
    }

    static Family family() {
        return InetAddress.getLoopbackAddress() instanceof Inet6Address ? Family.INET6 : Family.INET;
    }

    /** Retries {@code call} until it returns non-null. */
    static <T> T await(Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            T v = call.call();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing happened within 5 s");
            }
            Thread.sleep(1);
        }
    }

    /** Reads until the call does not say WOULD_BLOCK; returns its result. */
    int read(Handle h, ByteBuffer dst) throws Exception {
        return await(() -> {
            int n = sockets.read(h, dst);
            return n == Sockets.WOULD_BLOCK ? null : n;
        });
    }

    /** Reads exactly {@code n} bytes as text. */
    String readString(Handle h, int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (read(h, b) < 0) {
                throw new AssertionError("EOF after " + b.position() + " of " + n + " bytes");
            }
        }
        return new String(b.array(), StandardCharsets.UTF_8);
    }

    void writeString(Handle h, String s) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            await(() -> {
                int n = sockets.write(h, b);
                return n == Sockets.WOULD_BLOCK ? null : n;
            });
        }
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        for (Handle h : open) {
            sockets.close(h);
        }
    }
}
