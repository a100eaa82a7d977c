package io.netpoll.nio.tck;

import io.netpoll.tck.AddressingSuite;

class NioAddressingTest extends AddressingSuite {
}
