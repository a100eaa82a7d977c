// Mirrors Go's net.AddrError (src/net/net.go).
package io.netpoll.net.internal;

import java.io.IOException;

/**
 * An address that cannot be used: "missing port in address", "invalid port", "no suitable address
 * found". The message is Go's {@code AddrError.Error()}: {@code "address ADDR: ERR"}, or just ERR when
 * ADDR is empty.
 */
public final class AddrError extends IOException {

    private static final long serialVersionUID = 1L;

    private final String err;
    private final String addr;

    public AddrError(String err, String addr) {
        super(addr.isEmpty() ? err : "address " + addr + ": " + err);
        this.err = err;
        this.addr = addr;
    }

    /** Why the address is unusable, without the address. */
    public String err() {
        return err;
    }

    /** The address as the caller wrote it. */
    public String addr() {
        return addr;
    }
}
