package io.netpoll.epoll.tck;

import io.netpoll.tck.TcpDeadlineSuite;

class EpollTcpDeadlineTest extends TcpDeadlineSuite {
}
