package io.netpoll.epoll.tck;

import io.netpoll.tck.UdpSuite;

class EpollUdpTest extends UdpSuite {
}
