package io.netpoll.epoll.tck;

import io.netpoll.tck.AddressingSuite;

class EpollAddressingTest extends AddressingSuite {
}
