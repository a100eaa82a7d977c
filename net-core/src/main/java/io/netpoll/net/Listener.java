package io.netpoll.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;

/** A stream listener: Go's {@code net.Listener}. */
public interface Listener extends Closeable {

    /**
     * Waits for and returns the next connection.
     *
     * @return the connection
     * @throws IOException a {@link NetError} with Go's text
     */
    Conn accept() throws IOException;

    /**
     * The address the listener is bound to, with the real port.
     *
     * @return the bound address
     */
    SocketAddress addr();
}
