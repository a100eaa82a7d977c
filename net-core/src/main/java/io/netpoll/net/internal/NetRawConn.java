// Mirrors Go's rawConn (src/net/rawconn.go): a conn's socket for its options.
package io.netpoll.net.internal;

import io.netpoll.net.RawConn;
import io.netpoll.runtime.FD;

import java.io.IOException;
import java.net.SocketOption;

/**
 * A {@link RawConn} over a socket's {@link FD}. Before the socket is in use (a {@link io.netpoll.net.Control}
 * hook's view) failures leave as they are, for the dial or listen to report in its own OpError; on a
 * conn's socket they are Go's {@code "raw-control"} OpError naming the local address.
 */
final class NetRawConn implements RawConn {

    private final FD pfd;
    /** The conn's socket, or null for one not yet in use. */
    private final NetFD owner;

    private NetRawConn(FD pfd, NetFD owner) {
        this.pfd = pfd;
        this.owner = owner;
    }

    /** The view a control hook gets. */
    static NetRawConn beforeUse(FD pfd) {
        return new NetRawConn(pfd, null);
    }

    /** The view a conn's {@code syscallConn()} gives. */
    static NetRawConn of(NetFD fd) {
        return new NetRawConn(fd.pfd, fd);
    }

    @Override
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        try {
            pfd.setOption(option, value);
        } catch (IOException e) {
            throw wrap(e);
        }
    }

    @Override
    public <T> T getOption(SocketOption<T> option) throws IOException {
        try {
            return pfd.getOption(option);
        } catch (IOException e) {
            throw wrap(e);
        }
    }

    private IOException wrap(IOException e) {
        return owner == null ? e : OpErrors.wrap("raw-control", owner.net, null, owner.laddr(), e);
    }
}
