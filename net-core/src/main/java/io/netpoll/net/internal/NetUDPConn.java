// Mirrors Go's UDPConn (src/net/udpsock.go, udpsock_posix.go).
package io.netpoll.net.internal;

import io.netpoll.net.UDPConn;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A UDP socket: connected when dialed (then {@code read}/{@code write} talk to the one peer and
 * {@code writeTo} is refused), unconnected when made by listenPacket (then {@code readFrom} and
 * {@code writeTo} name the peer per datagram). A datagram larger than the buffer is truncated; an
 * empty one reads as 0 bytes. Destinations are resolved {@link InetSocketAddress}es.
 */
final class NetUDPConn extends NetPacketConn implements UDPConn {

    NetUDPConn(NetFD fd) {
        super(fd);
    }

    @Override
    boolean isOwnAddressType(SocketAddress to) {
        return to instanceof InetSocketAddress isa && !isa.isUnresolved();
    }
}
