package io.netpoll.epoll.tck;

import io.netpoll.tck.InteropSuite;

class EpollInteropTest extends InteropSuite {
}
