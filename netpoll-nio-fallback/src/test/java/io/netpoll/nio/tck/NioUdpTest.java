package io.netpoll.nio.tck;

import io.netpoll.tck.UdpSuite;

class NioUdpTest extends UdpSuite {
}
