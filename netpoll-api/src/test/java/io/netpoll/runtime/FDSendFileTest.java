package io.netpoll.runtime;

import io.netpoll.spi.Errno;
import io.netpoll.spi.FileSource;
import io.netpoll.spi.Handle;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;
import io.netpoll.spi.SyscallException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** FD.sendFile's loop (Go's poll.sendFile) over a scripted file source: counts, offsets, the end, and Go's not-handled rule. */
@Timeout(20)
class FDSendFileTest {

    private final FakeProvider provider = new FakeProvider();
    private final PollServer server = PollServer.create(provider);
    private final FD fd = FD.open(server, new FakeHandle(SocketType.STREAM), SocketType.STREAM);

    FDSendFileTest() throws IOException {
    }

    @AfterEach
    void closeAll() throws Exception {
        fd.close();
        server.close();
    }

    /** Answers each send from a script ({@link Long} counts or {@link Errno}s) and records (offset, max). */
    private static final class Script implements FileSource {
        final Deque<Object> answers = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();

        Script(Object... answers) {
            this.answers.addAll(List.of(answers));
        }

        @Override
        public long send(Handle dst, long offset, long max) throws SyscallException {
            calls.add(offset + "+" + max);
            Object a = answers.removeFirst();
            if (a instanceof Errno e) {
                throw new SyscallException("sendfile", e);
            }
            return (Long) a;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void sendsFromTheOffsetOnUntilTheFileEnds() throws IOException {
        Script f = new Script(100L, 50L, 0L);
        Progress moved = new Progress();
        assertEquals(150, fd.sendFile(f, 7, Long.MAX_VALUE, moved));
        assertEquals(150, moved.count());
        assertEquals(List.of("7+1073741824", "107+1073741824", "157+1073741824"), f.calls);
    }

    @Test
    void stopsAtTheSizeWithoutAnotherCall() throws IOException {
        Script f = new Script(80L, 40L);
        Progress moved = new Progress();
        assertEquals(120, fd.sendFile(f, 0, 120, moved));
        assertEquals(List.of("0+120", "80+40"), f.calls);
    }

    @Test
    void eintrIsRetried() throws IOException {
        Script f = new Script(Errno.EINTR, 10L, 0L);
        assertEquals(10, fd.sendFile(f, 0, 100, new Progress()));
        assertEquals(List.of("0+100", "0+100", "10+90"), f.calls);
    }

    @Test
    void unsupportedBeforeAnythingIsNotHandled() throws IOException {
        Progress moved = new Progress();
        assertEquals(FD.UNHANDLED, fd.sendFile(new Script((long) Sockets.UNSUPPORTED), 0, 100, moved));
        assertEquals(0, moved.count());
    }

    @Test
    void unsupportedAfterSomeIsAnErrorThatKeepsTheCount() {
        Progress moved = new Progress();
        SyscallException e = assertThrows(SyscallException.class,
                () -> fd.sendFile(new Script(30L, (long) Sockets.UNSUPPORTED), 0, 100, moved));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(30, moved.count());
    }

    @Test
    void otherErrorsKeepTheCount() {
        Progress moved = new Progress();
        SyscallException e = assertThrows(SyscallException.class,
                () -> fd.sendFile(new Script(30L, Errno.EPIPE), 0, 100, moved));
        assertEquals(Errno.EPIPE, e.errno());
        assertEquals(30, moved.count());
    }

    @Test
    void aClosedFdRefuses() throws IOException {
        fd.close();
        assertThrows(NetClosingException.class, () -> fd.sendFile(new Script(), 0, 100, new Progress()));
    }
}
