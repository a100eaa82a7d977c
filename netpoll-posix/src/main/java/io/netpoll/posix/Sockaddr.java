package io.netpoll.posix;

import io.netpoll.posix.internal.OsTable;
import io.netpoll.spi.Family;
import io.netpoll.spi.SyscallException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written {@code sockaddr} codecs: Go's {@code Sockaddr.sockaddr()} and {@code anyToSockaddr}
 * (syscall_linux.go, syscall_bsd.go), writing into and reading from native scratch memory so that no
 * JNA {@code Structure} is involved.
 *
 * <p>Layouts (offsets from the sockaddr's start; the family is a native-order u16 on Linux, a length
 * byte then a family byte on the BSDs):
 * <pre>
 *   sockaddr_in   family, port (big-endian u16) @2, addr[4] @4                           size 16
 *   sockaddr_in6  family, port @2, flowinfo (big-endian u32) @4, addr[16] @8, scope @24  size 28
 *   sockaddr_un   family, path @OFFSETOF_SUN_PATH                                          size 110 (Linux)
 * </pre>
 *
 * <p>Unix names follow Go. A path is written NUL-terminated. A Linux abstract name, whose first byte
 * is NUL, is written and read as a name starting with {@code '@'}: the JDK's
 * {@link UnixDomainSocketAddress} cannot hold a NUL, so the abstract name {@code "\0name"} is
 * {@code UnixDomainSocketAddress.of("@name")} here, exactly as Go prints it; such a name is read up to
 * its first NUL, as Go does. An unnamed socket (an unbound client, a socketpair end) is
 * {@code UnixDomainSocketAddress.of("")}.
 */
final class Sockaddr {

    /** Path bytes use the platform's file-name encoding, as the JDK's own Unix channels do. */
    static final Charset PATH_CHARSET = pathCharset();

    /** Every sockaddr starts with two bytes naming its family (u16, or length byte and family byte). */
    private static final int FAMILY_END = 2;

    private static final UnixDomainSocketAddress UNNAMED_UNIX = UnixDomainSocketAddress.of("");
    private static final InetSocketAddress UNNAMED_INET = new InetSocketAddress(inet4Any(), 0);
    private static final InetSocketAddress UNNAMED_INET6 = new InetSocketAddress(inet6Any(), 0);

    private Sockaddr() {
    }

    /**
     * Writes {@code address} at {@code off} as a sockaddr for a socket of {@code family} and returns
     * its length. An IPv4 address for an AF_INET6 socket is written IPv4-mapped ({@code ::ffff:a.b.c.d}),
     * as Go's {@code ipToSockaddr} does; any other mismatch is left for the kernel to refuse.
     *
     * @throws SyscallException with EINVAL, named {@code op}, for a Unix name too long for sun_path
     */
    static int encode(OsTable t, ByteBuffer b, int off, SocketAddress address, Family family, String op)
            throws SyscallException {
        if (address instanceof InetSocketAddress inet) {
            if (inet.isUnresolved()) {
                throw new UnresolvedAddressException();
            }
            InetAddress ip = inet.getAddress();
            if (ip instanceof Inet4Address && family != Family.INET6) {
                return encodeInet4(t, b, off, ip.getAddress(), inet.getPort());
            }
            int scope = ip instanceof Inet6Address v6 ? v6.getScopeId() : 0;
            return encodeInet6(t, b, off, ipv6Bytes(ip), inet.getPort(), scope);
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return encodeUnix(t, b, off, unix.getPath().toString(), op);
        }
        throw new UnsupportedAddressTypeException();
    }

    private static int encodeInet4(OsTable t, ByteBuffer b, int off, byte[] ip, int port) {
        int size = t.SIZEOF_SOCKADDR_IN();
        clear(b, off, size);
        putFamily(t, b, off, t.AF_INET(), size);
        putPort(b, off, port);
        b.put(off + 4, ip);
        return size;
    }

    private static int encodeInet6(OsTable t, ByteBuffer b, int off, byte[] ip, int port, int scope) {
        int size = t.SIZEOF_SOCKADDR_IN6();
        clear(b, off, size);
        putFamily(t, b, off, t.AF_INET6(), size);
        putPort(b, off, port);
        b.put(off + 8, ip);
        b.putInt(off + 24, scope);
        return size;
    }

