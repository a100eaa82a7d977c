package io.netpoll.net;

import java.io.IOException;

/** A Unix domain socket: Go's {@code net.UnixConn}. */
public interface UnixConn extends Conn, PacketConn {

    void closeRead() throws IOException;

    void closeWrite() throws IOException;
}
