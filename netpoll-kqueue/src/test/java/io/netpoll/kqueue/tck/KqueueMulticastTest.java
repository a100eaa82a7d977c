package io.netpoll.kqueue.tck;

import io.netpoll.kqueue.KqueueShim;
import io.netpoll.tck.MulticastSuite;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KqueueShim.class)
class KqueueMulticastTest extends MulticastSuite {
}
