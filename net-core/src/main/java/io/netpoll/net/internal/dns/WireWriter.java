package io.netpoll.net.internal.dns;

import java.util.Arrays;

/** A growable big-endian byte buffer for building a DNS message; the message starts at index 0. */
final class WireWriter {

    /** A message that must travel over TCP carries a 16-bit length: nothing longer can be sent. */
    static final int MAX_MESSAGE = 0xFFFF;

    private byte[] buf = new byte[512];
    private int pos;

    int pos() {
        return pos;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    void u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void u32(long v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void set16(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    byte[] toByteArray() throws DnsFormatException {
        if (pos > MAX_MESSAGE) {
            throw new DnsFormatException("message of " + pos + " bytes is longer than " + MAX_MESSAGE);
        }
        return Arrays.copyOf(buf, pos);
    }
}
