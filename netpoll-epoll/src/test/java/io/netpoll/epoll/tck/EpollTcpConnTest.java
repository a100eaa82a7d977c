package io.netpoll.epoll.tck;

import io.netpoll.tck.TcpConnSuite;

class EpollTcpConnTest extends TcpConnSuite {
}
