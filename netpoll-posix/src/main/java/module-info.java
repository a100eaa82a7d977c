/**
 * POSIX sockets through FFM or JNA: the system calls, {@code sockaddr} codecs, errno and the per-OS
 * constant tables that the epoll and kqueue providers share.
 *
 * <p>The C library is called through {@code java.lang.foreign} on JDK 22+ (this is a multi-release
 * jar) and through JNA on JDK 21 or with {@code -Dnetpoll.posix.binding=jna}. JNA is only needed by
 * the JNA binding, so it is {@code requires static}: on the module path it must then be resolved by
 * name ({@code --add-modules com.sun.jna}); a missing JNA makes the providers built on this module
 * report themselves unavailable, saying so.
 */
module io.netpoll.posix {
    requires transitive io.netpoll.api;
    requires static com.sun.jna;
    requires jdk.net;
    exports io.netpoll.posix;
    exports io.netpoll.posix.internal to io.netpoll.epoll, io.netpoll.kqueue;
}
