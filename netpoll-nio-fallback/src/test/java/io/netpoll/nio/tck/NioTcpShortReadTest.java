package io.netpoll.nio.tck;

import io.netpoll.tck.TcpShortReadSuite;

class NioTcpShortReadTest extends TcpShortReadSuite {
}
