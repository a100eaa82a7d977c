package io.netpoll.posix.internal;

import io.netpoll.spi.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Darwin and FreeBSD tables, checked on any machine: selection by the JDK's os.name/os.arch, the
 * errno numbers and their mapping to the SPI's constants, and the socket numbers that differ from
 * Linux. Values were taken from Go's zerrors_darwin_*.go and zerrors_freebsd_*.go; that these are
 * what the kernels use is only proven on those systems.
 */
class BsdTablesTest {

    private static final OsTable DARWIN = OsTable.forPlatform("Mac OS X", "aarch64");
    private static final OsTable FREEBSD = OsTable.forPlatform("FreeBSD", "amd64");

    private static OsTable table(String os) {
        return os.equals("darwin") ? DARWIN : FREEBSD;
    }

    @Test
    void platformSelection() {
        assertInstanceOf(DarwinTable.class, OsTable.forPlatform("Mac OS X", "x86_64"));
        assertEquals("darwin/aarch64", DARWIN.platform());
        assertEquals("freebsd/amd64", FREEBSD.platform());
        assertInstanceOf(FreeBsdTable.class, OsTable.forPlatform("FreeBSD", "aarch64"));
        assertNull(OsTable.forPlatform("FreeBSD", "i386"));
        assertNull(OsTable.forPlatform("Mac OS X", "ppc"));
        assertNull(OsTable.forPlatform("OpenBSD", "amd64"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"darwin", "freebsd"})
    void errnoNumbersAreTheBsdOnesAndMapToTheSpiConstants(String os) {
        OsTable t = table(os);
        assertSame(Errno.EAGAIN, t.errno(35));
        assertSame(Errno.EINPROGRESS, t.errno(36));
        assertSame(Errno.ECONNRESET, t.errno(54));
        assertSame(Errno.ECONNREFUSED, t.errno(61));
        assertSame(Errno.EPIPE, t.errno(32));
        // Go's BSD texts differ for these; the SPI constants keep comparisons working on every OS.
        assertSame(Errno.ETIMEDOUT, t.errno(60));
        assertTrue(t.errno(60).isTimeout());
        assertSame(Errno.EISCONN, t.errno(56));
        assertSame(Errno.EADDRNOTAVAIL, t.errno(49));
        // Names the SPI does not define keep Go's text for the OS.
        assertEquals(new Errno("ESHUTDOWN", "can't send after socket shutdown"), t.errno(58));
        assertEquals(new Errno("EHOSTDOWN", "host is down"), t.errno(64));
        assertEquals(new Errno("errno 200", "errno 200"), t.errno(200));
        assertEquals("errno 0", t.errno(0).name());
    }

    @Test
    void numbersWhereDarwinAndFreeBsdDiffer() {
        assertEquals(new Errno("ENOTSUP", "operation not supported"), DARWIN.errno(45));
        assertSame(Errno.EOPNOTSUPP, DARWIN.errno(102));
        assertSame(Errno.EOPNOTSUPP, FREEBSD.errno(45));
        assertEquals(new Errno("ENOATTR", "attribute not found"), DARWIN.errno(93));
        assertEquals(new Errno("ENOTCAPABLE", "capabilities insufficient"), FREEBSD.errno(93));
        assertEquals(30, DARWIN.AF_INET6());
        assertEquals(28, FREEBSD.AF_INET6());
    }

    @ParameterizedTest
    @ValueSource(strings = {"darwin", "freebsd"})
    void everySpiErrnoIsInTheTable(String os) throws Exception {
        OsTable t = table(os);
        for (Field f : Errno.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == Errno.class) {
                Errno spi = (Errno) f.get(null);
                Errno mapped = null;
                for (int n = 1; n < 200 && mapped == null; n++) {
                    if (t.errno(n).name().equals(spi.name())) {
                        mapped = t.errno(n);
                    }
                }
                assertNotNull(mapped, os + " " + spi.name());
                assertSame(spi, mapped, os + " " + spi.name());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"darwin", "freebsd"})
    void constantsUsedForBranchesAgreeWithTheTable(String os) {
        OsTable t = table(os);
        assertEquals("EINTR", t.errno(t.EINTR()).name());
        assertEquals("EAGAIN", t.errno(t.EAGAIN()).name());
        assertEquals("EINPROGRESS", t.errno(t.EINPROGRESS()).name());
        assertEquals("EALREADY", t.errno(t.EALREADY()).name());
        assertEquals("EISCONN", t.errno(t.EISCONN()).name());
        assertEquals("ENOTCONN", t.errno(t.ENOTCONN()).name());
        assertEquals("ECONNABORTED", t.errno(t.ECONNABORTED()).name());
        assertEquals("EINVAL", t.errno(t.EINVAL()).name());
        assertEquals("EBADF", t.errno(t.EBADF()).name());
        assertEquals("EAFNOSUPPORT", t.errno(t.EAFNOSUPPORT()).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"darwin", "freebsd"})
    void socketLayerNumbers(String os) {
        OsTable t = table(os);
        assertEquals(0xffff, t.SOL_SOCKET());
        assertEquals(0x4, t.SO_REUSEADDR());
        assertEquals(0x1007, t.SO_ERROR());
        assertEquals(0x4, t.O_NONBLOCK());
        assertTrue(t.SOCKADDR_HAS_LEN());
        assertEquals(106, t.SIZEOF_SOCKADDR_UN());
        assertNotEquals(0, t.SO_NOSIGPIPE(), "both BSDs have SO_NOSIGPIPE");
    }

    @Test
    void darwinMakesSocketsWithFcntlAndSoNosigpipe() {
        assertFalse(DARWIN.hasSockFlags());
        assertEquals(0, DARWIN.SOCK_NONBLOCK());
        assertEquals(0, DARWIN.SOCK_CLOEXEC());
        assertEquals(0, DARWIN.MSG_NOSIGNAL());
        assertEquals(0x1022, DARWIN.SO_NOSIGPIPE());
        assertEquals(0x1080, DARWIN.SO_LINGER(), "SO_LINGER_SEC: Darwin's SO_LINGER counts ticks");
        assertEquals(0x10, DARWIN.TCP_KEEPIDLE(), "TCP_KEEPALIVE");
    }

    @Test
    void freeBsdHasLinuxStyleSocketFlags() {
        assertTrue(FREEBSD.hasSockFlags());
        assertEquals(0x20000000, FREEBSD.SOCK_NONBLOCK());
        assertEquals(0x10000000, FREEBSD.SOCK_CLOEXEC());
        assertEquals(0x20000, FREEBSD.MSG_NOSIGNAL());
        assertEquals(0x100, FREEBSD.TCP_KEEPIDLE());
    }

    /** glibc has no sysctlbyname: Go's fallback, SOMAXCONN, is what the BSD rule gives here. */
    @ParameterizedTest
    @ValueSource(strings = {"darwin", "freebsd"})
    void listenerBacklogFallsBackToSomaxconnWithoutSysctl(String os) {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "checks the fallback on Linux only");
        assertEquals(128, table(os).maxListenerBacklog());
    }

    // Each table's sendfile: the ABI of its C library, and errnos that name what Go's sendFile branches
    // on (checked through the errno tables, which carry the names).
    @ParameterizedTest
    @ValueSource(strings = {"linux", "darwin", "freebsd"})
    void sendFileAbiAndErrnos(String os) {
        OsTable t = os.equals("linux") ? OsTable.forPlatform("Linux", "amd64") : table(os);
        OsTable.SendFile sf = t.sendFile();
        assertEquals(OsTable.SendFileAbi.valueOf(os.toUpperCase(java.util.Locale.ROOT)), sf.abi());
        assertEquals("ENOSYS", t.errno(sf.ENOSYS()).name());
        assertSame(Errno.EOPNOTSUPP, t.errno(sf.EOPNOTSUPP()));
        String notsup = t.errno(sf.ENOTSUP()).name();
        assertTrue(notsup.equals("ENOTSUP") || notsup.equals("EOPNOTSUPP"), notsup);
        assertEquals(0, t.O_RDONLY());
        assertEquals(os.equals("linux") ? 0x80000 : os.equals("darwin") ? 0x1000000 : 0x100000, t.O_CLOEXEC());
    }
}
