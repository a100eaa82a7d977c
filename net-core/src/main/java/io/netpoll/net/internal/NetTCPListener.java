// Mirrors Go's TCPListener (src/net/tcpsock.go, tcpsock_posix.go).
package io.netpoll.net.internal;

import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;

import java.io.IOException;
import java.time.Duration;

/**
 * A TCP listener; accepted connections get Go's defaults: no delay, and keep-alive as the listen
 * config says (by default on, with Go's timing).
 */
final class NetTCPListener extends NetListener implements TCPListener {

    /** Keep-alive idle time for accepted connections, as {@link NetTCPConn#newTCPConn} takes it. */
    private final Duration keepAlive;

    NetTCPListener(NetFD fd, Duration keepAlive) {
        super(fd);
        this.keepAlive = keepAlive;
    }

    @Override
    public TCPConn accept() throws IOException {
        return NetTCPConn.newTCPConn(acceptFD(), keepAlive);
    }
}
