package io.netpoll.epoll.tck;

import io.netpoll.tck.TcpJavaContractSuite;

class EpollTcpJavaContractTest extends TcpJavaContractSuite {
}
