package io.netpoll.net;

import java.io.IOException;

/** A Unix domain socket: Go's {@code net.UnixConn}. */
public interface UnixConn extends Conn, PacketConn {

    /**
     * Shuts down the reading side; the peer's writes then fail. Go's {@code CloseRead}.
     *
     * @throws IOException a {@link NetError} with Go's text
     */
    void closeRead() throws IOException;

    /**
     * Shuts down the writing side; the peer reads end of stream. Go's {@code CloseWrite}.
     *
     * @throws IOException a {@link NetError} with Go's text
     */
    void closeWrite() throws IOException;
}
