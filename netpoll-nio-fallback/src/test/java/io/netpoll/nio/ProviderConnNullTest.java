package io.netpoll.nio;

import com.google.common.testing.NullPointerTester;
import io.netpoll.net.Conn;
import io.netpoll.net.Listener;
import io.netpoll.net.Net;
import io.netpoll.net.PacketConn;
import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;
import io.netpoll.net.UDPConn;
import io.netpoll.net.UnixConn;
import io.netpoll.net.UnixListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The conns and listeners a provider hands out refuse null arguments with a
 * {@link NullPointerException}, through each public interface they implement, as net-core's
 * PublicApiNullTest checks for what needs no provider. Two nulls mean something, as in Go, and are
 * not refused: a null deadline is none, and {@code writeTo}'s null destination is Go's nil address,
 * the write's "invalid argument" error (the kit's UdpSuite asserts it); {@code writeTo} is checked
 * for its buffer alone. The checks live in net-core, above the provider, so one provider shows them.
 */
class ProviderConnNullTest {

    private static final Set<String> NULL_MEANS_NO_DEADLINE = Set.of("setDeadline", "setReadDeadline", "setWriteDeadline");

    private static final NullPointerTester TESTER = new NullPointerTester()
            .setDefault(Duration.class, Duration.ofSeconds(1))
            .setDefault(ByteBuffer.class, ByteBuffer.allocate(0))
            .setDefault(SocketAddress.class, new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));

    private static void test(Object instance, Class<?>... types) {
        for (Class<?> type : types) {
            for (Method m : type.getMethods()) {
                if (m.getName().equals("writeTo")) {
                    PacketConn pc = (PacketConn) instance;
                    NullPointerException e = assertThrows(NullPointerException.class,
                            () -> pc.writeTo(null, pc.localAddr()));
                    assertEquals("src", e.getMessage());
                } else if (!NULL_MEANS_NO_DEADLINE.contains(m.getName())) {
                    TESTER.testMethod(instance, m);
                }
            }
        }
    }

    @Test
    void tcp() throws Exception {
        try (TCPListener ln = (TCPListener) Net.listen("tcp", "127.0.0.1:0");
             TCPConn c = (TCPConn) Net.dial("tcp", ln.addr());
             Conn s = ln.accept()) {
            test(ln, Listener.class, TCPListener.class);
            test(c, Conn.class, TCPConn.class);
            test(c.syscallConn(), c.syscallConn().getClass().getInterfaces());
        }
    }

    @Test
    void udp() throws Exception {
        try (PacketConn server = Net.listenPacket("udp", "127.0.0.1:0");
             UDPConn c = (UDPConn) Net.dial("udp", server.localAddr())) {
            test(server, PacketConn.class);
            test(c, Conn.class, PacketConn.class, UDPConn.class);
        }
    }

    @Test
    void unix(@TempDir Path dir) throws Exception {
        try (UnixListener ln = (UnixListener) Net.listen("unix", dir.resolve("s").toString());
             UnixConn c = (UnixConn) Net.dial("unix", ln.addr());
             Conn s = ln.accept()) {
            test(ln, Listener.class, UnixListener.class);
            test(c, Conn.class, UnixConn.class);
        }
    }
}
