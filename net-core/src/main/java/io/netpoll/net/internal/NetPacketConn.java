// Mirrors the ReadFrom/WriteTo half Go's UDPConn and UnixConn share (src/net/udpsock.go, unixsock.go).
package io.netpoll.net.internal;

import io.netpoll.net.PacketConn;
import io.netpoll.spi.Errno;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A conn that is also a {@link PacketConn}. A read names the sender, a write names the receiver:
 * {@code "read udp LOCAL: ..."}, {@code "write udp LOCAL->TO: ..."}. A destination of another
 * network's address type is Go's EINVAL.
 */
abstract class NetPacketConn extends NetConn implements PacketConn {

    NetPacketConn(NetFD fd) {
        super(fd);
    }

    /** True when {@code to} is an address of this conn's network. */
    abstract boolean isOwnAddressType(SocketAddress to);

    @Override
    public final SocketAddress readFrom(ByteBuffer dst) throws IOException {
        try {
            return fd.readFrom(dst);
        } catch (IOException | UnsupportedOperationException e) {
            throw opError("read", e);
        }
    }

    @Override
    public final int writeTo(ByteBuffer src, SocketAddress to) throws IOException {
        // A null destination is Go's nil Addr, an error of the write ("invalid argument"); no buffer is a bug.
        Objects.requireNonNull(src, "src");
        try {
            if (!isOwnAddressType(to)) {
                throw ErrorString.errno(Errno.EINVAL);
            }
            return fd.writeTo(src, to);
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.wrap("write", fd.net, fd.laddr(), to, e);
        }
    }
}
