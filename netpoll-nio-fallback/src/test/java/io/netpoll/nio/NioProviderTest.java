package io.netpoll.nio;

import io.netpoll.Netpoll;
import io.netpoll.spi.Availability;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.Poller;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NioProviderTest {

    @Test
    void foundByServiceLoaderAsTheLowestPriority() {
        NetpollProvider nio = ServiceLoader.load(NetpollProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("nio"))
                .findFirst().orElseThrow();
        assertInstanceOf(NioProvider.class, nio);
        assertEquals(0, nio.priority());
        assertSame(nio.sockets(), new NioProvider().sockets(), "one shared socket layer");
    }

    @Test
    void availableAfterARealRoundTripAndCached() {
        NioProvider provider = new NioProvider();
        Availability a = provider.availability();
        assertTrue(a.available(), a.toString());
        assertSame(a, new NioProvider().availability(), "probed once");
    }

    @Test
    void selectedByName() {
        assertEquals("nio", Netpoll.provider("nio").name());
    }

    @Test
    void opensIndependentPollers() throws Exception {
        NioProvider provider = new NioProvider();
        try (Poller a = provider.openPoller(); Poller b = provider.openPoller()) {
            assertTrue(a.needsArm());
            a.wakeup();
            assertEquals(0, a.poll(-1, (t, m, e) -> { }));
            assertEquals(0, b.poll(0, (t, m, e) -> { }), "a wakeup of one poller does not end another's poll");
        }
    }
}
