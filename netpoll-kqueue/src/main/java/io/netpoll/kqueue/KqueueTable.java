package io.netpoll.kqueue;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * kqueue's numbers and the layout of {@code struct kevent}, one table per OS (64-bit only), and the
 * codec that reads and writes a kevent at an offset of a native-order buffer.
 *
 * <p>Both layouts start the same: {@code ident} (uintptr_t) at 0, {@code filter} (int16) at 8,
 * {@code flags} (uint16) at 10, {@code fflags} (uint32) at 12, {@code data} (int64) at 16 and
 * {@code udata} (a pointer) at 24. macOS ends there: 32 bytes, packed to 4 (XNU's
 * {@code bsd/sys/event.h}). FreeBSD 12 added {@code uint64_t ext[4]}: 64 bytes, and the
 * {@code kevent} symbol that {@code dlsym} finds is that version. {@code EVFILT_USER} differs too:
 * -10 on macOS, -11 on FreeBSD. Every other number here is the same on both; Go's
 * {@code defs_darwin_*.go} and {@code defs_freebsd_*.go} carry the same values.
 *
 * @param os         the OS whose ABI this is: {@code darwin} or {@code freebsd}
 * @param size       {@code sizeof(struct kevent)}, the stride of an event array
 * @param evfiltUser {@code EVFILT_USER}
 */
record KqueueTable(String os, int size, short evfiltUser) {

    static final KqueueTable DARWIN = new KqueueTable("darwin", 32, (short) -10);
    static final KqueueTable FREEBSD = new KqueueTable("freebsd", 64, (short) -11);

    static final int IDENT = 0;
    static final int FILTER = 8;
    static final int FLAGS = 10;
    static final int FFLAGS = 12;
    static final int DATA = 16;
    static final int UDATA = 24;

    static final short EVFILT_READ = -1;
    static final short EVFILT_WRITE = -2;
    static final int EV_ADD = 0x1;
    static final int EV_DELETE = 0x2;
    static final int EV_CLEAR = 0x20;
    static final int EV_RECEIPT = 0x40;
    static final int EV_ERROR = 0x4000;
    static final int EV_EOF = 0x8000;
    static final int NOTE_TRIGGER = 0x0100_0000;

    /** The table named {@code darwin} or {@code freebsd}, or null. */
    static KqueueTable forName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "darwin", "macos" -> DARWIN;
            case "freebsd" -> FREEBSD;
            default -> null;
        };
    }

    /** The table for an OS and architecture as the JDK names them, or null when there is none. */
    static KqueueTable forPlatform(String osName, String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (!arch.equals("x86_64") && !arch.equals("amd64") && !arch.equals("aarch64")) {
            return null;
        }
        return switch (osName.toLowerCase(Locale.ROOT)) {
            case "mac os x", "darwin" -> DARWIN;
            case "freebsd" -> FREEBSD;
            default -> null;
        };
    }

    /** Writes one kevent at {@code off}, zeroing the bytes of the struct it does not name. */
    void put(ByteBuffer b, int off, long ident, short filter, int flags, int fflags, long udata) {
        for (int i = 0; i < size; i += 8) {
            b.putLong(off + i, 0L);
        }
        b.putLong(off + IDENT, ident);
        b.putShort(off + FILTER, filter);
        b.putShort(off + FLAGS, (short) flags);
        b.putInt(off + FFLAGS, fflags);
        b.putLong(off + UDATA, udata);
    }

    long ident(ByteBuffer b, int off) {
        return b.getLong(off + IDENT);
    }

    short filter(ByteBuffer b, int off) {
        return b.getShort(off + FILTER);
    }

    int flags(ByteBuffer b, int off) {
        return b.getShort(off + FLAGS) & 0xffff;
    }

    long data(ByteBuffer b, int off) {
        return b.getLong(off + DATA);
    }

    long udata(ByteBuffer b, int off) {
        return b.getLong(off + UDATA);
    }
}
