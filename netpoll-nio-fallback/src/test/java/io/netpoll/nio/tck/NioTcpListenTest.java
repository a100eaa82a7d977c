package io.netpoll.nio.tck;

import io.netpoll.tck.TcpListenSuite;

class NioTcpListenTest extends TcpListenSuite {
}
