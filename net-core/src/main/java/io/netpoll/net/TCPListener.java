package io.netpoll.net;

import java.io.IOException;
import java.time.Instant;

/** A TCP listener: Go's {@code net.TCPListener}. */
public interface TCPListener extends Listener {

    @Override
    TCPConn accept() throws IOException;

    /**
     * Sets the accept deadline; null means none.
     *
     * @param t the deadline, or null for none
     * @throws IOException a {@link NetError} with Go's text
     */
    void setDeadline(Instant t) throws IOException;
}
