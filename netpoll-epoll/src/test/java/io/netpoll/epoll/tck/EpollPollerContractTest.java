package io.netpoll.epoll.tck;

import io.netpoll.tck.PollerContractSuite;

class EpollPollerContractTest extends PollerContractSuite {
}
