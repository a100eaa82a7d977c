package io.netpoll.posix;

import io.netpoll.posix.internal.OsTable;
import io.netpoll.spi.Errno;
import io.netpoll.spi.Family;
import io.netpoll.spi.SyscallException;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.UnresolvedAddressException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SockaddrTest {

    private static final OsTable T = OsTable.current();
    private final ByteBuffer b = ByteBuffer.allocateDirect(256).order(ByteOrder.nativeOrder());

    private SocketAddress roundTrip(SocketAddress a, Family f) throws Exception {
        int len = Sockaddr.encode(T, b, 16, a, f, "bind");
        return Sockaddr.decode(T, b, 16, len, f, "getsockname");
    }

    @Test
    void inet4LayoutAndRoundTrip() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 0x1234);
        int len = Sockaddr.encode(T, b, 0, a, Family.INET, "bind");
        assertEquals(16, len);
        assertEquals(T.AF_INET(), b.getShort(0));
        assertEquals(0x12, b.get(2));
        assertEquals(0x34, b.get(3));
        assertEquals((byte) 192, b.get(4));
        assertEquals(7, b.get(7));
        assertEquals(a, roundTrip(a, Family.INET));
    }

    @Test
    void inet6WithScopeRoundTrips() throws Exception {
        byte[] ll = InetAddress.getByName("fe80::1").getAddress();
        InetSocketAddress a = new InetSocketAddress(Inet6Address.getByAddress(null, ll, 3), 8080);
        int len = Sockaddr.encode(T, b, 0, a, Family.INET6, "connect");
        assertEquals(28, len);
        assertEquals(T.AF_INET6(), b.getShort(0));
        assertEquals(3, b.getInt(24));
        SocketAddress back = roundTrip(a, Family.INET6);
        assertEquals(a, back);
        assertEquals(3, ((Inet6Address) ((InetSocketAddress) back).getAddress()).getScopeId());

        InetSocketAddress plain = new InetSocketAddress(InetAddress.getByName("2001:db8::5"), 53);
        assertEquals(plain, roundTrip(plain, Family.INET6));
    }

    @Test
    void inet4OnAnInet6SocketIsMappedAndReadBackAsInet4() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80);
        int len = Sockaddr.encode(T, b, 0, a, Family.INET6, "connect");
        assertEquals(28, len);
        byte[] ip = new byte[16];
        b.get(8, ip);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 1}, ip);
        SocketAddress back = Sockaddr.decode(T, b, 0, len, Family.INET6, "accept");
        assertInstanceOf(Inet4Address.class, ((InetSocketAddress) back).getAddress());
        assertEquals(a, back);
    }

    @Test
    void unixPathIsNulTerminated() throws Exception {
        UnixDomainSocketAddress a = UnixDomainSocketAddress.of("/tmp/x.sock");
        int len = Sockaddr.encode(T, b, 0, a, Family.UNIX, "bind");
        assertEquals(T.OFFSETOF_SUN_PATH() + 11 + 1, len);
        assertEquals(T.AF_UNIX(), b.getShort(0));
        assertEquals('/', b.get(2));
        assertEquals(0, b.get(2 + 11));
        assertEquals(a, roundTrip(a, Family.UNIX));
    }

    @Test
    void abstractNameHasLeadingNulAndNoTrailingNul() throws Exception {
        UnixDomainSocketAddress a = UnixDomainSocketAddress.of("@netpoll-abstract");
        int len = Sockaddr.encode(T, b, 0, a, Family.UNIX, "bind");
        assertEquals(T.OFFSETOF_SUN_PATH() + "@netpoll-abstract".length(), len);
        assertEquals(0, b.get(2));
        assertEquals('n', b.get(3));
        assertEquals(a, roundTrip(a, Family.UNIX));
    }

    @Test
    void unnamedSocketsDecodeAsEmptyOrWildcard() throws Exception {
        b.putShort(0, (short) T.AF_UNIX()); // getpeername of an unnamed peer: the family alone
        assertEquals(UnixDomainSocketAddress.of(""), Sockaddr.decode(T, b, 0, 2, Family.UNIX, "getpeername"));
        assertEquals(UnixDomainSocketAddress.of(""), Sockaddr.decode(T, b, 0, 0, Family.UNIX, "recvfrom"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0),
                Sockaddr.decode(T, b, 0, 0, Family.INET, "recvfrom"));
        // Encoding the empty name gives just the family: Linux then autobinds an abstract name.
        assertEquals(2, Sockaddr.encode(T, b, 0, UnixDomainSocketAddress.of(""), Family.UNIX, "bind"));
    }

    @Test
    void unixNamesTooLongForSunPathAreEinval() throws Exception {
        int max = T.SIZEOF_SOCKADDR_UN() - T.OFFSETOF_SUN_PATH();
        String path = "/" + "p".repeat(max - 1);
        SyscallException e = assertThrows(SyscallException.class,
                () -> Sockaddr.encode(T, b, 0, UnixDomainSocketAddress.of(path), Family.UNIX, "bind"));
        assertEquals("bind: invalid argument", e.getMessage());
        assertEquals(Errno.EINVAL, e.errno());
        // One byte shorter leaves room for the NUL; an abstract name needs none.
        String fits = path.substring(1);
        assertEquals(UnixDomainSocketAddress.of("/" + fits.substring(1)),
                roundTrip(UnixDomainSocketAddress.of("/" + fits.substring(1)), Family.UNIX));
        UnixDomainSocketAddress longAbstract = UnixDomainSocketAddress.of("@" + "a".repeat(max - 1));
        assertEquals(T.SIZEOF_SOCKADDR_UN(), Sockaddr.encode(T, b, 0, longAbstract, Family.UNIX, "bind"));
    }

    @Test
    void unresolvedAndForeignAddressesAreRejected() {
        assertThrows(UnresolvedAddressException.class, () -> Sockaddr.encode(T, b, 0,
                InetSocketAddress.createUnresolved("example.invalid", 80), Family.INET, "connect"));
        assertThrows(java.nio.channels.UnsupportedAddressTypeException.class,
                () -> Sockaddr.encode(T, b, 0, new SocketAddress() { }, Family.INET, "connect"));
    }

    @Test
    void unknownFamilyIsAnError() {
        b.putShort(0, (short) 17); // AF_PACKET
        SyscallException e = assertThrows(SyscallException.class,
                () -> Sockaddr.decode(T, b, 0, 20, Family.INET, "getsockname"));
        assertEquals("getsockname: address family not supported by protocol", e.getMessage());
    }
}
