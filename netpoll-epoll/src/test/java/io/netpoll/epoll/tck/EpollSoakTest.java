package io.netpoll.epoll.tck;

import io.netpoll.tck.SoakSuite;

class EpollSoakTest extends SoakSuite {
}
