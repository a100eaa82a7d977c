package io.netpoll.epoll.tck;

import io.netpoll.tck.SendFileSuite;

class EpollSendFileTest extends SendFileSuite {
}
