// Mirrors Go's TCPConn (src/net/tcpsock.go, tcpsock_posix.go).
package io.netpoll.net.internal;

import io.netpoll.net.TCPConn;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * A TCP connection. A new one has Nagle's algorithm off (TCP_NODELAY) and, unless keep-alive is
 * switched off, Go's keep-alive probes (15 s idle, 15 s apart, 9 of them); options the provider or
 * the OS refuses at creation are left as they are, as Go ignores those errors too. Setters the caller
 * invokes report their failure as {@code "set tcp LOCAL->REMOTE: ..."}.
 */
final class NetTCPConn extends NetConn implements TCPConn {

    private NetTCPConn(NetFD fd) {
        super(fd);
    }

    /**
     * Go's {@code newTCPConn}: {@code keepAliveIdle} zero for Go's default idle time, positive for
     * that idle time, negative to leave keep-alive off.
     */
    static NetTCPConn newTCPConn(NetFD fd, Duration keepAliveIdle) {
        ignoreFailure(() -> TCPSockOpt.setNoDelay(fd.pfd, true));
        if (!keepAliveIdle.isNegative()) {
            ignoreFailure(() -> TCPSockOpt.setKeepAliveConfig(fd.pfd, true, keepAliveIdle, Duration.ZERO, 0));
        }
        return new NetTCPConn(fd);
    }

    private interface SockOpt {
        void set() throws IOException;
    }

    private static void ignoreFailure(SockOpt opt) {
        try {
            opt.set();
        } catch (IOException | UnsupportedOperationException e) {
            // Go: "errors from these setsockopts at creation are ignored".
        }
    }

    private void set(SockOpt opt) throws IOException {
        try {
            opt.set();
        } catch (IOException | UnsupportedOperationException e) {
            throw opError("set", e);
        }
    }

    @Override
    public void closeRead() throws IOException {
        shutdown(true, false);
    }

    @Override
    public void closeWrite() throws IOException {
        shutdown(false, true);
    }

    @Override
    public void setNoDelay(boolean on) throws IOException {
        set(() -> TCPSockOpt.setNoDelay(fd.pfd, on));
    }

    @Override
    public void setKeepAlive(boolean on) throws IOException {
        set(() -> TCPSockOpt.setKeepAlive(fd.pfd, on));
    }

    /** Go's {@code SetKeepAlivePeriod}: the idle time before the first probe; 0 is Go's 15 s. */
    @Override
    public void setKeepAlivePeriod(Duration d) throws IOException {
        Objects.requireNonNull(d, "keep-alive period");
        set(() -> TCPSockOpt.setKeepAliveIdle(fd.pfd, d));
    }

    @Override
    public void setLinger(int seconds) throws IOException {
        set(() -> TCPSockOpt.setLinger(fd.pfd, seconds));
    }
}
