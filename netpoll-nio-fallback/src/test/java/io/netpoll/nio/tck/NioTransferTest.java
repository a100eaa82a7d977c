package io.netpoll.nio.tck;

import io.netpoll.tck.TransferSuite;

class NioTransferTest extends TransferSuite {
}
