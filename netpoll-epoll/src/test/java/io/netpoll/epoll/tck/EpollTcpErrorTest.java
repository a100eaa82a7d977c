package io.netpoll.epoll.tck;

import io.netpoll.tck.TcpErrorSuite;

class EpollTcpErrorTest extends TcpErrorSuite {
}
