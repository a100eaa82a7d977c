package io.netpoll.net;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import io.netpoll.spi.NetpollProvider;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.util.Set;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Every public method and constructor of {@code io.netpoll.net} that can be reached without a
 * provider refuses null with a {@link NullPointerException} naming the argument, before it does
 * anything else, except where null is documented to mean something, as in Go: no deadline, the
 * system's choice of local address or resolver, no control hook, the selected provider. Those are
 * the ignored methods below. The conns and listeners of a provider are reached through a pipe here;
 * their provider-backed implementations share the same checks in net-core.
 */
class PublicApiNullTest {

    private static NullPointerTester tester() throws NoSuchMethodException {
        NullPointerTester t = new NullPointerTester()
                .setDefault(Duration.class, Duration.ZERO)
                .setDefault(Instant.class, Instant.EPOCH)
                .setDefault(Path.class, Path.of("/nonexistent"))
                .setDefault(SocketAddress.class, new InetSocketAddress(InetAddress.getLoopbackAddress(), 1));
        // Null is a documented value for these: Go's zero value of the setting.
        for (Method m : new Method[] {
                Dialer.Builder.class.getMethod("deadline", Instant.class),          // no deadline
                Dialer.Builder.class.getMethod("localAddr", SocketAddress.class),   // the system chooses
                Dialer.Builder.class.getMethod("resolver", Resolver.class),         // Resolver.getDefault()
                Dialer.Builder.class.getMethod("control", Control.class),           // no hook
                Dialer.Builder.class.getMethod("provider", NetpollProvider.class),  // Netpoll.provider()
                ListenConfig.Builder.class.getMethod("control", Control.class),
                ListenConfig.Builder.class.getMethod("provider", NetpollProvider.class),
                Conn.class.getMethod("setDeadline", Instant.class),                 // no deadline
                Conn.class.getMethod("setReadDeadline", Instant.class),
                Conn.class.getMethod("setWriteDeadline", Instant.class),
                // A null interface is the system's choice (Go's nil *Interface); the group and the
                // network are checked by MulticastSuite on every provider (Go's errors, not NullPointerException).
                Net.class.getMethod("listenMulticastUDP", String.class, NetworkInterface.class, InetSocketAddress.class),
        }) {
            t.ignore(m);
        }
        return t;
    }

    @Test
    void staticMethods() throws Exception {
        NullPointerTester t = tester();
        for (Class<?> c : new Class<?>[] {Net.class, Dialer.class, ListenConfig.class, Resolver.class}) {
            t.testAllPublicStaticMethods(c);
        }
    }

    @Test
    void constructors() throws Exception {
        NullPointerTester t = tester();
        for (Class<?> c : new Class<?>[] {MX.class, NS.class, SRV.class, DNSError.class}) {
            t.testAllPublicConstructors(c);
        }
    }

    @Test
    void builders() throws Exception {
        NullPointerTester t = tester();
        t.testAllPublicInstanceMethods(Dialer.builder());
        t.testAllPublicInstanceMethods(ListenConfig.builder());
        t.testAllPublicInstanceMethods(Resolver.builder());
    }

    @Test
    void configuredObjects() throws Exception {
        NullPointerTester t = tester();
        t.testAllPublicInstanceMethods(Dialer.builder().build());
        t.testAllPublicInstanceMethods(ListenConfig.builder().build());
        t.testAllPublicInstanceMethods(Resolver.builder().nameservers("127.0.0.1:1").build());
        t.testAllPublicInstanceMethods(new DNSError("no such host", "example.com", "", false, false, true));
    }

    /** A Conn's methods, through the interface, on an open end of a pipe; a null deadline is none. */
    @Test
    void connMethods() throws Exception {
        NullPointerTester t = tester();
        Set<String> nullMeansNoDeadline = Set.of("setDeadline", "setReadDeadline", "setWriteDeadline");
        Conn[] pipe = Net.pipe();
        try {
            for (Method m : Conn.class.getMethods()) {
                if (!nullMeansNoDeadline.contains(m.getName())) {
                    t.testMethod(pipe[0], m);
                }
            }
        } finally {
            pipe[0].close();
            pipe[1].close();
        }
    }

    /** The records are values: equal by their components. */
    @Test
    void recordsAreValues() {
        new EqualsTester()
                .addEqualityGroup(new MX("mail1.example.com.", 10), new MX("mail1.example.com.", 10))
                .addEqualityGroup(new MX("mail1.example.com.", 20))
                .addEqualityGroup(new MX("mail2.example.com.", 10))
                .testEquals();
        new EqualsTester()
                .addEqualityGroup(new NS("ns1.example.com."), new NS("ns1.example.com."))
                .addEqualityGroup(new NS("ns2.example.com."))
                .testEquals();
        new EqualsTester()
                .addEqualityGroup(new SRV("www.example.com.", 443, 10, 60), new SRV("www.example.com.", 443, 10, 60))
                .addEqualityGroup(new SRV("www.example.com.", 8443, 10, 60))
                .addEqualityGroup(new SRV("www.example.com.", 443, 20, 60))
                .addEqualityGroup(new SRV("www.example.com.", 443, 10, 40))
                .addEqualityGroup(new SRV("alt.example.com.", 443, 10, 60))
                .testEquals();
    }
}
