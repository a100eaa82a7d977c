package io.netpoll.net.internal.dns;

/**
 * A DNS message that cannot be parsed or built: the only exception the codec throws. The message
 * names what was wrong and where (a byte offset into the message), e.g. {@code "compression loop:
 * pointer at offset 40 to offset 12"}.
 */
public final class DnsFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public DnsFormatException(String message) {
        super(message);
    }
}
