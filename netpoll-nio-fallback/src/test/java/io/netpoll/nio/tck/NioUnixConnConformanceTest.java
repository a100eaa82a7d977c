package io.netpoll.nio.tck;

import io.netpoll.tck.UnixConnConformanceSuite;

class NioUnixConnConformanceTest extends UnixConnConformanceSuite {
}
