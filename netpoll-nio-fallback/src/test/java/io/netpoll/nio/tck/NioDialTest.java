package io.netpoll.nio.tck;

import io.netpoll.tck.DialSuite;

class NioDialTest extends DialSuite {
}
