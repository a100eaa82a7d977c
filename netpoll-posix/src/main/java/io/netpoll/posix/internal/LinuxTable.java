package io.netpoll.posix.internal;

import io.netpoll.spi.Errno;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Linux on x86_64 and aarch64. Both use the kernel's generic ABI for everything here (errno numbers,
 * socket constants, {@code fcntl} flags, {@code sockaddr} layouts), so one table serves both; the one
 * layout that differs between them, {@code struct epoll_event}, belongs to the epoll provider's own
 * per-architecture table. Values are those of Go's {@code zerrors_linux_amd64.go} and
 * {@code zerrors_linux_arm64.go}. Architectures with other numbers (mips, sparc, alpha, 32-bit) have
 * no table.
 */
final class LinuxTable extends OsTable {

    /** Go's {@code syscall.SOMAXCONN}: the backlog when somaxconn cannot be read. */
    private static final int SOMAXCONN = 128;
    private static final String SOMAXCONN_FILE = "/proc/sys/net/core/somaxconn";

    /** Go's {@code errors} table: errno number, name, text. 41 and 58 are unused on Linux. */
    private static final Object[][] ERRNOS = {
            {1, "EPERM", "operation not permitted"},
            {2, "ENOENT", "no such file or directory"},
            {3, "ESRCH", "no such process"},
            {4, "EINTR", "interrupted system call"},
            {5, "EIO", "input/output error"},
            {6, "ENXIO", "no such device or address"},
            {7, "E2BIG", "argument list too long"},
            {8, "ENOEXEC", "exec format error"},
            {9, "EBADF", "bad file descriptor"},
            {10, "ECHILD", "no child processes"},
            {11, "EAGAIN", "resource temporarily unavailable"},
            {12, "ENOMEM", "cannot allocate memory"},
            {13, "EACCES", "permission denied"},
            {14, "EFAULT", "bad address"},
            {15, "ENOTBLK", "block device required"},
            {16, "EBUSY", "device or resource busy"},
            {17, "EEXIST", "file exists"},
            {18, "EXDEV", "invalid cross-device link"},
            {19, "ENODEV", "no such device"},
            {20, "ENOTDIR", "not a directory"},
            {21, "EISDIR", "is a directory"},
            {22, "EINVAL", "invalid argument"},
            {23, "ENFILE", "too many open files in system"},
            {24, "EMFILE", "too many open files"},
            {25, "ENOTTY", "inappropriate ioctl for device"},
            {26, "ETXTBSY", "text file busy"},
            {27, "EFBIG", "file too large"},
            {28, "ENOSPC", "no space left on device"},
            {29, "ESPIPE", "illegal seek"},
            {30, "EROFS", "read-only file system"},
            {31, "EMLINK", "too many links"},
            {32, "EPIPE", "broken pipe"},
            {33, "EDOM", "numerical argument out of domain"},
            {34, "ERANGE", "numerical result out of range"},
            {35, "EDEADLK", "resource deadlock avoided"},
            {36, "ENAMETOOLONG", "file name too long"},
            {37, "ENOLCK", "no locks available"},
            {38, "ENOSYS", "function not implemented"},
            {39, "ENOTEMPTY", "directory not empty"},
            {40, "ELOOP", "too many levels of symbolic links"},
            {42, "ENOMSG", "no message of desired type"},
            {43, "EIDRM", "identifier removed"},
            {44, "ECHRNG", "channel number out of range"},
            {45, "EL2NSYNC", "level 2 not synchronized"},
            {46, "EL3HLT", "level 3 halted"},
            {47, "EL3RST", "level 3 reset"},
            {48, "ELNRNG", "link number out of range"},
            {49, "EUNATCH", "protocol driver not attached"},
            {50, "ENOCSI", "no CSI structure available"},
            {51, "EL2HLT", "level 2 halted"},
            {52, "EBADE", "invalid exchange"},
            {53, "EBADR", "invalid request descriptor"},
            {54, "EXFULL", "exchange full"},
            {55, "ENOANO", "no anode"},
            {56, "EBADRQC", "invalid request code"},
            {57, "EBADSLT", "invalid slot"},
            {59, "EBFONT", "bad font file format"},
            {60, "ENOSTR", "device not a stream"},
            {61, "ENODATA", "no data available"},
            {62, "ETIME", "timer expired"},
            {63, "ENOSR", "out of streams resources"},
            {64, "ENONET", "machine is not on the network"},
            {65, "ENOPKG", "package not installed"},
            {66, "EREMOTE", "object is remote"},
            {67, "ENOLINK", "link has been severed"},
            {68, "EADV", "advertise error"},
            {69, "ESRMNT", "srmount error"},
            {70, "ECOMM", "communication error on send"},
            {71, "EPROTO", "protocol error"},
            {72, "EMULTIHOP", "multihop attempted"},
            {73, "EDOTDOT", "RFS specific error"},
            {74, "EBADMSG", "bad message"},
            {75, "EOVERFLOW", "value too large for defined data type"},
            {76, "ENOTUNIQ", "name not unique on network"},
            {77, "EBADFD", "file descriptor in bad state"},
            {78, "EREMCHG", "remote address changed"},
            {79, "ELIBACC", "can not access a needed shared library"},
            {80, "ELIBBAD", "accessing a corrupted shared library"},
            {81, "ELIBSCN", ".lib section in a.out corrupted"},
            {82, "ELIBMAX", "attempting to link in too many shared libraries"},
            {83, "ELIBEXEC", "cannot exec a shared library directly"},
            {84, "EILSEQ", "invalid or incomplete multibyte or wide character"},
            {85, "ERESTART", "interrupted system call should be restarted"},
            {86, "ESTRPIPE", "streams pipe error"},
            {87, "EUSERS", "too many users"},
            {88, "ENOTSOCK", "socket operation on non-socket"},
            {89, "EDESTADDRREQ", "destination address required"},
            {90, "EMSGSIZE", "message too long"},
            {91, "EPROTOTYPE", "protocol wrong type for socket"},
            {92, "ENOPROTOOPT", "protocol not available"},
            {93, "EPROTONOSUPPORT", "protocol not supported"},
            {94, "ESOCKTNOSUPPORT", "socket type not supported"},
            {95, "EOPNOTSUPP", "operation not supported"},
            {96, "EPFNOSUPPORT", "protocol family not supported"},
            {97, "EAFNOSUPPORT", "address family not supported by protocol"},
            {98, "EADDRINUSE", "address already in use"},
            {99, "EADDRNOTAVAIL", "cannot assign requested address"},
            {100, "ENETDOWN", "network is down"},
            {101, "ENETUNREACH", "network is unreachable"},
            {102, "ENETRESET", "network dropped connection on reset"},
            {103, "ECONNABORTED", "software caused connection abort"},
            {104, "ECONNRESET", "connection reset by peer"},
            {105, "ENOBUFS", "no buffer space available"},
            {106, "EISCONN", "transport endpoint is already connected"},
            {107, "ENOTCONN", "transport endpoint is not connected"},
            {108, "ESHUTDOWN", "cannot send after transport endpoint shutdown"},
            {109, "ETOOMANYREFS", "too many references: cannot splice"},
            {110, "ETIMEDOUT", "connection timed out"},
            {111, "ECONNREFUSED", "connection refused"},
            {112, "EHOSTDOWN", "host is down"},
            {113, "EHOSTUNREACH", "no route to host"},
            {114, "EALREADY", "operation already in progress"},
            {115, "EINPROGRESS", "operation now in progress"},
            {116, "ESTALE", "stale NFS file handle"},
            {117, "EUCLEAN", "structure needs cleaning"},
            {118, "ENOTNAM", "not a XENIX named type file"},
            {119, "ENAVAIL", "no XENIX semaphores available"},
            {120, "EISNAM", "is a named type file"},
            {121, "EREMOTEIO", "remote I/O error"},
            {122, "EDQUOT", "disk quota exceeded"},
            {123, "ENOMEDIUM", "no medium found"},
            {124, "EMEDIUMTYPE", "wrong medium type"},
            {125, "ECANCELED", "operation canceled"},
            {126, "ENOKEY", "required key not available"},
            {127, "EKEYEXPIRED", "key has expired"},
            {128, "EKEYREVOKED", "key has been revoked"},
            {129, "EKEYREJECTED", "key was rejected by service"},
            {130, "EOWNERDEAD", "owner died"},
            {131, "ENOTRECOVERABLE", "state not recoverable"},
            {132, "ERFKILL", "operation not possible due to RF-kill"},
    };

