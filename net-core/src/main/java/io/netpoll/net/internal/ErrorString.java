// Mirrors Go's errors.New values that src/net returns inside an OpError.
package io.netpoll.net.internal;

import io.netpoll.spi.Errno;

import java.io.IOException;

/** An error that is only its text: Go's {@code errors.New("...")} sentinels and bare errno values. */
public final class ErrorString extends IOException {

    private static final long serialVersionUID = 1L;

    private ErrorString(String text) {
        super(text);
    }

    /** Go's {@code errMissingAddress}: dialing needs an address. */
    public static ErrorString missingAddress() {
        return new ErrorString("missing address");
    }

    /** Go's {@code ErrWriteToConnected}: a connected socket has only one peer. */
    public static ErrorString writeToConnected() {
        return new ErrorString("use of WriteTo with pre-connected connection");
    }

    /** A bare {@code syscall.Errno} that Go returns without a syscall name, such as EINVAL. */
    public static ErrorString errno(Errno errno) {
        return new ErrorString(errno.text());
    }

    /** A network this provider cannot serve, named with the provider. */
    public static ErrorString unsupported(String provider, String network) {
        return new ErrorString("netpoll provider " + provider + " does not support " + network + " sockets");
    }
}
