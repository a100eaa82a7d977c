package io.netpoll.nio.tck;

import io.netpoll.tck.UnixSuite;

class NioUnixTest extends UnixSuite {
}
