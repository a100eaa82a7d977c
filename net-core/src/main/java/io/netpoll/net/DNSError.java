// Mirrors Go's net.DNSError (src/net/net.go).
package io.netpoll.net;

import io.netpoll.net.internal.IP;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A failed lookup, with Go's {@code *net.DNSError} facts. The message is Go's text:
 * {@code "lookup NAME[ on SERVER]: ERR"}, e.g. {@code "lookup nosuch.example on 127.0.0.1:53: no
 * such host"} or {@code "lookup www.example.com on [::1]:53: read udp [::1]:41234->[::1]:53: i/o
 * timeout"}.
 *
 * <p>{@link #isNotFound} is set when the name does not exist or has no record of the type asked
 * for (NXDOMAIN and NODATA alike, as Go reports both); {@link #isTimeout} when a server did not
 * answer in time; {@link #isTemporary} also for a SERVFAIL or a socket error, where trying again
 * later may work. As a {@link NetError} its op is "lookup", its network empty, and its addr the
 * server that gave the answer, when there was one.
 */
public final class DNSError extends UnknownHostException implements NetError {

    private static final long serialVersionUID = 1L;

    /** Go's error text. */
    private final String err;
    /** The name looked up. */
    private final String name;
    /** The server, or "". */
    private final String server;
    /** Whether the lookup timed out. */
    private final boolean isTimeout;
    /** Whether the failure may go away. */
    private final boolean isTemporary;
    /** Whether the name does not exist. */
    private final boolean isNotFound;

    /**
     * A lookup's failure, with Go's text {@code "lookup NAME on SERVER: ERR"}.
     *
     * @param err    Go's error text: "no such host", "server misbehaving", "i/o timeout", ...
     * @param name   the name looked up, as the caller wrote it
     * @param server the server in Go's {@code host:port} form, or "" when no server answered
     * @param isTimeout   true when the lookup timed out
     * @param isTemporary true when the failure may go away (a timeout, a server failure)
     * @param isNotFound  true when the name does not exist (NXDOMAIN, or no such record)
     */
    public DNSError(String err, String name, String server, boolean isTimeout, boolean isTemporary,
            boolean isNotFound) {
        super("lookup " + Objects.requireNonNull(name, "name")
                + (Objects.requireNonNull(server, "server").isEmpty() ? "" : " on " + server)
                + ": " + Objects.requireNonNull(err, "err"));
        this.err = err;
        this.name = name;
        this.server = server;
        this.isTimeout = isTimeout;
        this.isTemporary = isTemporary;
        this.isNotFound = isNotFound;
    }

    /**
     * The same error for another name: Go reports the name the caller asked for, not the suffixed one tried.
     *
     * @param name the name to look up
     * @return this error with {@code name} in its place
     */
    public DNSError withName(String name) {
        DNSError e = new DNSError(err, name, server, isTimeout, isTemporary, isNotFound);
        e.initCause(getCause());
        return e;
    }

    /**
     * Go's {@code Err}: the text after the colon.
     *
     * @return Go's error text
     */
    public String err() {
        return err;
    }

    /**
     * The name looked up, as the caller wrote it.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The server in {@code host:port} form, or "".
     *
     * @return the server, or ""
     */
    public String server() {
        return server;
    }

    /**
     * Go's {@code IsNotFound}: the name does not exist, or has no record of the type asked for.
     *
     * @return true when not found
     */
    public boolean isNotFound() {
        return isNotFound;
    }

    /**
     * Go's {@code Temporary()}: a timeout, or a failure known to be temporary.
     *
     * @return true when the failure may go away
     */
    public boolean isTemporary() {
        return isTimeout || isTemporary;
    }

    @Override
    public boolean isTimeout() {
        return isTimeout;
    }

    @Override
    public String op() {
        return "lookup";
    }

    @Override
    public String network() {
        return "";
    }

    @Override
    public SocketAddress source() {
        return null;
    }

    @Override
    public SocketAddress addr() {
        int colon = server.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String host = server.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        java.net.InetAddress ip = IP.parse(host);
        try {
            return ip == null ? null : new InetSocketAddress(ip, Integer.parseInt(server.substring(colon + 1)));
        } catch (IllegalArgumentException badPort) {
            return null;
        }
    }
}
