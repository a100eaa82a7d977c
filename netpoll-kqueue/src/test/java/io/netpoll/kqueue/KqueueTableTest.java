package io.netpoll.kqueue;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The struct kevent tables and their codec, byte by byte, for both OSes, on any machine. The
 * expected bytes are the C layouts (XNU's bsd/sys/event.h, FreeBSD 12+'s sys/sys/event.h) written
 * out by hand on a little-endian machine; the shim tests then run one layout per JVM through real
 * kevent calls.
 */
class KqueueTableTest {

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void sizesAndUserFilterPerOs() {
        assertEquals(32, KqueueTable.DARWIN.size());
        assertEquals(-10, KqueueTable.DARWIN.evfiltUser());
        assertEquals(64, KqueueTable.FREEBSD.size());
        assertEquals(-11, KqueueTable.FREEBSD.evfiltUser());
    }

    @Test
    void selectionByName() {
        assertSame(KqueueTable.DARWIN, KqueueTable.forName("darwin"));
        assertSame(KqueueTable.DARWIN, KqueueTable.forName("macOS"));
        assertSame(KqueueTable.FREEBSD, KqueueTable.forName(" FreeBSD "));
        assertNull(KqueueTable.forName("netbsd"));
    }

    @Test
    void selectionByPlatformIs64BitOnly() {
        assertSame(KqueueTable.DARWIN, KqueueTable.forPlatform("Mac OS X", "aarch64"));
        assertSame(KqueueTable.DARWIN, KqueueTable.forPlatform("Mac OS X", "x86_64"));
        assertSame(KqueueTable.FREEBSD, KqueueTable.forPlatform("FreeBSD", "amd64"));
        assertSame(KqueueTable.FREEBSD, KqueueTable.forPlatform("FreeBSD", "aarch64"));
        assertNull(KqueueTable.forPlatform("FreeBSD", "i386"), "i386's struct kevent is 56 bytes");
        assertNull(KqueueTable.forPlatform("FreeBSD", "arm"));
        assertNull(KqueueTable.forPlatform("NetBSD", "amd64"), "NetBSD's filter and flags are 32-bit");
        assertNull(KqueueTable.forPlatform("Linux", "amd64"));
    }

    @Test
    void freeBsdKeventBytes() {
        ByteBuffer b = buffer(2 * 64);
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) 0x5a); // garbage that put() must clear, ext[4] included
        }
        KqueueTable.FREEBSD.put(b, 64, 0x0102030405060708L, KqueueTable.EVFILT_WRITE,
                KqueueTable.EV_ADD | KqueueTable.EV_CLEAR, KqueueTable.NOTE_TRIGGER, 0x1122334455667788L);
        byte[] expected = new byte[64];
        long ident = 0x0102030405060708L;
        for (int i = 0; i < 8; i++) {
            expected[i] = (byte) (ident >>> (8 * i));
            expected[24 + i] = (byte) (0x1122334455667788L >>> (8 * i));
        }
        expected[8] = (byte) 0xfe; // filter -2
        expected[9] = (byte) 0xff;
        expected[10] = 0x21; // EV_ADD|EV_CLEAR
        expected[15] = 0x01; // NOTE_TRIGGER 0x01000000
        byte[] actual = new byte[64];
        b.get(64, actual);
        assertEquals(java.util.HexFormat.of().formatHex(expected), java.util.HexFormat.of().formatHex(actual));
        assertEquals((byte) 0x5a, b.get(63), "the struct before it is untouched");
    }

    @Test
    void darwinKeventBytesAndStride() {
        ByteBuffer b = buffer(3 * 32);
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) 0x5a);
        }
        KqueueTable.DARWIN.put(b, 32, 7, KqueueTable.EVFILT_READ, KqueueTable.EV_DELETE | KqueueTable.EV_RECEIPT,
                0, -1L);
        assertEquals((byte) 0x5a, b.get(31));
        assertEquals((byte) 0x5a, b.get(64), "32 bytes, no ext[4]");
        assertEquals(7, b.getLong(32));
        assertEquals(-1, b.getShort(40));
        assertEquals(0x42, b.getShort(42));
        assertEquals(0, b.getInt(44));
        assertEquals(0, b.getLong(48), "data cleared");
        assertEquals(-1L, b.getLong(56));
    }

    @Test
    void decodeReadsTheNamedFields() {
        for (KqueueTable t : new KqueueTable[] {KqueueTable.DARWIN, KqueueTable.FREEBSD}) {
            ByteBuffer b = buffer(2 * t.size());
            int off = t.size();
            b.putLong(off, 0xee1eb9f4L);
            b.putShort(off + 8, t.evfiltUser());
            b.putShort(off + 10, (short) (KqueueTable.EV_EOF | KqueueTable.EV_CLEAR));
            b.putLong(off + 16, 61);
            b.putLong(off + 24, Long.MIN_VALUE);
            assertEquals(0xee1eb9f4L, t.ident(b, off), t.os());
            assertEquals(t.evfiltUser(), t.filter(b, off), t.os());
            assertEquals(0x8020, t.flags(b, off), t.os() + ": flags are unsigned");
            assertEquals(61, t.data(b, off), t.os());
            assertEquals(Long.MIN_VALUE, t.udata(b, off), t.os());
        }
    }
}
