package io.netpoll.runtime;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import io.netpoll.Netpoll;
import io.netpoll.spi.Availability;
import io.netpoll.spi.Errno;
import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.SyscallException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The public static methods and constructors of netpoll-api's exported packages refuse null with a
 * {@link NullPointerException} naming the argument, before they do anything else; the value types
 * are equal by value. A null cause of {@link Availability} and {@link SyscallException} is the one
 * documented null: "no exception behind it".
 */
class PublicApiNullTest {

    @Test
    void staticMethodsAndConstructors() throws Exception {
        FakeProvider provider = new FakeProvider();
        try (PollServer server = PollServer.create(provider);
             FD fd = FD.socket(server, Family.INET, SocketType.STREAM)) {
            NullPointerTester t = new NullPointerTester()
                    .setDefault(PollServer.class, server)
                    .setDefault(FD.class, fd)
                    .setDefault(NetpollProvider.class, provider)
                    .setDefault(Handle.class, provider.sockets().socket(Family.INET, SocketType.STREAM))
                    .setDefault(Errno.class, Errno.ECONNREFUSED)
                    .ignore(SyscallException.class.getConstructor(String.class, Errno.class, Throwable.class))
                    .ignore(Availability.class.getConstructor(boolean.class, String.class, Throwable.class));
            for (Class<?> c : new Class<?>[] {Netpoll.class, Availability.class, Errno.class, SyscallException.class,
                    NetClosingException.class, DeadlineExceededException.class, PollServer.class, FD.class}) {
                t.testAllPublicStaticMethods(c);
                t.testAllPublicConstructors(c);
            }
            // The causes are documented as nullable; the call, the errno and the reason are not.
            Throwable cause = new IllegalStateException("cause");
            assertEquals("syscall", assertThrows(NullPointerException.class,
                    () -> new SyscallException(null, Errno.ECONNREFUSED, cause)).getMessage());
            assertThrows(NullPointerException.class, () -> new SyscallException("connect", null, cause));
            assertEquals("connect: connection refused", new SyscallException("connect", Errno.ECONNREFUSED, null).getMessage());
            NullPointerException e = assertThrows(NullPointerException.class, () -> new Availability(false, null, null));
            assertEquals("reason", e.getMessage());
        }
    }

    @Test
    void valueTypes() {
        Throwable cause = new IllegalStateException("probe failed");
        new EqualsTester()
                .addEqualityGroup(Availability.yes(), new Availability(true, "", null))
                .addEqualityGroup(Availability.no("kqueue: not available on Linux"),
                        new Availability(false, "kqueue: not available on Linux", null))
                .addEqualityGroup(Availability.no("probe", cause), Availability.no("probe", cause))
                .testEquals();
        new EqualsTester()
                .addEqualityGroup(Errno.ECONNREFUSED, new Errno("ECONNREFUSED", "connection refused"))
                .addEqualityGroup(Errno.ETIMEDOUT)
                .testEquals();
    }
}
