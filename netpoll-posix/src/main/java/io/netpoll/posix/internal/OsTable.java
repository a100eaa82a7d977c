package io.netpoll.posix.internal;

import io.netpoll.spi.Errno;

import java.util.Locale;

/**
 * The numbers and struct layouts of one operating system and architecture: what Go keeps in its
 * generated {@code zerrors_GOOS_GOARCH.go} and {@code ztypes_GOOS_GOARCH.go} files. Nothing else in
 * netpoll4j writes a socket constant, an errno number or a {@code sockaddr} offset as a literal; it
 * asks the table of the machine it runs on ({@link #current()}).
 *
 * <p>Methods carry the C names, so a value can be checked against the system headers at a glance.
 * A new OS is one more subclass and one more case in {@link #forPlatform}; an OS or architecture with
 * no table makes {@link #current()} fail with a message naming it, which the providers report as their
 * unavailability.
 */
public abstract class OsTable {

    private static final OsTable CURRENT = forPlatform(System.getProperty("os.name", ""),
            System.getProperty("os.arch", ""));

    /**
     * The table of this machine.
     *
     * @throws UnsupportedOperationException when there is none for this OS and architecture
     */
    public static OsTable current() {
        if (CURRENT == null) {
            throw new UnsupportedOperationException("netpoll-posix has no constant table for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        }
        return CURRENT;
    }

    /** The table for an OS and architecture as the JDK names them, or null when there is none. */
    static OsTable forPlatform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (os.equals("linux") && LinuxTable.supports(arch)) {
            return new LinuxTable(arch);
        }
        if ((os.equals("mac os x") || os.equals("darwin")) && DarwinTable.supports(arch)) {
            return new DarwinTable(arch);
        }
        if (os.equals("freebsd") && FreeBsdTable.supports(arch)) {
            return new FreeBsdTable(arch);
        }
        return null;
    }

    /** The OS and architecture this table describes, e.g. {@code linux/amd64}. */
    public abstract String platform();

    /** The errno with this number, with Go's text ({@code syscall.Errno.Error()}). */
    public abstract Errno errno(int number);

    /**
     * The cap on a listen backlog, read from the system as Go's {@code listenerBacklog()} does, or
     * {@code SOMAXCONN} when it cannot be read. Read once by the caller and cached.
     */
    public abstract int maxListenerBacklog();

    /**
     * True when {@code socket(2)} takes {@code SOCK_NONBLOCK|SOCK_CLOEXEC} and {@code accept4(2)}
     * exists; false where both must be set with {@code fcntl(2)} afterwards (Darwin).
     */
    public abstract boolean hasSockFlags();

    // Address families and socket types.
    public abstract int AF_UNIX();

    public abstract int AF_INET();

    public abstract int AF_INET6();

    public abstract int SOCK_STREAM();

    public abstract int SOCK_DGRAM();

    /** 0 where {@link #hasSockFlags()} is false. */
    public abstract int SOCK_NONBLOCK();

    /** 0 where {@link #hasSockFlags()} is false. */
    public abstract int SOCK_CLOEXEC();

    // Option levels and options.
    public abstract int SOL_SOCKET();

    public abstract int IPPROTO_TCP();

    public abstract int IPPROTO_IPV6();

    public abstract int SO_REUSEADDR();

    public abstract int SO_REUSEPORT();

    public abstract int SO_KEEPALIVE();

    public abstract int SO_LINGER();

    public abstract int SO_RCVBUF();

    public abstract int SO_SNDBUF();

    public abstract int SO_BROADCAST();

    public abstract int SO_ERROR();

    /** 0 where the OS has no such option and uses {@link #MSG_NOSIGNAL()} instead (Linux). */
    public abstract int SO_NOSIGPIPE();

    public abstract int TCP_NODELAY();

    /** Linux's name; Darwin calls it {@code TCP_KEEPALIVE}. */
    public abstract int TCP_KEEPIDLE();

    public abstract int TCP_KEEPINTVL();

    public abstract int TCP_KEEPCNT();

    public abstract int IPV6_V6ONLY();

    // Multicast (Go's sockoptip_*.go): options of level IPPROTO_IP for IPv4 sockets, IPPROTO_IPV6 for IPv6.
    public abstract int IPPROTO_IP();

    /** Takes the interface's IPv4 address, an {@code in_addr} (Linux also takes an {@code ip_mreqn}). */
    public abstract int IP_MULTICAST_IF();

    /** Takes one byte (the BSDs read only a {@code u_char}; Linux reads one byte when given one). */
    public abstract int IP_MULTICAST_TTL();

    /** Takes one byte, as {@link #IP_MULTICAST_TTL()}. */
    public abstract int IP_MULTICAST_LOOP();

    /** Takes a {@code struct ip_mreq}: the group's {@code in_addr}, then the interface's (0: any). */
    public abstract int IP_ADD_MEMBERSHIP();

    /** Takes the interface index, an {@code int}. */
    public abstract int IPV6_MULTICAST_IF();

    public abstract int IPV6_MULTICAST_HOPS();

    public abstract int IPV6_MULTICAST_LOOP();

    /** Takes a {@code struct ipv6_mreq}: the group's {@code in6_addr}, then the interface index (0: any). */
    public abstract int IPV6_JOIN_GROUP();

    /** 0 where the OS has no such flag and uses {@link #SO_NOSIGPIPE()} instead (Darwin). */
    public abstract int MSG_NOSIGNAL();

    public abstract int SHUT_RD();

    public abstract int SHUT_WR();

    public abstract int SHUT_RDWR();

    // fcntl(2), for the OSes without socket flags.
    public abstract int F_GETFD();

    public abstract int F_SETFD();

    public abstract int F_GETFL();

    public abstract int F_SETFL();

    public abstract int FD_CLOEXEC();

    public abstract int O_NONBLOCK();

    /**
     * The constants of Linux's {@code splice(2)} and its pipes.
     *
     * @param O_CLOEXEC         {@code pipe2} flag
     * @param SPLICE_F_NONBLOCK {@code splice} flag: never block on the pipe (the sockets are non-blocking
     *                          on their own)
     * @param F_SETPIPE_SZ      {@code fcntl} command that sizes a pipe
     * @param ENOSYS            the errno of a kernel built without splice
     */
    public record Splice(int O_CLOEXEC, int SPLICE_F_NONBLOCK, int F_SETPIPE_SZ, int ENOSYS) {
    }

    /** The splice constants, or null where the system has no splice between sockets. */
    public Splice splice() {
        return null;
    }

    // open(2), for the files sendfile(2) reads.
    public abstract int O_RDONLY();

    public abstract int O_CLOEXEC();

    /** The three {@code sendfile(2)}s, which differ in their arguments and in how they report a short send. */
    public enum SendFileAbi {
        /** {@code ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count)}: the count, or -1. */
        LINUX,
        /**
         * {@code int sendfile(int fd, int s, off_t offset, size_t nbytes, struct sf_hdtr *hdtr, off_t *sbytes,
         * int flags)}: 0 or -1, the count in {@code *sbytes} either way (EAGAIN may come with a count).
         */
        FREEBSD,
        /**
         * {@code int sendfile(int fd, int s, off_t offset, off_t *len, struct sf_hdtr *hdtr, int flags)}: 0 or
         * -1, the count in {@code *len} either way (EAGAIN may come with a count).
         */
        DARWIN
    }

    /**
     * The system's {@code sendfile(2)}.
     *
     * @param abi        which of the three it is
     * @param ENOSYS     with EINVAL and the two below, the errnos by which Go's {@code sendFile} learns that
     *                   the system cannot send from this file into this socket
     * @param EOPNOTSUPP see above
     * @param ENOTSUP    see above; equal to EOPNOTSUPP except on Darwin
     */
    public record SendFile(SendFileAbi abi, int ENOSYS, int EOPNOTSUPP, int ENOTSUP) {
    }

    /** The sendfile of this system, or null where it has none. */
    public SendFile sendFile() {
        return null;
    }

    // The errno numbers that code branches on; errno(int) maps any number for messages.
    public abstract int EINTR();

    public abstract int EAGAIN();

    public abstract int EINPROGRESS();

    public abstract int EALREADY();

    public abstract int EISCONN();

    public abstract int ENOTCONN();

    public abstract int ECONNABORTED();

    public abstract int EINVAL();

    public abstract int EAFNOSUPPORT();

    public abstract int EBADF();

    // Struct layouts (64-bit).
    /** True when every sockaddr starts with a length byte and a one-byte family (the BSDs). */
    public abstract boolean SOCKADDR_HAS_LEN();

    public abstract int SIZEOF_SOCKADDR_IN();

    public abstract int SIZEOF_SOCKADDR_IN6();

    public abstract int SIZEOF_SOCKADDR_UN();

    /** {@code offsetof(struct sockaddr_un, sun_path)}. */
    public abstract int OFFSETOF_SUN_PATH();

    public abstract int SIZEOF_SOCKADDR_STORAGE();

    /** {@code struct linger}: two ints, {@code l_onoff} then {@code l_linger}. */
    public abstract int SIZEOF_LINGER();

    /** {@code struct ip_mreq}: two {@code in_addr}s. */
    public abstract int SIZEOF_IP_MREQ();

    /** {@code struct ipv6_mreq}: an {@code in6_addr} then an {@code unsigned int} interface index. */
    public abstract int SIZEOF_IPV6_MREQ();

    /** {@code struct iovec}: a pointer then a {@code size_t}. */
    public abstract int SIZEOF_IOVEC();

    /** {@code IOV_MAX}: the most iovecs one readv/writev takes. */
    public abstract int IOV_MAX();

    /**
     * {@code struct msghdr}, for {@code sendmsg(2)}: only {@code msg_iov} and {@code msg_iovlen} are
     * set, the rest is zero. {@code msg_iovlen} is a {@code size_t} on Linux and an {@code int} on the
     * BSDs ({@link #SIZEOF_MSG_IOVLEN()}).
     */
    public abstract int SIZEOF_MSGHDR();

    /** {@code offsetof(struct msghdr, msg_iov)}. */
    public abstract int OFFSETOF_MSG_IOV();

    /** {@code offsetof(struct msghdr, msg_iovlen)}. */
    public abstract int OFFSETOF_MSG_IOVLEN();

    /** {@code sizeof(((struct msghdr *) 0)->msg_iovlen)}. */
    public abstract int SIZEOF_MSG_IOVLEN();

    @Override
    public String toString() {
        return "OsTable[" + platform() + "]";
    }
}
