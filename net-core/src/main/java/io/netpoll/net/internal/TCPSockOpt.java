// Mirrors Go's src/net/tcpsockopt_unix.go, sockopt_posix.go (setKeepAlive, setLinger) and tcpsock.go (SetKeepAliveConfig).
package io.netpoll.net.internal;

import io.netpoll.runtime.FD;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.time.Duration;

import jdk.net.ExtendedSocketOptions;

/**
 * TCP socket options with Go's defaults and units: keep-alive idle time and probe interval are whole
 * seconds, rounded up; zero means Go's default (15 s idle, 15 s interval, 9 probes) and a negative
 * value leaves the system's setting alone.
 */
final class TCPSockOpt {

    static final Duration DEFAULT_KEEPALIVE_IDLE = Duration.ofSeconds(15);
    static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(15);
    static final int DEFAULT_KEEPALIVE_COUNT = 9;

    private TCPSockOpt() {
    }

    static void setNoDelay(FD fd, boolean on) throws IOException {
        fd.setOption(StandardSocketOptions.TCP_NODELAY, on);
    }

    static void setKeepAlive(FD fd, boolean on) throws IOException {
        fd.setOption(StandardSocketOptions.SO_KEEPALIVE, on);
    }

    /** Negative: off (background close); 0: reset on close; positive: linger that many seconds. */
    static void setLinger(FD fd, int seconds) throws IOException {
        fd.setOption(StandardSocketOptions.SO_LINGER, seconds < 0 ? -1 : seconds);
    }

    static void setKeepAliveIdle(FD fd, Duration d) throws IOException {
        if (d.isNegative()) {
            return;
        }
        fd.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, seconds(d.isZero() ? DEFAULT_KEEPALIVE_IDLE : d));
    }

    static void setKeepAliveInterval(FD fd, Duration d) throws IOException {
        if (d.isNegative()) {
            return;
        }
        fd.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL,
                seconds(d.isZero() ? DEFAULT_KEEPALIVE_INTERVAL : d));
    }

    static void setKeepAliveCount(FD fd, int n) throws IOException {
        if (n < 0) {
            return;
        }
        fd.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, n == 0 ? DEFAULT_KEEPALIVE_COUNT : n);
    }

    /** Go's {@code SetKeepAliveConfig}: on/off, then idle, interval and count. */
    static void setKeepAliveConfig(FD fd, boolean enable, Duration idle, Duration interval, int count)
            throws IOException {
        setKeepAlive(fd, enable);
        setKeepAliveIdle(fd, idle);
        setKeepAliveInterval(fd, interval);
        setKeepAliveCount(fd, count);
    }

    /** Go's {@code roundDurationUp(d, time.Second)}, capped to what the option can hold. */
    static int seconds(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return (int) Math.min(s, Integer.MAX_VALUE);
    }
}
