package io.netpoll.epoll.tck;

import io.netpoll.tck.TcpListenSuite;

class EpollTcpListenTest extends TcpListenSuite {
}