    private final String arch;
    private final Errno[] errnos;

    static boolean supports(String arch) {
        return arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64");
    }

    LinuxTable(String arch) {
        this.arch = arch;
        this.errnos = errnoTable(ERRNOS);
    }

    /**
     * Builds the number-indexed table, reusing the SPI's {@link Errno} constants where one exists so
     * that callers may compare with either {@code equals} or {@code ==}.
     */
    static Errno[] errnoTable(Object[][] rows) {
        Map<String, Errno> spi = new HashMap<>();
        for (Field f : Errno.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == Errno.class) {
                try {
                    spi.put(f.getName(), (Errno) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        int max = 0;
        for (Object[] row : rows) {
            max = Math.max(max, (Integer) row[0]);
        }
        Errno[] table = new Errno[max + 1];
        for (Object[] row : rows) {
            Errno e = new Errno((String) row[1], (String) row[2]);
            Errno known = spi.get(e.name());
            table[(Integer) row[0]] = known != null && known.equals(e) ? known : e;
        }
        return table;
    }

    @Override
    public String platform() {
        return "linux/" + arch;
    }

    @Override
    public Errno errno(int number) {
        if (number > 0 && number < errnos.length && errnos[number] != null) {
            return errnos[number];
        }
        return new Errno("errno " + number, "errno " + number);
    }

    /** Go's {@code maxListenerBacklog} for Linux (sock_linux.go), reading /proc line by line. */
    @Override
    public int maxListenerBacklog() {
        int n;
        try {
            List<String> lines = Files.readAllLines(Path.of(SOMAXCONN_FILE));
            String[] fields = lines.isEmpty() ? new String[0] : lines.get(0).trim().split("\\s+");
            n = fields.length == 0 ? 0 : Integer.parseInt(fields[0]);
        } catch (IOException | NumberFormatException | SecurityException e) {
            return SOMAXCONN;
        }
        if (n <= 0) {
            return SOMAXCONN;
        }
        return n > 0xffff ? maxAckBacklog(n, System.getProperty("os.version", "")) : n;
    }

    /** Kernels before 4.1 keep the backlog in 16 bits (Go's {@code maxAckBacklog}). */
    static int maxAckBacklog(int n, String kernelRelease) {
        String[] parts = kernelRelease.split("[.\\-]");
        int major = parts.length > 0 ? leadingInt(parts[0]) : 0;
        int minor = parts.length > 1 ? leadingInt(parts[1]) : 0;
        boolean wide = major > 4 || (major == 4 && minor >= 1);
        return wide ? n : Math.min(n, 0xffff);
    }

    private static int leadingInt(String s) {
        int v = 0;
        for (int i = 0; i < s.length() && Character.isDigit(s.charAt(i)) && v < 100_000; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    @Override
    public boolean hasSockFlags() {
        return true;
    }

    @Override public int AF_UNIX() { return 1; }
    @Override public int AF_INET() { return 2; }
    @Override public int AF_INET6() { return 10; }
    @Override public int SOCK_STREAM() { return 1; }
    @Override public int SOCK_DGRAM() { return 2; }
    @Override public int SOCK_NONBLOCK() { return 0x800; }
    @Override public int SOCK_CLOEXEC() { return 0x80000; }

    @Override public int SOL_SOCKET() { return 1; }
    @Override public int IPPROTO_TCP() { return 6; }
    @Override public int IPPROTO_IPV6() { return 41; }
    @Override public int SO_REUSEADDR() { return 2; }
    @Override public int SO_REUSEPORT() { return 15; }
    @Override public int SO_KEEPALIVE() { return 9; }
    @Override public int SO_LINGER() { return 13; }
    @Override public int SO_RCVBUF() { return 8; }
    @Override public int SO_SNDBUF() { return 7; }
    @Override public int SO_BROADCAST() { return 6; }
    @Override public int SO_ERROR() { return 4; }
    @Override public int SO_NOSIGPIPE() { return 0; }
    @Override public int TCP_NODELAY() { return 1; }
    @Override public int TCP_KEEPIDLE() { return 4; }
    @Override public int TCP_KEEPINTVL() { return 5; }
    @Override public int TCP_KEEPCNT() { return 6; }
    @Override public int IPV6_V6ONLY() { return 26; }
    @Override public int IPPROTO_IP() { return 0; }
    @Override public int IP_MULTICAST_IF() { return 32; }
    @Override public int IP_MULTICAST_TTL() { return 33; }
    @Override public int IP_MULTICAST_LOOP() { return 34; }
    @Override public int IP_ADD_MEMBERSHIP() { return 35; }
    @Override public int IPV6_MULTICAST_IF() { return 17; }
    @Override public int IPV6_MULTICAST_HOPS() { return 18; }
    @Override public int IPV6_MULTICAST_LOOP() { return 19; }
    @Override public int IPV6_JOIN_GROUP() { return 20; }
    @Override public int MSG_NOSIGNAL() { return 0x4000; }
    @Override public int SHUT_RD() { return 0; }
    @Override public int SHUT_WR() { return 1; }
    @Override public int SHUT_RDWR() { return 2; }

    @Override public int F_GETFD() { return 1; }
    @Override public int F_SETFD() { return 2; }
    @Override public int F_GETFL() { return 3; }
    @Override public int F_SETFL() { return 4; }
    @Override public int FD_CLOEXEC() { return 1; }
    @Override public int O_NONBLOCK() { return 0x800; }

    /** Go's {@code spliceNonblock} is SPLICE_F_NONBLOCK alone: SPLICE_F_MOVE is a no-op since Linux 2.6.21. */
    private static final Splice SPLICE = new Splice(0x80000, 0x2, 1031, 38);

    @Override public Splice splice() { return SPLICE; }

    @Override public int O_RDONLY() { return 0; }
    @Override public int O_CLOEXEC() { return 0x80000; }

    private static final SendFile SENDFILE = new SendFile(SendFileAbi.LINUX, 38, 95, 95);

    @Override public SendFile sendFile() { return SENDFILE; }

    @Override public int EINTR() { return 4; }
    @Override public int EAGAIN() { return 11; }
    @Override public int EINPROGRESS() { return 115; }
    @Override public int EALREADY() { return 114; }
    @Override public int EISCONN() { return 106; }
    @Override public int ENOTCONN() { return 107; }
    @Override public int ECONNABORTED() { return 103; }
    @Override public int EINVAL() { return 22; }
    @Override public int EAFNOSUPPORT() { return 97; }
    @Override public int EBADF() { return 9; }

    @Override public boolean SOCKADDR_HAS_LEN() { return false; }
    @Override public int SIZEOF_SOCKADDR_IN() { return 16; }
    @Override public int SIZEOF_SOCKADDR_IN6() { return 28; }
    @Override public int SIZEOF_SOCKADDR_UN() { return 110; }
    @Override public int OFFSETOF_SUN_PATH() { return 2; }
    @Override public int SIZEOF_SOCKADDR_STORAGE() { return 128; }
    @Override public int SIZEOF_LINGER() { return 8; }
    @Override public int SIZEOF_IP_MREQ() { return 8; }
    @Override public int SIZEOF_IPV6_MREQ() { return 20; }
    @Override public int SIZEOF_IOVEC() { return 16; }
    @Override public int IOV_MAX() { return 1024; }
    @Override public int SIZEOF_MSGHDR() { return 56; }
    @Override public int OFFSETOF_MSG_IOV() { return 16; }
    @Override public int OFFSETOF_MSG_IOVLEN() { return 24; }
    @Override public int SIZEOF_MSG_IOVLEN() { return 8; }
}
