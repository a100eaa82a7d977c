package io.netpoll.nio.tck;

import io.netpoll.tck.PollerContractSuite;

class NioPollerContractTest extends PollerContractSuite {
}
