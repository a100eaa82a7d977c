package io.netpoll.posix.internal;

import io.netpoll.spi.Errno;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OsTableTest {

    private static final OsTable T = OsTable.current();

    @Test
    void linuxErrnoNumbersMapToGoText() {
        assertSame(Errno.EPIPE, T.errno(32));
        assertSame(Errno.ECONNREFUSED, T.errno(111));
        assertSame(Errno.ECONNRESET, T.errno(104));
        assertSame(Errno.EAGAIN, T.errno(T.EAGAIN()));
        assertEquals("transport endpoint is already connected", T.errno(T.EISCONN()).text());
        assertEquals(new Errno("ESHUTDOWN", "cannot send after transport endpoint shutdown"), T.errno(108));
        assertEquals(new Errno("errno 41", "errno 41"), T.errno(41));
        assertEquals(new Errno("errno 999", "errno 999"), T.errno(999));
        assertEquals("errno -1", T.errno(-1).text());
    }

    @Test
    void everySpiErrnoIsInTheTableWithTheSameText() throws Exception {
        int found = 0;
        for (Field f : Errno.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == Errno.class) {
                Errno spi = (Errno) f.get(null);
                Errno mapped = null;
                for (int n = 1; n < 200 && mapped == null; n++) {
                    if (T.errno(n).name().equals(spi.name())) {
                        mapped = T.errno(n);
                    }
                }
                assertNotNull(mapped, spi.name());
                assertSame(spi, mapped, spi.name());
                found++;
            }
        }
        assertTrue(found >= 30);
    }

    @Test
    void constantsUsedForBranchesAgreeWithTheTable() {
        assertEquals("EINTR", T.errno(T.EINTR()).name());
        assertEquals("EINPROGRESS", T.errno(T.EINPROGRESS()).name());
        assertEquals("EALREADY", T.errno(T.EALREADY()).name());
        assertEquals("ENOTCONN", T.errno(T.ENOTCONN()).name());
        assertEquals("ECONNABORTED", T.errno(T.ECONNABORTED()).name());
        assertEquals("EINVAL", T.errno(T.EINVAL()).name());
        assertEquals("EBADF", T.errno(T.EBADF()).name());
        assertEquals("EAFNOSUPPORT", T.errno(T.EAFNOSUPPORT()).name());
    }

    @Test
    void platformSelection() {
        assertNotNull(OsTable.forPlatform("Linux", "amd64"));
        assertEquals("linux/aarch64", OsTable.forPlatform("Linux", "aarch64").platform());
        assertNull(OsTable.forPlatform("Linux", "riscv64"));
        assertNull(OsTable.forPlatform("Windows 11", "amd64"));
    }

    @Test
    void listenerBacklogIsSomaxconnReadLineByLine() throws Exception {
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        int expected = Files.isReadable(somaxconn)
                ? Integer.parseInt(Files.readAllLines(somaxconn).get(0).trim()) : 128;
        assertEquals(expected == 0 ? 128 : expected, T.maxListenerBacklog());
    }

    @Test
    void oldKernelsCapTheBacklogAt16Bits() {
        assertEquals(0xffff, LinuxTable.maxAckBacklog(1 << 20, "3.10.0-1160.el7.x86_64"));
        assertEquals(0xffff, LinuxTable.maxAckBacklog(1 << 20, "4.0.9"));
        assertEquals(1 << 20, LinuxTable.maxAckBacklog(1 << 20, "4.1.0"));
        assertEquals(1 << 20, LinuxTable.maxAckBacklog(1 << 20, "6.18.44-fc-v669"));
    }
}
