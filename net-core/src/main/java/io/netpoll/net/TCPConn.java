package io.netpoll.net;

import java.io.IOException;
import java.time.Duration;

/** A TCP connection: Go's {@code net.TCPConn}. */
public interface TCPConn extends Conn {

    /** Shuts down the reading side. */
    void closeRead() throws IOException;

    /** Shuts down the writing side; the peer reads end of stream. */
    void closeWrite() throws IOException;

    /** Sets TCP_NODELAY: true turns Nagle's algorithm off, which is the default, as in Go. */
    void setNoDelay(boolean on) throws IOException;

    void setKeepAlive(boolean on) throws IOException;

    void setKeepAlivePeriod(Duration d) throws IOException;

    /** Negative: close in the background (the default); 0: discard unsent data and reset; positive: linger that long. */
    void setLinger(int seconds) throws IOException;
}
