package io.netpoll.epoll.tck;

import io.netpoll.tck.MulticastSuite;

class EpollMulticastTest extends MulticastSuite {
}
