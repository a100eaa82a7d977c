package io.netpoll.net;

/** A UDP endpoint: Go's {@code net.UDPConn}, both a Conn (when connected) and a PacketConn. */
public interface UDPConn extends Conn, PacketConn {
}