    /** Go's {@code SockaddrUnix.sockaddr()}: family, name, NUL; an abstract name without the NUL. */
    private static int encodeUnix(OsTable t, ByteBuffer b, int off, String name, String op)
            throws SyscallException {
        byte[] bytes = name.getBytes(PATH_CHARSET);
        int pathOff = t.OFFSETOF_SUN_PATH();
        int pathMax = t.SIZEOF_SOCKADDR_UN() - pathOff;
        boolean abstractName = bytes.length > 0 && bytes[0] == '@';
        if (bytes.length > pathMax || (bytes.length == pathMax && !abstractName)) {
            throw new SyscallException(op, t.errno(t.EINVAL()));
        }
        clear(b, off, t.SIZEOF_SOCKADDR_UN());
        b.put(off + pathOff, bytes);
        int len = pathOff;
        if (bytes.length > 0) {
            len += bytes.length + 1;
        }
        if (abstractName) {
            b.put(off + pathOff, (byte) 0);
            len--;
        }
        putFamily(t, b, off, t.AF_UNIX(), len);
        return len;
    }

    /**
     * Reads the sockaddr of length {@code len} at {@code off}. A length too short to hold a family is
     * an unnamed socket of {@code family}: {@code UnixDomainSocketAddress.of("")} for Unix, the
     * wildcard address with port 0 otherwise.
     *
     * @throws SyscallException with EAFNOSUPPORT, named {@code op}, for a family that has no codec
     */
    static SocketAddress decode(OsTable t, ByteBuffer b, int off, int len, Family family, String op)
            throws SyscallException {
        if (len < FAMILY_END) {
            return unnamed(family);
        }
        int af = t.SOCKADDR_HAS_LEN() ? b.get(off + 1) & 0xff : b.getShort(off) & 0xffff;
        if (af == t.AF_INET() && len >= t.SIZEOF_SOCKADDR_IN()) {
            byte[] ip = new byte[4];
            b.get(off + 4, ip);
            return new InetSocketAddress(byAddress(ip, 0), port(b, off));
        }
        if (af == t.AF_INET6() && len >= t.SIZEOF_SOCKADDR_IN6()) {
            byte[] ip = new byte[16];
            b.get(off + 8, ip);
            return new InetSocketAddress(byAddress(ip, b.getInt(off + 24)), port(b, off));
        }
        if (af == t.AF_UNIX()) {
            return decodeUnix(t, b, off, Math.min(len, t.SIZEOF_SOCKADDR_UN()));
        }
        throw new SyscallException(op, t.errno(t.EAFNOSUPPORT()));
    }

    /** Go's {@code anyToSockaddr} for AF_UNIX, bounded by the returned length. */
    private static UnixDomainSocketAddress decodeUnix(OsTable t, ByteBuffer b, int off, int len) {
        int start = off + t.OFFSETOF_SUN_PATH();
        int end = off + len;
        if (start >= end) {
            return UNNAMED_UNIX;
        }
        boolean abstractName = b.get(start) == 0;
        int i = abstractName ? start + 1 : start;
        while (i < end && b.get(i) != 0) {
            i++;
        }
        byte[] name = new byte[i - start];
        b.get(start, name);
        if (abstractName) {
            name[0] = '@';
        }
        return UnixDomainSocketAddress.of(new String(name, PATH_CHARSET));
    }

    static SocketAddress unnamed(Family family) {
        return switch (family) {
            case UNIX -> UNNAMED_UNIX;
            case INET -> UNNAMED_INET;
            case INET6 -> UNNAMED_INET6;
        };
    }

    private static void putFamily(OsTable t, ByteBuffer b, int off, int af, int len) {
        if (t.SOCKADDR_HAS_LEN()) {
            b.put(off, (byte) len);
            b.put(off + 1, (byte) af);
        } else {
            b.putShort(off, (short) af);
        }
    }

    private static void putPort(ByteBuffer b, int off, int port) {
        b.put(off + 2, (byte) (port >>> 8));
        b.put(off + 3, (byte) port);
    }

    private static int port(ByteBuffer b, int off) {
        return (b.get(off + 2) & 0xff) << 8 | (b.get(off + 3) & 0xff);
    }

    private static void clear(ByteBuffer b, int off, int size) {
        for (int i = 0; i < size; i++) {
            b.put(off + i, (byte) 0);
        }
    }

    /** The 16 bytes of an IPv6 address, or the IPv4-mapped form of an IPv4 one. */
    private static byte[] ipv6Bytes(InetAddress ip) {
        byte[] a = ip.getAddress();
        if (a.length == 16) {
            return a;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(a, 0, mapped, 12, 4);
        return mapped;
    }

    /**
     * IPv4-mapped IPv6 becomes an {@link Inet4Address}, as Go prints it; an IPv6 address with a
     * scope keeps it.
     */
    private static InetAddress byAddress(byte[] ip, int scope) {
        try {
            InetAddress a = InetAddress.getByAddress(ip);
            if (scope != 0 && a instanceof Inet6Address) {
                return Inet6Address.getByAddress(null, ip, scope);
            }
            return a;
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 address bytes", e);
        }
    }

    private static Charset pathCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name != null ? Charset.forName(name) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static InetAddress inet4Any() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress inet6Any() {
        try {
            return Inet6Address.getByAddress(null, new byte[16], null);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
