package io.netpoll.net;

import java.io.IOException;
import java.time.Instant;

/** A Unix domain stream listener: Go's {@code net.UnixListener}. */
public interface UnixListener extends Listener {

    @Override
    UnixConn accept() throws IOException;

    void setDeadline(Instant t) throws IOException;
}
