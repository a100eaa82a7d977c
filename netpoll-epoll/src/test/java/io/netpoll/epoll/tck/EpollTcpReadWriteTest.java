package io.netpoll.epoll.tck;

import io.netpoll.tck.TcpReadWriteSuite;

class EpollTcpReadWriteTest extends TcpReadWriteSuite {
}
