/**
 * The Linux epoll provider: Go's {@code netpoll_epoll.go} over FFM or JNA, with the POSIX socket layer of
 * {@code io.netpoll.posix}.
 */
module io.netpoll.epoll {
    requires io.netpoll.api;
    requires io.netpoll.posix;
    requires static com.sun.jna;
    provides io.netpoll.spi.NetpollProvider with io.netpoll.epoll.EpollProvider;
}
