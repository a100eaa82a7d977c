package io.netpoll.epoll.tck;

import io.netpoll.tck.TcpCloseSuite;

class EpollTcpCloseTest extends TcpCloseSuite {
}
