package io.netpoll.posix;

import io.netpoll.posix.internal.OsTable;
import io.netpoll.spi.Family;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sockaddr codecs with the BSD layouts (a length byte, then a one-byte family), on any machine:
 * the bytes written are checked one by one, then read back.
 */
class BsdSockaddrTest {

    private static OsTable table(String os, String arch) throws Exception {
        Method m = OsTable.class.getDeclaredMethod("forPlatform", String.class, String.class);
        m.setAccessible(true);
        return (OsTable) m.invoke(null, os, arch);
    }

    private static ByteBuffer buffer() {
        return ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());
    }

    @ParameterizedTest
    @CsvSource({"Mac OS X, aarch64", "FreeBSD, amd64"})
    void inet4(String os, String arch) throws Exception {
        OsTable t = table(os, arch);
        ByteBuffer b = buffer();
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0x1234);
        assertEquals(16, Sockaddr.encode(t, b, 0, a, Family.INET, "bind"));
        assertEquals(16, b.get(0));
        assertEquals(2, b.get(1));
        assertEquals(0x12, b.get(2));
        assertEquals(0x34, b.get(3));
        assertEquals(127, b.get(4));
        assertEquals(1, b.get(7));
        assertEquals(a, Sockaddr.decode(t, b, 0, 16, Family.INET, "getsockname"));
    }

    @ParameterizedTest
    @CsvSource({"Mac OS X, aarch64, 30", "FreeBSD, amd64, 28"})
    void inet6(String os, String arch, int af) throws Exception {
        OsTable t = table(os, arch);
        ByteBuffer b = buffer();
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("::1"), 443);
        assertEquals(28, Sockaddr.encode(t, b, 0, a, Family.INET6, "connect"));
        assertEquals(28, b.get(0));
        assertEquals(af, b.get(1));
        assertEquals(1, b.get(8 + 15));
        assertEquals(a, Sockaddr.decode(t, b, 0, 28, Family.INET6, "getpeername"));
    }

    @ParameterizedTest
    @CsvSource({"Mac OS X, aarch64", "FreeBSD, amd64"})
    void unix(String os, String arch) throws Exception {
        OsTable t = table(os, arch);
        ByteBuffer b = buffer();
        UnixDomainSocketAddress a = UnixDomainSocketAddress.of("/tmp/s");
        int len = Sockaddr.encode(t, b, 0, a, Family.UNIX, "bind");
        assertEquals(2 + 6 + 1, len);
        assertEquals(len, b.get(0));
        assertEquals(1, b.get(1));
        assertEquals('/', b.get(2));
        assertEquals(0, b.get(8));
        assertEquals(a, Sockaddr.decode(t, b, 0, len, Family.UNIX, "getsockname"));
    }
}
