package io.netpoll.posix.internal;

import io.netpoll.spi.Errno;

/**
 * FreeBSD 12 and later on amd64 and aarch64, which share every number and layout here. Values are
 * those of Go's {@code zerrors_freebsd_amd64.go}/{@code zerrors_freebsd_arm64.go} and of FreeBSD's
 * {@code sys/socket.h}, {@code netinet/tcp.h} and {@code sys/errno.h}.
 *
 * <p>Unlike Darwin, FreeBSD has {@code SOCK_NONBLOCK}, {@code SOCK_CLOEXEC}, {@code accept4} and
 * {@code MSG_NOSIGNAL}, so sockets are made as on Linux. It also has {@code SO_NOSIGPIPE}, which is
 * set too: {@code writev(2)} takes no flags, and the option keeps it from raising SIGPIPE as well.
 * Every {@code sockaddr} starts with a length byte; errno numbers above 34 are the BSD ones. Errno
 * names map to the SPI's constants as {@link DarwinTable#bsdErrnoTable} describes.
 */
final class FreeBsdTable extends OsTable {

    /** Go's {@code errors} table for FreeBSD: errno number, name, text. 45 is ENOTSUP too. */
    private static final Object[][] ERRNOS = {
            {1, "EPERM", "operation not permitted"},
            {2, "ENOENT", "no such file or directory"},
            {3, "ESRCH", "no such process"},
            {4, "EINTR", "interrupted system call"},
            {5, "EIO", "input/output error"},
            {6, "ENXIO", "device not configured"},
            {7, "E2BIG", "argument list too long"},
            {8, "ENOEXEC", "exec format error"},
            {9, "EBADF", "bad file descriptor"},
            {10, "ECHILD", "no child processes"},
            {11, "EDEADLK", "resource deadlock avoided"},
            {12, "ENOMEM", "cannot allocate memory"},
            {13, "EACCES", "permission denied"},
            {14, "EFAULT", "bad address"},
            {15, "ENOTBLK", "block device required"},
            {16, "EBUSY", "device busy"},
            {17, "EEXIST", "file exists"},
            {18, "EXDEV", "cross-device link"},
            {19, "ENODEV", "operation not supported by device"},
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
            {34, "ERANGE", "result too large"},
            {35, "EAGAIN", "resource temporarily unavailable"},
            {36, "EINPROGRESS", "operation now in progress"},
            {37, "EALREADY", "operation already in progress"},
            {38, "ENOTSOCK", "socket operation on non-socket"},
            {39, "EDESTADDRREQ", "destination address required"},
            {40, "EMSGSIZE", "message too long"},
            {41, "EPROTOTYPE", "protocol wrong type for socket"},
            {42, "ENOPROTOOPT", "protocol not available"},
            {43, "EPROTONOSUPPORT", "protocol not supported"},
            {44, "ESOCKTNOSUPPORT", "socket type not supported"},
            {45, "EOPNOTSUPP", "operation not supported"},
            {46, "EPFNOSUPPORT", "protocol family not supported"},
            {47, "EAFNOSUPPORT", "address family not supported by protocol family"},
            {48, "EADDRINUSE", "address already in use"},
            {49, "EADDRNOTAVAIL", "can't assign requested address"},
            {50, "ENETDOWN", "network is down"},
            {51, "ENETUNREACH", "network is unreachable"},
            {52, "ENETRESET", "network dropped connection on reset"},
            {53, "ECONNABORTED", "software caused connection abort"},
            {54, "ECONNRESET", "connection reset by peer"},
            {55, "ENOBUFS", "no buffer space available"},
            {56, "EISCONN", "socket is already connected"},
            {57, "ENOTCONN", "socket is not connected"},
            {58, "ESHUTDOWN", "can't send after socket shutdown"},
            {59, "ETOOMANYREFS", "too many references: can't splice"},
            {60, "ETIMEDOUT", "operation timed out"},
            {61, "ECONNREFUSED", "connection refused"},
            {62, "ELOOP", "too many levels of symbolic links"},
            {63, "ENAMETOOLONG", "file name too long"},
            {64, "EHOSTDOWN", "host is down"},
            {65, "EHOSTUNREACH", "no route to host"},
            {66, "ENOTEMPTY", "directory not empty"},
            {67, "EPROCLIM", "too many processes"},
            {68, "EUSERS", "too many users"},
            {69, "EDQUOT", "disc quota exceeded"},
            {70, "ESTALE", "stale NFS file handle"},
            {71, "EREMOTE", "too many levels of remote in path"},
            {72, "EBADRPC", "RPC struct is bad"},
            {73, "ERPCMISMATCH", "RPC version wrong"},
            {74, "EPROGUNAVAIL", "RPC prog. not avail"},
            {75, "EPROGMISMATCH", "program version wrong"},
            {76, "EPROCUNAVAIL", "bad procedure for program"},
            {77, "ENOLCK", "no locks available"},
            {78, "ENOSYS", "function not implemented"},
            {79, "EFTYPE", "inappropriate file type or format"},
            {80, "EAUTH", "authentication error"},
            {81, "ENEEDAUTH", "need authenticator"},
            {82, "EIDRM", "identifier removed"},
            {83, "ENOMSG", "no message of desired type"},
            {84, "EOVERFLOW", "value too large to be stored in data type"},
            {85, "ECANCELED", "operation canceled"},
            {86, "EILSEQ", "illegal byte sequence"},
            {87, "ENOATTR", "attribute not found"},
            {88, "EDOOFUS", "programming error"},
            {89, "EBADMSG", "bad message"},
            {90, "EMULTIHOP", "multihop attempted"},
            {91, "ENOLINK", "link has been severed"},
            {92, "EPROTO", "protocol error"},
            {93, "ENOTCAPABLE", "capabilities insufficient"},
            {94, "ECAPMODE", "not permitted in capability mode"},
            {95, "ENOTRECOVERABLE", "state not recoverable"},
            {96, "EOWNERDEAD", "previous owner died"},
    };

