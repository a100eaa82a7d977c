package io.netpoll.epoll.tck;

import io.netpoll.tck.ResolverDnsmasqSuite;

class EpollResolverDnsmasqTest extends ResolverDnsmasqSuite {
}
