package io.netpoll.net.internal.dns;

/**
 * A cursor over a received DNS message. Every read is bounds-checked against the current limit
 * (the end of the message, or of the RR data being read) and fails with a
 * {@link DnsFormatException} naming what was being read and where; nothing past {@code length} is
 * ever touched. Compression pointers are offsets from the start of the message, which is index 0
 * of {@code msg}.
 */
final class WireReader {

    final byte[] msg;
    final int length;
    int pos;
    private int limit;

    WireReader(byte[] msg, int length) {
        this.msg = msg;
        this.length = length;
        this.limit = length;
    }

    int limit() {
        return limit;
    }

    /** Confines reads to the next {@code n} bytes; returns the limit to restore with {@link #endLimit}. */
    int beginLimit(int n, String what) throws DnsFormatException {
        if (n > limit - pos) {
            throw new DnsFormatException(what + " of " + n + " bytes at offset " + pos
                    + " runs past the end of the message (" + (limit - pos) + " bytes left)");
        }
        int saved = limit;
        limit = pos + n;
        return saved;
    }

    /** Ends a {@link #beginLimit} section, which must have been read exactly to its end. */
    void endLimit(int saved, String what) throws DnsFormatException {
        if (pos != limit) {
            throw new DnsFormatException(what + " has " + (limit - pos) + " unread bytes at offset " + pos);
        }
        limit = saved;
    }

    void need(int n, String what) throws DnsFormatException {
        if (n > limit - pos) {
            throw new DnsFormatException("truncated " + what + " at offset " + pos + ": need " + n
                    + " bytes, " + (limit - pos) + " left");
        }
    }

    int u8(String what) throws DnsFormatException {
        need(1, what);
        return msg[pos++] & 0xFF;
    }

    int u16(String what) throws DnsFormatException {
        need(2, what);
        int v = (msg[pos] & 0xFF) << 8 | (msg[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    long u32(String what) throws DnsFormatException {
        need(4, what);
        long v = (long) (msg[pos] & 0xFF) << 24 | (msg[pos + 1] & 0xFF) << 16 | (msg[pos + 2] & 0xFF) << 8
                | (msg[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    byte[] bytes(int n, String what) throws DnsFormatException {
        need(n, what);
        byte[] b = java.util.Arrays.copyOfRange(msg, pos, pos + n);
        pos += n;
        return b;
    }
}
