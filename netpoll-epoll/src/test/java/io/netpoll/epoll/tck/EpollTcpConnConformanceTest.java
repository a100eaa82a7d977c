package io.netpoll.epoll.tck;

import io.netpoll.tck.TcpConnConformanceSuite;

class EpollTcpConnConformanceTest extends TcpConnConformanceSuite {
}
