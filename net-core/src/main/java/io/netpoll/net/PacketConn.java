package io.netpoll.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;

/** A packet-oriented network endpoint: Go's {@code net.PacketConn}. */
public interface PacketConn extends Closeable {

    /** Reads one packet into {@code dst} (what does not fit is dropped) and returns its sender. */
    SocketAddress readFrom(ByteBuffer dst) throws IOException;

    /** Sends {@code src} as one packet to {@code to}; returns the count sent. */
    int writeTo(ByteBuffer src, SocketAddress to) throws IOException;

    SocketAddress localAddr();

    void setDeadline(Instant t) throws IOException;

    void setReadDeadline(Instant t) throws IOException;

    void setWriteDeadline(Instant t) throws IOException;
}
