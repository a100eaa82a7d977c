package io.netpoll.nio.tck;

import io.netpoll.tck.SendFileSuite;

class NioSendFileTest extends SendFileSuite {
}
