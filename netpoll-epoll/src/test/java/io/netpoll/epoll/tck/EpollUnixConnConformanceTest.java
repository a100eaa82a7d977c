package io.netpoll.epoll.tck;

import io.netpoll.tck.UnixConnConformanceSuite;

class EpollUnixConnConformanceTest extends UnixConnConformanceSuite {
}
