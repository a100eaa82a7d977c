package io.netpoll.runtime;

import io.netpoll.spi.Availability;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.Poller;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory provider for testing the runtime without sockets: {@link FakeHandle}s hold byte queues,
 * and a {@link FakePoller} delivers the events those handles raise when a test feeds or drains them.
 * Level-triggered mode makes the poller need {@link Poller#arm}, as the nio provider does.
 */
class FakeProvider implements NetpollProvider {

    final boolean levelTriggered;
    final FakeSockets sockets = new FakeSockets(this);
    final List<FakePoller> pollers = new CopyOnWriteArrayList<>();
    /** What happened to handles, in order: "deregister N", "close N". */
    final List<String> log = new CopyOnWriteArrayList<>();

    FakeProvider(boolean levelTriggered) {
        this.levelTriggered = levelTriggered;
    }

    FakeProvider() {
        this(false);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public FakePoller openPoller() throws IOException {
        FakePoller p = new FakePoller(this);
        pollers.add(p);
        return p;
    }

    @Override
    public FakeSockets sockets() {
        return sockets;
    }

    FakePoller poller() {
        return pollers.getLast();
    }
}
