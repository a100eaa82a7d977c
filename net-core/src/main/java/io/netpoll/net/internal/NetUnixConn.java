// Mirrors Go's UnixConn (src/net/unixsock.go, unixsock_posix.go).
package io.netpoll.net.internal;

import io.netpoll.net.UnixConn;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A Unix domain socket: a stream ("unix", dialed or accepted) or datagrams ("unixgram"). An unnamed
 * peer's address is {@code UnixDomainSocketAddress.of("")}. On a stream, {@code readFrom} reads bytes
 * from the peer and returns its address, or null at end of stream.
 */
final class NetUnixConn extends NetPacketConn implements UnixConn {

    NetUnixConn(NetFD fd) {
        super(fd);
    }

    @Override
    boolean isOwnAddressType(SocketAddress to) {
        return to instanceof UnixDomainSocketAddress;
    }

    @Override
    public void closeRead() throws IOException {
        shutdown(true, false);
    }

    @Override
    public void closeWrite() throws IOException {
        shutdown(false, true);
    }
}
