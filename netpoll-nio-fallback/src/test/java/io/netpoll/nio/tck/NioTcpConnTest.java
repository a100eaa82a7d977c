package io.netpoll.nio.tck;

import io.netpoll.tck.TcpConnSuite;

class NioTcpConnTest extends TcpConnSuite {
}
