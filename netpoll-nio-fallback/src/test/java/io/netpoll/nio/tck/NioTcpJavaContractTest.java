package io.netpoll.nio.tck;

import io.netpoll.tck.TcpJavaContractSuite;

class NioTcpJavaContractTest extends TcpJavaContractSuite {
}
