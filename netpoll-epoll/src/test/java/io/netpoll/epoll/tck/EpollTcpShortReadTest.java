package io.netpoll.epoll.tck;

import io.netpoll.tck.TcpShortReadSuite;

class EpollTcpShortReadTest extends TcpShortReadSuite {
}
