package io.netpoll.nio.tck;

import io.netpoll.tck.TcpConnConformanceSuite;

class NioTcpConnConformanceTest extends TcpConnConformanceSuite {
}
