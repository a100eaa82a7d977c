package io.netpoll.nio.tck;

import io.netpoll.tck.TcpReadWriteSuite;

class NioTcpReadWriteTest extends TcpReadWriteSuite {
}
