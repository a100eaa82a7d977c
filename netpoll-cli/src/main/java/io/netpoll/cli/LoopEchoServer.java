package io.netpoll.cli;

import io.netpoll.net.Net;
import io.netpoll.spi.EventSink;
import io.netpoll.spi.Family;
import io.netpoll.spi.Handle;
import io.netpoll.spi.NetpollProvider;
import io.netpoll.spi.NetpollSocketOptions;
import io.netpoll.spi.Poller;
import io.netpoll.spi.SocketType;
import io.netpoll.spi.Sockets;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A TCP echo server that is one platform thread driving a provider's {@link Poller} and
 * {@link Sockets} directly: the event loop a framework embeds, with no runtime, no {@code FD} and no
 * thread per connection.
 *
 * <pre>
 *   register     each accepted socket once, under a token of its own: slot &lt;&lt; 32 | seq, where the
 *                slot indexes the connection table and seq moves on each time the slot is freed, so an
 *                event still queued for a closed connection finds nothing.
 *   service      on any event for a connection: first write what is pending; then read into the one
 *                shared direct buffer and write each chunk straight back, until a read would block.
 *                What a write cannot take is copied into the connection's own pending buffer, and
 *                reading stops until the socket drains (back-pressure on the peer). After
 *                {@value #READS_PER_TURN} reads the connection goes to the back of a run queue and the
 *                next poll does not wait, so one fast sender cannot starve the others.
 *   edge-triggered pollers (epoll, kqueue) need nothing more: an edge comes whenever readiness
 *                changes, and servicing goes on until "would block" or, as Netty's loop does, until a
 *                read comes back short, which means the socket is empty (epoll(7)): the next bytes
 *                raise the next edge. Once an event said the peer hung up, reading goes on to end of
 *                stream, for which no further edge comes.
 *   level-triggered pollers (needsArm) get one notification per arm: after servicing, a connection
 *                arms the one mode it now waits for (WRITE while something is pending, READ
 *                otherwise), and the listener arms READ after each accept burst.
 * </pre>
 *
 * <p>A connection that reaches end of stream, or fails (a reset, a broken pipe), is deregistered and
 * closed quietly. An accept error (out of descriptors, say) is reported to the caller and accepting is
 * retried after 5 ms, doubling up to 1 s, as Go's {@code http.Server} does. {@link #close()} wakes the
 * poller; the loop then closes every connection, the listener and the poller on its own thread.
 */
final class LoopEchoServer implements Closeable {

    /** The shared read buffer, as large as the one of the hand-written servers in the peer benchmark. */
    static final int BUFFER_SIZE = 16 * 1024;
    /** Reads one connection gets before the others have their turn. */
    static final int READS_PER_TURN = 16;
    private static final long LISTENER_TOKEN = 0;
    private static final long MAX_ACCEPT_BACKOFF = TimeUnit.SECONDS.toNanos(1);

    private final Poller poller;
    private final Sockets sockets;
    private final boolean needsArm;
    private final Handle listener;
    private final InetSocketAddress addr;
    private final Consumer<IOException> acceptErrors;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final EventSink sink = this::onEvent;
    private final ArrayDeque<Connection> runnable = new ArrayDeque<>();
    private final Thread loop;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile Throwable failure;

    /** Connections by slot; slot 0 stays empty, since token 0 is the listener's. */
    private Connection[] table = new Connection[64];
    private int[] seqs = new int[64];
    private int[] free = new int[64];
    private int nfree;
    private int used = 1;
    /** Written by the loop only; volatile so that {@link #connections()} can be read from anywhere. */
    private volatile int open;

    /** Accepting waits after an error until {@link #acceptRetryAt}, in {@link System#nanoTime()}. */
    private boolean acceptPaused;
    private long acceptRetryAt;
    private long acceptBackoff;

    /** One accepted socket and the bytes it still owes its peer. */
    private static final class Connection {
        final Handle handle;
        final long token;
        /** Null, or the bytes a write could not take yet, ready to be written (flipped). */
        ByteBuffer pending;
        boolean queued;
        /** An event said the peer hung up: read to end of stream, short reads or not. */
        boolean hungUp;
        boolean dropped;

        Connection(Handle handle, long token) {
            this.handle = handle;
            this.token = token;
        }
    }

    private LoopEchoServer(Poller poller, Sockets sockets, Handle listener, Consumer<IOException> acceptErrors)
            throws IOException {
        this.poller = poller;
        this.sockets = sockets;
        this.needsArm = poller.needsArm();
        this.listener = listener;
        this.addr = (InetSocketAddress) sockets.localAddress(listener);
        this.acceptErrors = acceptErrors;
        this.loop = Thread.ofPlatform().daemon().name("netpoll-echo-loop").unstarted(this::run);
    }

    /**
     * Listens on {@code address} ({@code host:port} as Go writes it; an empty host listens on every
     * address, dual-stack where the host has IPv6) through {@code provider}, and starts the loop.
     */
    static LoopEchoServer start(NetpollProvider provider, String address, Consumer<IOException> acceptErrors)
            throws IOException {
        String[] hp = Net.splitHostPort(address);
        int port = port(hp[1]);
        Sockets sockets = provider.sockets();
        Poller poller = provider.openPoller();
        Handle listener = null;
        try {
            listener = listen(sockets, hp[0], port);
            poller.register(listener, LISTENER_TOKEN);
            LoopEchoServer server = new LoopEchoServer(poller, sockets, listener, acceptErrors);
            if (server.needsArm) {
                poller.arm(LISTENER_TOKEN, Poller.READ);
            }
            server.loop.start();
            return server;
        } catch (IOException | RuntimeException e) {
            if (listener != null) {
                closeQuietly(sockets, listener);
            }
            try {
                poller.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static int port(String port) throws IOException {
        try {
            int p = Integer.parseInt(port);
            if (p >= 0 && p <= 0xFFFF) {
                return p;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the text given.
        }
        throw new IOException("echo loop: bad port " + port + " (a number from 0 to 65535)");
    }

    /**
     * A listening socket: on an empty host a dual-stack IPv6 wildcard when the host can, else the IPv4
     * wildcard; on a named host, its first address. SO_REUSEADDR as Go sets it; the kernel's backlog.
     */
    private static Handle listen(Sockets sockets, String host, int port) throws IOException {
        if (!host.isEmpty()) {
            InetAddress ip = InetAddress.getByName(host);
            return listen(sockets, ip instanceof java.net.Inet6Address ? Family.INET6 : Family.INET,
                    new InetSocketAddress(ip, port));
        }
        try {
            return listen(sockets, Family.INET6, new InetSocketAddress(InetAddress.getByName("::"), port));
        } catch (IOException | UnsupportedOperationException e) {
            return listen(sockets, Family.INET, new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
        }
    }

    private static Handle listen(Sockets sockets, Family family, InetSocketAddress local) throws IOException {
        Handle h = sockets.socket(family, SocketType.STREAM);
        try {
            if (family == Family.INET6 && local.getAddress().isAnyLocalAddress()) {
                sockets.setOption(h, NetpollSocketOptions.IPV6_V6ONLY, false);
            }
            sockets.setOption(h, StandardSocketOptions.SO_REUSEADDR, true);
            sockets.bind(h, local);
            sockets.listen(h, 0);
            return h;
        } catch (IOException | RuntimeException e) {
            closeQuietly(sockets, h);
            throw e;
        }
    }

    InetSocketAddress addr() {
        return addr;
    }

    /** {@link #addr()} as Go prints it: {@code 127.0.0.1:7000}, {@code [::1]:7000}. */
    String hostPort() {
        return Net.joinHostPort(addr.getAddress().getHostAddress(), Integer.toString(addr.getPort()));
    }

    /** How many connections are open now (read from the loop's own bookkeeping; for tests). */
    int connections() {
        return open;
    }

    /**
     * Waits until the loop has ended and released everything: after {@link #close()}, or after the
     * poller failed, which this then throws.
     */
    void awaitClosed() throws InterruptedException, IOException {
        stopped.await();
        Throwable f = failure;
        if (f != null) {
            throw new IOException("echo loop failed: " + f, f);
        }
    }

    /** Stops the loop, which closes every connection, the listener and the poller; waits up to 5 s for it. */
    @Override
    public void close() {
        closed = true;
        try {
            poller.wakeup();
        } catch (IOException e) {
            // The poller is already broken: the loop is ending on its own.
        }
        try {
            stopped.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                poller.poll(timeout(), sink);
                retryAcceptIfDue();
                for (int n = runnable.size(); n > 0 && !closed; n--) {
                    Connection c = runnable.poll();
                    c.queued = false;
                    if (!c.dropped) {
                        service(c);
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            shutdown();
            stopped.countDown();
        }
    }

    /** Do not wait while connections have their turn queued; wait at most until an accept retry. */
    private long timeout() {
        if (!runnable.isEmpty()) {
            return 0;
        }
        if (acceptPaused) {
            return Math.max(0, acceptRetryAt - System.nanoTime());
        }
        return -1;
    }

    private void onEvent(long token, int mode, boolean error) {
        if (token == LISTENER_TOKEN) {
            if (!acceptPaused) {
                acceptAll();
            }
            return;
        }
        Connection c = lookup(token);
        if (c != null) {
            if ((mode & Poller.HANGUP) != 0) {
                c.hungUp = true;
            }
            service(c);
        }
    }

    private void retryAcceptIfDue() {
        if (acceptPaused && System.nanoTime() - acceptRetryAt >= 0) {
            acceptPaused = false;
            acceptAll();
        }
    }

    /** Accepts until none is queued; an error schedules a retry with backoff instead. */
    private void acceptAll() {
        for (;;) {
            Handle h;
            try {
                h = sockets.accept(listener);
            } catch (IOException e) {
                acceptBackoff = acceptBackoff == 0 ? TimeUnit.MILLISECONDS.toNanos(5)
                        : Math.min(acceptBackoff * 2, MAX_ACCEPT_BACKOFF);
                acceptRetryAt = System.nanoTime() + acceptBackoff;
                acceptPaused = true;
                acceptErrors.accept(e);
                return;
            }
            if (h == null) {
                break;
            }
            acceptBackoff = 0;
            adopt(h);
        }
        if (needsArm) {
            arm(LISTENER_TOKEN, Poller.READ);
        }
    }

    /** Registers an accepted socket; a level-triggered poller is armed for its first read. */
    private void adopt(Handle h) {
        Connection c = null;
        try {
            sockets.setOption(h, StandardSocketOptions.TCP_NODELAY, true);
            c = alloc(h);
            poller.register(h, c.token);
            if (needsArm) {
                poller.arm(c.token, Poller.READ);
            }
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                drop(c);
            } else {
                closeQuietly(sockets, h);
            }
        }
    }

    /**
     * Writes what is pending, then echoes until a read comes back short (edge-triggered) or would
     * block, the turn ends or the peer is done.
     */
    private void service(Connection c) {
        try {
            if (!flush(c)) {
                waitFor(c, Poller.WRITE);
                return;
            }
            for (int reads = 0; reads < READS_PER_TURN; reads++) {
                buffer.clear();
                int n = sockets.read(c.handle, buffer);
                if (n == Sockets.WOULD_BLOCK) {
                    waitFor(c, Poller.READ);
                    return;
                }
                if (n == Sockets.EOF) {
                    drop(c);
                    return;
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    if (sockets.write(c.handle, buffer) == Sockets.WOULD_BLOCK) {
                        hold(c);
                        waitFor(c, Poller.WRITE);
                        return;
                    }
                }
                if (n < BUFFER_SIZE && !needsArm && !c.hungUp) {
                    return; // the socket is empty: its next bytes raise the next edge
                }
            }
            if (!c.queued) {
                c.queued = true;
                runnable.add(c);
            }
        } catch (IOException e) {
            // A peer that resets or goes away ends its own connection and nothing else.
            drop(c);
        }
    }

    /** Writes the pending bytes; true when none are left. */
    private boolean flush(Connection c) throws IOException {
        ByteBuffer p = c.pending;
        if (p == null) {
            return true;
        }
        while (p.hasRemaining()) {
            if (sockets.write(c.handle, p) == Sockets.WOULD_BLOCK) {
                return false;
            }
        }
        c.pending = null;
        return true;
    }

    /** Copies the unwritten rest of the shared buffer into the connection's own. */
    private void hold(Connection c) {
        ByteBuffer p = ByteBuffer.allocate(buffer.remaining());
        p.put(buffer).flip();
        c.pending = p;
    }

    /** Level-triggered pollers only: asks for the one notification this connection now waits for. */
    private void waitFor(Connection c, int mode) {
        if (needsArm) {
            arm(c.token, mode);
        }
    }

    private void arm(long token, int mode) {
        try {
            poller.arm(token, mode);
        } catch (IOException | RuntimeException e) {
            if (token == LISTENER_TOKEN) {
                throw new IllegalStateException("echo loop: cannot arm the listener: " + e, e);
            }
            Connection c = lookup(token);
            if (c != null) {
                drop(c);
            }
        }
    }

    private Connection alloc(Handle h) {
        int slot;
        if (nfree > 0) {
            slot = free[--nfree];
        } else {
            if (used == table.length) {
                int n = table.length * 2;
                table = Arrays.copyOf(table, n);
                seqs = Arrays.copyOf(seqs, n);
                free = Arrays.copyOf(free, n);
            }
            slot = used++;
        }
        Connection c = new Connection(h, ((long) slot << 32) | (seqs[slot] & 0xFFFF_FFFFL));
        table[slot] = c;
        open++;
        return c;
    }

    private Connection lookup(long token) {
        long slot = token >>> 32;
        if (slot >= used) {
            return null;
        }
        Connection c = table[(int) slot];
        return c != null && c.token == token ? c : null;
    }

    /** Deregisters and closes a connection and frees its slot; its queued events will find nothing. */
    private void drop(Connection c) {
        if (c.dropped) {
            return;
        }
        c.dropped = true;
        int slot = (int) (c.token >>> 32);
        table[slot] = null;
        seqs[slot]++;
        free[nfree++] = slot;
        open--;
        try {
            poller.deregister(c.handle);
        } catch (IOException | RuntimeException e) {
            // Never registered, or the poller is gone: the close below still releases the socket.
        }
        closeQuietly(sockets, c.handle);
    }

    /** On the loop's way out: every connection, the listener, the poller. */
    private void shutdown() {
        for (int i = 1; i < used; i++) {
            if (table[i] != null) {
                drop(table[i]);
            }
        }
        try {
            poller.deregister(listener);
        } catch (IOException | RuntimeException e) {
            // Closing on the way out: the close below still releases the socket.
        }
        closeQuietly(sockets, listener);
        try {
            poller.close();
        } catch (IOException e) {
            // Nothing left to tell anyone.
        }
    }

    private static void closeQuietly(Sockets sockets, Handle h) {
        try {
            sockets.close(h);
        } catch (IOException e) {
            // Closing on the way out: nothing left to tell anyone.
        }
    }
}
