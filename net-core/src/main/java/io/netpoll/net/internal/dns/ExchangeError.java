package io.netpoll.net.internal.dns;

import io.netpoll.net.DNSError;
import io.netpoll.net.NetError;
import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * The failures of one DNS exchange that are not socket errors: Go's {@code errNoSuchHost},
 * {@code errLameReferral}, {@code errServerMisbehaving} and the rest of dnsclient_unix.go's error
 * values, with Go's texts. Each is a shared constant without a stack trace; {@link #toDNSError}
 * gives it the name and server, as Go's {@code newDNSError} does.
 */
final class ExchangeError extends Exception {

    private static final long serialVersionUID = 1L;

    static final ExchangeError NO_SUCH_HOST = new ExchangeError("no such host", false, true);
    static final ExchangeError LAME_REFERRAL = new ExchangeError("lame referral", false, false);
    static final ExchangeError CANNOT_UNMARSHAL = new ExchangeError("cannot unmarshal DNS message", false, false);
    static final ExchangeError CANNOT_MARSHAL = new ExchangeError("cannot marshal DNS message", false, false);
    static final ExchangeError SERVER_MISBEHAVING = new ExchangeError("server misbehaving", false, false);
    /** SERVFAIL: like {@link #SERVER_MISBEHAVING}, but worth trying again later. */
    static final ExchangeError SERVER_TEMPORARILY_MISBEHAVING = new ExchangeError("server misbehaving", true, false);
    static final ExchangeError INVALID_RESPONSE = new ExchangeError("invalid DNS response", false, false);
    static final ExchangeError NO_ANSWER = new ExchangeError("no answer from DNS server", false, false);
    /** A TCP server closed before the reply's length (Go's {@code io.EOF}) or within the reply ({@code io.ErrUnexpectedEOF}). */
    static final ExchangeError EOF = new ExchangeError("EOF", false, false);
    static final ExchangeError UNEXPECTED_EOF = new ExchangeError("unexpected EOF", false, false);

    private final boolean temporary;
    private final boolean notFound;

    private ExchangeError(String text, boolean temporary, boolean notFound) {
        super(text, null, false, false);
        this.temporary = temporary;
        this.notFound = notFound;
    }

    DNSError toDNSError(String name, String server) {
        return new DNSError(getMessage(), name, server, false, temporary, notFound);
    }

    /**
     * Go's {@code newDNSError} for a socket error, with {@code tryOneName}'s rule that an
     * {@code *OpError} (every {@link NetError}) is temporary.
     */
    static DNSError fromSocket(IOException e, String name, String server) {
        boolean timeout = e instanceof NetError ne ? ne.isTimeout() : e instanceof SocketTimeoutException;
        String text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        DNSError d = new DNSError(text, name, server, timeout, e instanceof NetError || timeout, false);
        d.initCause(e);
        return d;
    }
}
