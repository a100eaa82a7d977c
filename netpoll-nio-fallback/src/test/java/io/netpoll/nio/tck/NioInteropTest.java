package io.netpoll.nio.tck;

import io.netpoll.tck.InteropSuite;

class NioInteropTest extends InteropSuite {
}
