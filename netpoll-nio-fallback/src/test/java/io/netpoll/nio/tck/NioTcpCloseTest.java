package io.netpoll.nio.tck;

import io.netpoll.tck.TcpCloseSuite;

class NioTcpCloseTest extends TcpCloseSuite {
}
