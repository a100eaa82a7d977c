// Mirrors Go's TCPListener (src/net/tcpsock.go, tcpsock_posix.go).
package io.netpoll.net.internal;

import io.netpoll.net.TCPConn;
import io.netpoll.net.TCPListener;

import java.io.IOException;
import java.time.Duration;

/** A TCP listener; accepted connections get Go's defaults (no delay, keep-alive). */
final class NetTCPListener extends NetListener implements TCPListener {

    NetTCPListener(NetFD fd) {
        super(fd);
    }

    @Override
    public TCPConn accept() throws IOException {
        return NetTCPConn.newTCPConn(acceptFD(), Duration.ZERO);
    }
}
