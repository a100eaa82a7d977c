/**
 * The macOS and FreeBSD kqueue provider: Go's {@code netpoll_kqueue.go} over FFM or JNA, with the POSIX
 * socket layer of {@code io.netpoll.posix}.
 */
module io.netpoll.kqueue {
    requires io.netpoll.api;
    requires io.netpoll.posix;
    requires static com.sun.jna;
    provides io.netpoll.spi.NetpollProvider with io.netpoll.kqueue.KqueueProvider;
}
