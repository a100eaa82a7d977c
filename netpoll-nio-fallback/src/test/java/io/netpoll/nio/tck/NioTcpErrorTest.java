package io.netpoll.nio.tck;

import io.netpoll.tck.TcpErrorSuite;

class NioTcpErrorTest extends TcpErrorSuite {
}
