package io.netpoll.epoll.tck;

import io.netpoll.tck.UnixSuite;

class EpollUnixTest extends UnixSuite {
}
