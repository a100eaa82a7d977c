package io.netpoll.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;

/** A packet-oriented network endpoint: Go's {@code net.PacketConn}. */
public interface PacketConn extends Closeable {

    /**
     * Reads one packet into {@code dst} (what does not fit is dropped) and returns its sender.
     *
     * @param dst the buffer to read into, from its position up to its limit
     * @return the sender
     * @throws IOException a {@link NetError} with Go's text
     */
    SocketAddress readFrom(ByteBuffer dst) throws IOException;

    /**
     * Sends {@code src} as one packet to {@code to}; returns the count sent.
     *
     * @param src the bytes to write, from its position to its limit
     * @param to the destination
     * @return the count sent
     * @throws IOException a {@link NetError} with Go's text
     */
    int writeTo(ByteBuffer src, SocketAddress to) throws IOException;

    /**
     * The local address: Go's {@code LocalAddr}.
     *
     * @return the local address
     */
    SocketAddress localAddr();

    /**
     * Sets the read and write deadlines; null means none. A past deadline is expired.
     *
     * @param t the deadline, or null for none
     * @throws IOException a {@link NetError} with Go's text, once closed
     */
    void setDeadline(Instant t) throws IOException;

    /**
     * Sets the read deadline; null means none.
     *
     * @param t the deadline, or null for none
     * @throws IOException a {@link NetError} with Go's text, once closed
     */
    void setReadDeadline(Instant t) throws IOException;

    /**
     * Sets the write deadline; null means none.
     *
     * @param t the deadline, or null for none
     * @throws IOException a {@link NetError} with Go's text, once closed
     */
    void setWriteDeadline(Instant t) throws IOException;
}
