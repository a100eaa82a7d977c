package io.netpoll.nio.tck;

import io.netpoll.tck.SoakSuite;

class NioSoakTest extends SoakSuite {
}
