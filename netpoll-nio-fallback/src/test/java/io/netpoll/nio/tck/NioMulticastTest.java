package io.netpoll.nio.tck;

import io.netpoll.tck.MulticastSuite;

class NioMulticastTest extends MulticastSuite {
}
