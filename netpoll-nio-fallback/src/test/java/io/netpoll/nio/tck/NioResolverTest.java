package io.netpoll.nio.tck;

import io.netpoll.tck.ResolverSuite;

class NioResolverTest extends ResolverSuite {
}
