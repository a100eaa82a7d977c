package io.netpoll.nio;

import io.netpoll.spi.Errno;
import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollSocketOptions;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;
import io.netpoll.spi.SyscallException;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.netpoll.nio.Loopback.ANY_PORT;
import static io.netpoll.nio.Loopback.await;
import static io.netpoll.nio.Loopback.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NioSocketsTest {

    @Test
    void tcpRoundTripWithHalfClose() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle listener = lo.listen(ANY_PORT);
            assertNull(lo.sockets.accept(listener), "accept with nothing queued");
            InetSocketAddress bound = (InetSocketAddress) lo.sockets.localAddress(listener);
            assertNotEquals(0, bound.getPort(), "listen chose a port");

            Handle[] p = lo.pair(listener, Loopback.family());
            Handle client = p[0];
            Handle server = p[1];
            assertEquals(bound, lo.sockets.remoteAddress(client));
            assertEquals(lo.sockets.localAddress(client), lo.sockets.remoteAddress(server));
            assertNull(lo.sockets.remoteAddress(listener));

            lo.writeString(client, "ping");
            assertEquals("ping", lo.readString(server, 4));
            lo.writeString(server, "pong");
            assertEquals("pong", lo.readString(client, 4));

            lo.sockets.shutdown(client, false, true);
            assertEquals(Sockets.EOF, lo.read(server, ByteBuffer.allocate(8)), "the peer's FIN reads as EOF");
            lo.writeString(server, "still open");
            assertEquals("still open", lo.readString(client, 10), "the other direction still works");
        }
    }

    @Test
    void readWouldBlockAndFullBuffer() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle[] p = lo.tcpPair();
            assertEquals(Sockets.WOULD_BLOCK, lo.sockets.read(p[0], ByteBuffer.allocate(8)));
            assertEquals(0, lo.sockets.read(p[0], ByteBuffer.allocate(0)), "no room reads 0");
            assertEquals(0, lo.sockets.write(p[0], ByteBuffer.allocate(0)), "nothing to write writes 0");
        }
    }

    @Test
    void writeFillsTheSocketThenWouldBlock() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle[] p = lo.tcpPair();
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            long total = 0;
            int n;
            while ((n = lo.sockets.write(p[0], chunk.clear())) != Sockets.WOULD_BLOCK) {
                total += n;
                assertTrue(total < 1L << 30, "a socket buffer should fill up long before 1 GiB");
            }
            assertTrue(total > 0);
        }
    }

    @Test
    void largeHeapBuffersMoveInBoundedSteps() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle[] p = lo.tcpPair();
            ByteBuffer big = ByteBuffer.allocate(1 << 20);
            int n = lo.sockets.write(p[0], big);
            assertTrue(n > 0 && n <= NioSockets.MAX_HEAP_TRANSFER, "wrote " + n);
            assertEquals(n, big.position());
            assertEquals(1 << 20, big.limit(), "the caller's limit is restored");

            ByteBuffer into = ByteBuffer.allocate(1 << 20);
            long got = 0;
            while (got < n) {
                int r = lo.read(p[1], into);
                assertTrue(r > 0 && r <= NioSockets.MAX_HEAP_TRANSFER, "read " + r);
                got += r;
            }
            assertEquals(1 << 20, into.limit());
            ByteBuffer direct = ByteBuffer.allocateDirect(1 << 20);
            assertTrue(lo.sockets.write(p[0], direct) > 0, "a direct buffer is passed as it is");
        }
    }

    @Test
    void unixConnectToAMissingPath(@TempDir Path dir) throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle h = lo.socket(Family.UNIX, SocketType.STREAM);
            SyscallException e = assertThrows(SyscallException.class,
                    () -> lo.sockets.connect(h, UnixDomainSocketAddress.of(dir.resolve("nobody"))));
            assertEquals("connect: no such file or directory", e.getMessage());
        }
    }

    @Test
    void refusedConnectIsECONNREFUSED() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle closed = lo.listen(ANY_PORT);
            SocketAddress dead = lo.sockets.localAddress(closed);
            lo.sockets.close(closed);

            Handle client = lo.socket(Loopback.family(), SocketType.STREAM);
            SyscallException e = assertThrows(SyscallException.class, () -> {
                if (!lo.sockets.connect(client, dead)) {
                    await(() -> lo.sockets.finishConnect(client) ? Boolean.TRUE : null);
                }
            });
            assertEquals("connect: connection refused", e.getMessage());
            assertEquals("connect", e.syscall());
            assertEquals(Errno.ECONNREFUSED, e.errno());
            assertInstanceOf(ConnectException.class, e.getCause(), "the JDK exception is the cause");
        }
    }

    @Test
    void bindInUseIsEADDRINUSE() throws Exception {
        try (Loopback lo = new Loopback()) {
            SocketAddress taken = lo.sockets.localAddress(lo.listen(ANY_PORT));
            Handle second = lo.socket(Loopback.family(), SocketType.STREAM);
            SyscallException e = assertThrows(SyscallException.class, () -> {
                lo.sockets.bind(second, taken);
                lo.sockets.listen(second, 16);
            });
            assertEquals("bind: address already in use", e.getMessage());
            assertEquals(Errno.EADDRINUSE, e.errno());

            Handle dialer = lo.socket(Loopback.family(), SocketType.STREAM);
            lo.sockets.bind(dialer, taken);
            SyscallException d = assertThrows(SyscallException.class, () -> lo.sockets.connect(dialer, taken));
            assertEquals("bind: address already in use", d.getMessage(), "a dialer's bind fails before connect");
        }
    }

    @Test
    void writeAfterOwnShutdownIsBrokenPipe() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle[] p = lo.tcpPair();
            lo.sockets.shutdown(p[0], false, true);
            SyscallException e = assertThrows(SyscallException.class, () -> lo.sockets.write(p[0], bytes("x")));
            assertEquals("write: broken pipe", e.getMessage());
            assertEquals(Errno.EPIPE, e.errno());
        }
    }

    @Test
    void readAfterOwnShutdownIsEOF() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle[] p = lo.tcpPair();
            lo.sockets.shutdown(p[0], true, false);
            assertEquals(Sockets.EOF, lo.read(p[0], ByteBuffer.allocate(4)));
        }
    }

    @Test
    void readAfterPeerResetIsECONNRESET() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle[] p = lo.tcpPair();
            lo.sockets.setOption(p[1], StandardSocketOptions.SO_LINGER, 0); // close sends RST
            lo.sockets.close(p[1]);
            SyscallException e = assertThrows(SyscallException.class, () -> lo.read(p[0], ByteBuffer.allocate(4)));
            assertEquals(Errno.ECONNRESET, e.errno());
            assertEquals("read: connection reset by peer", e.getMessage());
        }
    }

    @Test
    void writeAfterPeerResetFails() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle[] p = lo.tcpPair();
            lo.sockets.setOption(p[1], StandardSocketOptions.SO_LINGER, 0);
            lo.sockets.close(p[1]);
            SyscallException e = assertThrows(SyscallException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    lo.sockets.write(p[0], bytes("x"));
                    Thread.sleep(5);
                }
            });
            assertEquals("write", e.syscall());
            assertTrue(e.errno().equals(Errno.ECONNRESET) || e.errno().equals(Errno.EPIPE), e.getMessage());
        }
    }

    @Test
    void stateErrorsAreTheKernels() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle fresh = lo.socket(Loopback.family(), SocketType.STREAM);
            assertEquals(Errno.ENOTCONN, assertThrows(SyscallException.class,
                    () -> lo.sockets.read(fresh, ByteBuffer.allocate(1))).errno());
            assertEquals(Errno.ENOTCONN, assertThrows(SyscallException.class,
                    () -> lo.sockets.shutdown(fresh, true, true)).errno());
            assertEquals(Errno.EINVAL, assertThrows(SyscallException.class,
                    () -> lo.sockets.accept(fresh)).errno(), "accept on a socket that is not listening");
            lo.sockets.bind(fresh, ANY_PORT);
            assertEquals("bind: invalid argument", assertThrows(SyscallException.class,
                    () -> lo.sockets.bind(fresh, ANY_PORT)).getMessage(), "a second bind");
            assertEquals(Errno.EAFNOSUPPORT, assertThrows(SyscallException.class,
                    () -> lo.sockets.connect(fresh, UnixDomainSocketAddress.of("/nonexistent"))).errno());

            Handle listener = lo.listen(ANY_PORT);
            assertEquals(Errno.EINVAL, assertThrows(SyscallException.class,
                    () -> lo.sockets.listen(listener, 1)).errno());
            assertEquals(Errno.EISCONN, assertThrows(SyscallException.class,
                    () -> lo.sockets.connect(listener, ANY_PORT)).errno());

            Handle udp = lo.socket(Loopback.family(), SocketType.DATAGRAM);
            assertEquals("listen: operation not supported", assertThrows(SyscallException.class,
                    () -> lo.sockets.listen(udp, 1)).getMessage());
        }
    }

    @Test
    void freshStreamReportsTheAddressBindWasGiven() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle h = lo.socket(Loopback.family(), SocketType.STREAM);
            assertNull(lo.sockets.localAddress(h), "not bound");
            lo.sockets.bind(h, ANY_PORT);
            assertEquals(ANY_PORT, lo.sockets.localAddress(h));
            lo.sockets.listen(h, 4);
            assertNotEquals(0, ((InetSocketAddress) lo.sockets.localAddress(h)).getPort());
        }
    }

    @Test
    void udpSendReceiveEmptyAndTruncated() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle a = lo.socket(Loopback.family(), SocketType.DATAGRAM);
            Handle b = lo.socket(Loopback.family(), SocketType.DATAGRAM);
            lo.sockets.bind(a, ANY_PORT);
            lo.sockets.bind(b, ANY_PORT);
            SocketAddress aAddr = lo.sockets.localAddress(a);
            SocketAddress bAddr = lo.sockets.localAddress(b);
            assertNull(lo.sockets.receive(b, ByteBuffer.allocate(8)), "nothing queued");

            assertEquals(3, lo.sockets.send(a, bytes("abc"), bAddr));
            ByteBuffer buf = ByteBuffer.allocate(8);
            assertEquals(aAddr, await(() -> lo.sockets.receive(b, buf)));
            assertEquals(3, buf.position());

            assertEquals(0, lo.sockets.send(a, ByteBuffer.allocate(0), bAddr), "an empty datagram");
            ByteBuffer empty = ByteBuffer.allocate(8);
            assertEquals(aAddr, await(() -> lo.sockets.receive(b, empty)), "the empty datagram arrives");
            assertEquals(0, empty.position());
            assertEquals(0, lo.sockets.send(a, ByteBuffer.allocate(0), bAddr));
            assertEquals(0, lo.read(b, ByteBuffer.allocate(8)), "read of an empty datagram returns 0");

            assertEquals(8, lo.sockets.send(a, bytes("12345678"), bAddr));
            assertEquals(1, lo.sockets.send(a, bytes("9"), bAddr));
            ByteBuffer small = ByteBuffer.allocate(4);
            await(() -> lo.sockets.receive(b, small));
            assertEquals("1234", new String(small.array(), 0, 4), "cut to the buffer");
            ByteBuffer next = ByteBuffer.allocate(4);
            await(() -> lo.sockets.receive(b, next));
            assertEquals("9", new String(next.array(), 0, next.position()), "the rest was dropped");
        }
    }

    @Test
    void connectedUdp() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle a = lo.socket(Loopback.family(), SocketType.DATAGRAM);
            Handle b = lo.socket(Loopback.family(), SocketType.DATAGRAM);
            lo.sockets.bind(b, ANY_PORT);
            SocketAddress bAddr = lo.sockets.localAddress(b);
            assertEquals("write: destination address required", assertThrows(SyscallException.class,
                    () -> lo.sockets.write(a, bytes("x"))).getMessage());

            assertTrue(lo.sockets.connect(a, bAddr));
            assertTrue(lo.sockets.finishConnect(a));
            assertEquals(bAddr, lo.sockets.remoteAddress(a));
            SocketAddress aAddr = lo.sockets.localAddress(a);
            assertEquals(((InetSocketAddress) bAddr).getAddress(), ((InetSocketAddress) aAddr).getAddress(),
                    "connect bound the route's source address");

            assertEquals(5, lo.sockets.write(a, bytes("hello")));
            assertEquals(2, lo.sockets.send(a, bytes("hi"), null));
            ByteBuffer buf = ByteBuffer.allocate(16);
            assertEquals(aAddr, await(() -> lo.sockets.receive(b, buf)));
            assertEquals(5, buf.position());
            assertEquals(aAddr, await(() -> lo.sockets.receive(b, buf.clear())));
            assertEquals(2, buf.position());

            lo.sockets.send(b, bytes("back"), aAddr);
            assertEquals(4, lo.read(a, ByteBuffer.allocate(16)));

            UnsupportedOperationException empty = assertThrows(UnsupportedOperationException.class,
                    () -> lo.sockets.write(a, ByteBuffer.allocate(0)));
            assertTrue(empty.getMessage().contains("nio"), empty.getMessage());
        }
    }

    @Test
    void connectedUdpToAClosedPortReadsConnectionRefused() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle gone = lo.socket(Loopback.family(), SocketType.DATAGRAM);
            lo.sockets.bind(gone, ANY_PORT);
            SocketAddress dead = lo.sockets.localAddress(gone);
            lo.sockets.close(gone);

            Handle a = lo.socket(Loopback.family(), SocketType.DATAGRAM);
            lo.sockets.connect(a, dead);
            lo.sockets.write(a, bytes("anyone?"));
            SyscallException e = assertThrows(SyscallException.class, () -> lo.read(a, ByteBuffer.allocate(8)));
            assertEquals("read: connection refused", e.getMessage());
        }
    }

    @Test
    void unixStream(@TempDir Path dir) throws Exception {
        try (Loopback lo = new Loopback()) {
            UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("sock"));
            Handle listener = lo.listen(path);
            assertEquals(path, lo.sockets.localAddress(listener));
            Handle[] p = lo.pair(listener, Family.UNIX);
            assertEquals(path, lo.sockets.remoteAddress(p[0]));
            assertEquals(path, lo.sockets.localAddress(p[1]));
            assertEquals(UnixDomainSocketAddress.of(""), lo.sockets.remoteAddress(p[1]), "an unnamed peer");

            lo.writeString(p[0], "over a path");
            assertEquals("over a path", lo.readString(p[1], 11));
            lo.sockets.shutdown(p[1], false, true);
            assertEquals(Sockets.EOF, lo.read(p[0], ByteBuffer.allocate(1)));
        }
    }

    @Test
    void unixDatagramIsNotSupportedAndSaysWhy() {
        NioSockets sockets = new NioSockets();
        assertFalse(sockets.supports(Family.UNIX, SocketType.DATAGRAM));
        assertTrue(sockets.supports(Family.UNIX, SocketType.STREAM));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> sockets.socket(Family.UNIX, SocketType.DATAGRAM));
        assertTrue(e.getMessage().contains("netpoll provider nio"), e.getMessage());
    }

    @Test
    void optionsSetOnAFreshSocketSurviveConnect() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle listener = lo.listen(ANY_PORT);
            Handle client = lo.socket(Loopback.family(), SocketType.STREAM);
            lo.sockets.setOption(client, StandardSocketOptions.TCP_NODELAY, true);
            lo.sockets.setOption(client, StandardSocketOptions.SO_KEEPALIVE, true);
            assertTrue(lo.sockets.getOption(client, StandardSocketOptions.TCP_NODELAY));
            lo.sockets.connect(client, lo.sockets.localAddress(listener));
            assertTrue(lo.sockets.getOption(client, StandardSocketOptions.TCP_NODELAY));
            assertTrue(lo.sockets.getOption(client, StandardSocketOptions.SO_KEEPALIVE));
            lo.sockets.setOption(client, StandardSocketOptions.TCP_NODELAY, false);
            assertFalse(lo.sockets.getOption(client, StandardSocketOptions.TCP_NODELAY));
        }
    }

    @Test
    void acceptedConnectionsInheritTheListenersOptions() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle listener = lo.socket(Loopback.family(), SocketType.STREAM);
            lo.sockets.setOption(listener, StandardSocketOptions.SO_REUSEADDR, true);
            lo.sockets.setOption(listener, StandardSocketOptions.TCP_NODELAY, true);
            lo.sockets.bind(listener, ANY_PORT);
            lo.sockets.listen(listener, 4);
            assertTrue(lo.sockets.getOption(listener, StandardSocketOptions.SO_REUSEADDR), "set on the listener");
            assertTrue(lo.sockets.getOption(listener, StandardSocketOptions.TCP_NODELAY), "remembered");
            lo.sockets.setOption(listener, StandardSocketOptions.SO_KEEPALIVE, true);

            Handle server = lo.pair(listener, Loopback.family())[1];
            assertTrue(lo.sockets.getOption(server, StandardSocketOptions.TCP_NODELAY));
            assertTrue(lo.sockets.getOption(server, StandardSocketOptions.SO_KEEPALIVE));
        }
    }

    @Test
    void keepAliveTuning() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle[] p = lo.tcpPair();
            try {
                lo.sockets.setOption(p[0], ExtendedSocketOptions.TCP_KEEPIDLE, 30);
            } catch (UnsupportedOperationException e) {
                assumeTrue(false, "TCP_KEEPIDLE is not available on this platform: " + e.getMessage());
            }
            lo.sockets.setOption(p[0], ExtendedSocketOptions.TCP_KEEPINTERVAL, 7);
            lo.sockets.setOption(p[0], ExtendedSocketOptions.TCP_KEEPCOUNT, 3);
            assertEquals(30, lo.sockets.getOption(p[0], ExtendedSocketOptions.TCP_KEEPIDLE));
            assertEquals(7, lo.sockets.getOption(p[0], ExtendedSocketOptions.TCP_KEEPINTERVAL));
            assertEquals(3, lo.sockets.getOption(p[0], ExtendedSocketOptions.TCP_KEEPCOUNT));
        }
    }

    @Test
    void optionErrors() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle h = lo.socket(Loopback.family(), SocketType.STREAM);
            UnsupportedOperationException v6 = assertThrows(UnsupportedOperationException.class,
                    () -> lo.sockets.setOption(h, NetpollSocketOptions.IPV6_V6ONLY, true));
            assertTrue(v6.getMessage().contains("nio") && v6.getMessage().contains("IPV6_V6ONLY"), v6.getMessage());
            lo.sockets.setOption(h, NetpollSocketOptions.IPV6_V6ONLY, false); // what the JDK's sockets already are
            assertFalse(lo.sockets.getOption(h, NetpollSocketOptions.IPV6_V6ONLY));

            UnsupportedOperationException other = assertThrows(UnsupportedOperationException.class,
                    () -> lo.sockets.setOption(h, StandardSocketOptions.IP_MULTICAST_LOOP, true));
            assertTrue(other.getMessage().contains("nio"), other.getMessage());

            SyscallException bad = assertThrows(SyscallException.class,
                    () -> lo.sockets.setOption(h, StandardSocketOptions.SO_RCVBUF, -1));
            assertEquals("setsockopt: invalid argument", bad.getMessage());
        }
    }

    @Test
    void udpBroadcastOption() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle u = lo.socket(Loopback.family(), SocketType.DATAGRAM);
            lo.sockets.setOption(u, StandardSocketOptions.SO_BROADCAST, true);
            assertTrue(lo.sockets.getOption(u, StandardSocketOptions.SO_BROADCAST));
        }
    }

    @Test
    void closedHandleIsEBADF() throws Exception {
        try (Loopback lo = new Loopback()) {
            Handle[] p = lo.tcpPair();
            lo.sockets.close(p[0]);
            lo.sockets.close(p[0]); // closing twice is harmless
            assertEquals("read: bad file descriptor", assertThrows(SyscallException.class,
                    () -> lo.sockets.read(p[0], ByteBuffer.allocate(1))).getMessage());
        }
    }
}
