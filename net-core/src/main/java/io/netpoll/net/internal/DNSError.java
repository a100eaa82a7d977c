// Mirrors Go's net.DNSError (src/net/net.go).
package io.netpoll.net.internal;

import java.io.IOException;

/**
 * A failed name or service lookup. The message is Go's {@code DNSError.Error()}:
 * {@code "lookup NAME[ on SERVER]: ERR"}, e.g. {@code "lookup no-such-host: no such host"} or
 * {@code "lookup tcp/foo: unknown port"}.
 */
public final class DNSError extends IOException {

    private static final long serialVersionUID = 1L;

    /** Go's {@code errNoSuchHost} text. */
    public static final String NO_SUCH_HOST = "no such host";

    private final String err;
    private final String name;
    private final String server;
    private final boolean isTimeout;
    private final boolean isTemporary;
    private final boolean isNotFound;

    public DNSError(String err, String name, String server, boolean isTimeout, boolean isTemporary,
                    boolean isNotFound) {
        super("lookup " + name + (server.isEmpty() ? "" : " on " + server) + ": " + err);
        this.err = err;
        this.name = name;
        this.server = server;
        this.isTimeout = isTimeout;
        this.isTemporary = isTemporary;
        this.isNotFound = isNotFound;
    }

    /** A name that does not exist: Go's {@code newDNSError(errNoSuchHost, name, "")}. */
    public static DNSError notFound(String err, String name) {
        return new DNSError(err, name, "", false, false, true);
    }

    public String err() {
        return err;
    }

    public String name() {
        return name;
    }

    public String server() {
        return server;
    }

    public boolean isTimeout() {
        return isTimeout;
    }

    /** Go's {@code Temporary()}: a timeout or a failure known to be temporary. */
    public boolean isTemporary() {
        return isTimeout || isTemporary;
    }

    public boolean isNotFound() {
        return isNotFound;
    }
}
