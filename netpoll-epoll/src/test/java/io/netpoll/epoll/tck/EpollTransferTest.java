package io.netpoll.epoll.tck;

import io.netpoll.tck.TransferSuite;

class EpollTransferTest extends TransferSuite {
}
