package io.netpoll.nio.tck;

import io.netpoll.tck.TcpDeadlineSuite;

class NioTcpDeadlineTest extends TcpDeadlineSuite {
}
