package io.netpoll.posix.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Native memory for one system call's by-reference arguments: a {@code sockaddr}, a
 * {@code socklen_t}, an option value, an {@code epoll_event}, an iovec array, and a data area through
 * which heap {@code ByteBuffer}s are copied (the kernel can only read or write native memory).
 *
 * <p>Scratches come from a small shared {@link Pool} ({@link #acquire()}, {@link #release()}), not from
 * a {@code ThreadLocal}: a scratch is held across one call and its copies and never while parked, so
 * acquiring and releasing allocate nothing. When every pooled scratch is busy a new one is made and,
 * on release, dropped.
 *
 * <p>Layout of {@link #buffer} (native byte order), each area at a fixed offset:
 * <pre>
 *   [SOCKADDR, +128)    a sockaddr (sockaddr_storage is 128 bytes on every supported OS)
 *   [SOCKLEN, +8)       a socklen_t (4 bytes, padded)
 *   [VALUE, +64)        an option value, an epoll_event or a kevent, an int[2] from socketpair, a msghdr
 *   [IOV, +16*IOV_MAX)  an iovec array
 *   [DATA, +DATA_SIZE)  bytes copied to or from heap buffers
 * </pre>
 */
public final class Scratch {

    public static final int SOCKADDR = 0;
    public static final int SOCKLEN = 128;
    public static final int VALUE = 136;
    public static final int VALUE_SIZE = 64;
    public static final int IOV = VALUE + VALUE_SIZE;
    public static final int IOV_COUNT = 1024;
    public static final int DATA = IOV + 16 * IOV_COUNT;
    /** The most bytes of a heap buffer one call moves. */
    public static final int DATA_SIZE = 64 * 1024;

    private static final Pool<Scratch> POOL = new Pool<>();

    /**
     * The largest {@link #large} area a scratch keeps between calls. Larger ones are made for the one
     * call and dropped, so the pool holds at most this much more per scratch.
     */
    public static final int LARGE_MAX = 1 << 20;

    /** The scratch memory; absolute gets and puts only (its position and limit are never moved). */
    public final ByteBuffer buffer;
    /** The native address of {@code buffer}'s first byte. */
    public final long address;

    private Scratch() {
        buffer = ByteBuffer.allocateDirect(DATA + DATA_SIZE).order(ByteOrder.nativeOrder());
        address = Libc.address(buffer);
    }

    /** The area {@link #large} keeps, or null; grown on demand up to {@link #LARGE_MAX}. */
    private ByteBuffer large;

    /**
     * Native memory for at least {@code size} bytes of a heap datagram larger than {@link #DATA_SIZE}
     * (a datagram moves whole, so it cannot be cut into {@code DATA_SIZE} pieces). It lives as long as
     * this scratch and is reused by every later holder, as the JDK's temporary buffer cache
     * ({@code sun.nio.ch.Util}) is reused per carrier thread: a pooled scratch is held only inside one
     * call, never while parked, so the pool is already bounded by the threads in a system call, where
     * a cache per virtual thread would keep native memory for each of millions of parked threads.
     */
    public ByteBuffer large(int size) {
        if (large != null && large.capacity() >= size) {
            return large;
        }
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        if (size <= LARGE_MAX) {
            large = b;
        }
        return b;
    }

    /** A scratch for the calling thread's next call; give it back with {@link #release()}. */
    public static Scratch acquire() {
        Scratch s = POOL.take();
        return s != null ? s : new Scratch();
    }

    /** Returns this scratch to the pool. It must not be used afterwards. */
    public void release() {
        POOL.give(this);
    }
}
