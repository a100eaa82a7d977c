package io.netpoll.net;

import java.io.IOException;
import java.time.Instant;

/** A Unix domain stream listener: Go's {@code net.UnixListener}. */
public interface UnixListener extends Listener {

    @Override
    UnixConn accept() throws IOException;

    /**
     * Sets the accept deadline; null means none.
     *
     * @param t the deadline, or null for none
     * @throws IOException a {@link NetError} with Go's text, once closed
     */
    void setDeadline(Instant t) throws IOException;
}
