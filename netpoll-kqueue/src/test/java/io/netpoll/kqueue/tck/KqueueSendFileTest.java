package io.netpoll.kqueue.tck;

import io.netpoll.kqueue.KqueueShim;
import io.netpoll.tck.SendFileSuite;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KqueueShim.class)
class KqueueSendFileTest extends SendFileSuite {
}
