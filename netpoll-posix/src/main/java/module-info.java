/**
 * POSIX sockets through JNA: the system calls, {@code sockaddr} codecs, errno and the per-OS constant
 * tables that the epoll and kqueue providers share.
 *
 * <p>On the module path JNA ({@code com.sun.jna}) is required; on the class path a missing JNA makes
 * the providers built on this module report themselves unavailable.
 */
module io.netpoll.posix {
    requires transitive io.netpoll.api;
    requires com.sun.jna;
    requires jdk.net;
    exports io.netpoll.posix;
    exports io.netpoll.posix.internal to io.netpoll.epoll, io.netpoll.kqueue;
}
