package io.netpoll.epoll.tck;

import io.netpoll.tck.ResolverSuite;

class EpollResolverTest extends ResolverSuite {
}
