package io.netpoll.nio.tck;

import io.netpoll.tck.ResolverDnsmasqSuite;

class NioResolverDnsmasqTest extends ResolverDnsmasqSuite {
}