    private final String arch;
    private final Errno[] errnos;

    static boolean supports(String arch) {
        return arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64");
    }

    FreeBsdTable(String arch) {
        this.arch = arch;
        this.errnos = DarwinTable.bsdErrnoTable(ERRNOS);
    }

    @Override
    public String platform() {
        return "freebsd/" + arch;
    }

    @Override
    public Errno errno(int number) {
        return DarwinTable.lookup(errnos, number);
    }

    /** Go reads {@code kern.ipc.soacceptqueue} on FreeBSD (the newer name of somaxconn). */
    @Override
    public int maxListenerBacklog() {
        return DarwinTable.bsdListenerBacklog("kern.ipc.soacceptqueue");
    }

    @Override
    public boolean hasSockFlags() {
        return true;
    }

    @Override public int AF_UNIX() { return 1; }
    @Override public int AF_INET() { return 2; }
    @Override public int AF_INET6() { return 28; }
    @Override public int SOCK_STREAM() { return 1; }
    @Override public int SOCK_DGRAM() { return 2; }
    @Override public int SOCK_NONBLOCK() { return 0x20000000; }
    @Override public int SOCK_CLOEXEC() { return 0x10000000; }

    @Override public int SOL_SOCKET() { return 0xffff; }
    @Override public int IPPROTO_TCP() { return 6; }
    @Override public int IPPROTO_IPV6() { return 41; }
    @Override public int SO_REUSEADDR() { return 0x4; }
    @Override public int SO_REUSEPORT() { return 0x200; }
    @Override public int SO_KEEPALIVE() { return 0x8; }
    /** In seconds on FreeBSD. */
    @Override public int SO_LINGER() { return 0x80; }
    @Override public int SO_RCVBUF() { return 0x1002; }
    @Override public int SO_SNDBUF() { return 0x1001; }
    @Override public int SO_BROADCAST() { return 0x20; }
    @Override public int SO_ERROR() { return 0x1007; }
    @Override public int SO_NOSIGPIPE() { return 0x800; }
    @Override public int TCP_NODELAY() { return 0x1; }
    @Override public int TCP_KEEPIDLE() { return 0x100; }
    @Override public int TCP_KEEPINTVL() { return 0x200; }
    @Override public int TCP_KEEPCNT() { return 0x400; }
    @Override public int IPV6_V6ONLY() { return 27; }
    @Override public int IPPROTO_IP() { return 0; }
    @Override public int IP_MULTICAST_IF() { return 9; }
    @Override public int IP_MULTICAST_TTL() { return 10; }
    @Override public int IP_MULTICAST_LOOP() { return 11; }
    @Override public int IP_ADD_MEMBERSHIP() { return 12; }
    @Override public int IPV6_MULTICAST_IF() { return 9; }
    @Override public int IPV6_MULTICAST_HOPS() { return 10; }
    @Override public int IPV6_MULTICAST_LOOP() { return 11; }
    @Override public int IPV6_JOIN_GROUP() { return 12; }
    @Override public int MSG_NOSIGNAL() { return 0x20000; }
    @Override public int SHUT_RD() { return 0; }
    @Override public int SHUT_WR() { return 1; }
    @Override public int SHUT_RDWR() { return 2; }

    @Override public int F_GETFD() { return 1; }
    @Override public int F_SETFD() { return 2; }
    @Override public int F_GETFL() { return 3; }
    @Override public int F_SETFL() { return 4; }
    @Override public int FD_CLOEXEC() { return 1; }
    @Override public int O_NONBLOCK() { return 0x4; }
    @Override public int O_RDONLY() { return 0; }
    @Override public int O_CLOEXEC() { return 0x100000; }

    private static final SendFile SENDFILE = new SendFile(SendFileAbi.FREEBSD, 78, 45, 45);

    @Override public SendFile sendFile() { return SENDFILE; }

    @Override public int EINTR() { return 4; }
    @Override public int EAGAIN() { return 35; }
    @Override public int EINPROGRESS() { return 36; }
    @Override public int EALREADY() { return 37; }
    @Override public int EISCONN() { return 56; }
    @Override public int ENOTCONN() { return 57; }
    @Override public int ECONNABORTED() { return 53; }
    @Override public int EINVAL() { return 22; }
    @Override public int EAFNOSUPPORT() { return 47; }
    @Override public int EBADF() { return 9; }

    @Override public boolean SOCKADDR_HAS_LEN() { return true; }
    @Override public int SIZEOF_SOCKADDR_IN() { return 16; }
    @Override public int SIZEOF_SOCKADDR_IN6() { return 28; }
    @Override public int SIZEOF_SOCKADDR_UN() { return 106; }
    @Override public int OFFSETOF_SUN_PATH() { return 2; }
    @Override public int SIZEOF_SOCKADDR_STORAGE() { return 128; }
    @Override public int SIZEOF_LINGER() { return 8; }
    @Override public int SIZEOF_IP_MREQ() { return 8; }
    @Override public int SIZEOF_IPV6_MREQ() { return 20; }
    @Override public int SIZEOF_IOVEC() { return 16; }
    @Override public int IOV_MAX() { return 1024; }
    @Override public int SIZEOF_MSGHDR() { return 48; }
    @Override public int OFFSETOF_MSG_IOV() { return 16; }
    @Override public int OFFSETOF_MSG_IOVLEN() { return 24; }
    @Override public int SIZEOF_MSG_IOVLEN() { return 4; }
}
