// Mirrors what Go's TCPListener and UnixListener share (src/net/tcpsock.go, unixsock.go).
package io.netpoll.net.internal;

import io.netpoll.net.Conn;
import io.netpoll.net.Listener;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Instant;

/**
 * A stream listener over a {@link NetFD}. Failures are Go's OpErrors naming only the listening
 * address: {@code "accept tcp 127.0.0.1:8080: use of closed network connection"}. {@link #close}
 * returns after the socket is closed, so the address can be listened on again at once; closing twice
 * does nothing.
 */
abstract class NetListener implements Listener {

    final NetFD fd;

    NetListener(NetFD fd) {
        this.fd = fd;
    }

    /** The next connection's socket, as Go's {@code netFD.accept}. */
    final NetFD acceptFD() throws IOException {
        try {
            return fd.accept();
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.wrap("accept", fd.net, null, fd.laddr(), e);
        }
    }

    @Override
    public abstract Conn accept() throws IOException;

    @Override
    public final SocketAddress addr() {
        return fd.laddr();
    }

    /** The accept deadline; null means none. */
    public final void setDeadline(Instant t) throws IOException {
        try {
            fd.pfd.setDeadline(t);
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.wrap("set", fd.net, null, fd.laddr(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fd.close();
        } catch (IOException | UnsupportedOperationException e) {
            throw OpErrors.wrap("close", fd.net, null, fd.laddr(), e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + fd.net + " " + Addrs.string(fd.laddr())
                + (fd.isOpen() ? "" : " closed") + "]";
    }
}
