package io.netpoll.kqueue.tck;

import io.netpoll.kqueue.KqueueShim;
import io.netpoll.tck.PollerContractSuite;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KqueueShim.class)
class KqueuePollerContractTest extends PollerContractSuite {
}
