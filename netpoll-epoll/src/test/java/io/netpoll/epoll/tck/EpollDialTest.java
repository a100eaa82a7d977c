package io.netpoll.epoll.tck;

import io.netpoll.tck.DialSuite;

class EpollDialTest extends DialSuite {
}
