package io.netpoll.posix.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * What every {@code java.lang.foreign} binding here shares ({@code FfmLibc}, and through
 * {@link Libc#function} the providers' {@code FfmEpoll} and {@code FfmKqueue}): how a C function
 * becomes a downcall handle, and errno.
 *
 * <p>Handles take native addresses as {@code long} ({@link #ADDRESS}): on every supported 64-bit ABI
 * a pointer and a 64-bit integer travel in the same register or stack slot, and a {@code long} needs
 * no {@code MemorySegment} per call. {@code size_t}/{@code ssize_t} are {@code long} too.
 *
 * <p>errno: a handle made here returns what the function returns, or, when that is -1, minus errno
 * (the kernel's own convention, and Go's {@code syscall} returning its {@code Errno} with the
 * result): the error is a value of the call, not state of the thread. The JVM itself may change errno
 * between two calls, so the downcall must capture it ({@code Linker.Option.captureCallState("errno")})
 * into a small native segment that belongs to the call. Those segments come from a {@link Pool}: one
 * is held only from the call to the errno read right after it, so as many exist as threads inside a
 * call at once. A {@code ThreadLocal} would keep one, with a cleaner and a thread-local map, for
 * each of millions of parked virtual threads; a confined arena per call would malloc and free on
 * every call.
 *
 * <p>No handle is {@code Linker.Option.critical}: a critical call skips the thread's transition out
 * of Java, so the VM cannot reach a safepoint or a handshake with this thread until the call returns,
 * and every GC pause and thread dump of the JVM would wait on a system call that may block or be
 * slow ({@code epoll_wait}/{@code kevent} with a timeout, {@code close} with a linger). The JDK means
 * it for short leaf functions that cannot block; a system call is neither. The transition it saves
 * is a few nanoseconds against a system call's hundreds.
 */
final class Ffm {

    /** How handles here pass a native address: as a 64-bit integer. */
    static final ValueLayout.OfLong ADDRESS = ValueLayout.JAVA_LONG;

    /** How an error names the C library. */
    static final String C_LIBRARY = "the C library";

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET =
            STATE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final Pool<MemorySegment> STATES = new Pool<>();

    private static final MethodHandle TAKE_STATE;
    private static final MethodHandle SETTLE_INT;
    private static final MethodHandle SETTLE_LONG;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAKE_STATE = lookup.findStatic(Ffm.class, "takeState", MethodType.methodType(MemorySegment.class));
            SETTLE_INT = lookup.findStatic(Ffm.class, "settle",
                    MethodType.methodType(int.class, int.class, MemorySegment.class));
            SETTLE_LONG = lookup.findStatic(Ffm.class, "settle",
                    MethodType.methodType(long.class, long.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Ffm() {
    }

    /** The C library's symbols. */
    static SymbolLookup libc() {
        return LINKER.defaultLookup();
    }

    /** The symbols of the library at {@code path}, loaded for the life of the JVM. */
    static SymbolLookup library(String path) {
        return SymbolLookup.libraryLookup(path, Arena.global());
    }

    /**
     * A downcall handle for {@code name} in {@code lookup} (named {@code where} in errors), of the
     * function's own type, that returns minus errno where the function returns -1 (see the class
     * comment). The function must return an {@code int} or a {@code long}.
     *
     * @throws UnsatisfiedLinkError when the library has no such function
     */
    static MethodHandle downcall(SymbolLookup lookup, String where, String name, FunctionDescriptor function,
            Linker.Option... options) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("no function '" + name + "' in " + where));
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        // (state, args...) -> r, then settle(r, state) -> r, then state taken from the pool first.
        MethodHandle call = LINKER.downcallHandle(symbol, function, all);
        MethodType type = call.type();
        MethodHandle settle = type.returnType() == int.class ? SETTLE_INT : SETTLE_LONG;
        MethodHandle settled = MethodHandles.collectArguments(settle, 0, call);
        int[] reorder = new int[type.parameterCount() + 1];
        for (int i = 0; i < type.parameterCount(); i++) {
            reorder[i] = i;
        }
        MethodHandle withState = MethodHandles.permuteArguments(settled, type, reorder);
        return MethodHandles.foldArguments(withState, TAKE_STATE);
    }

    /**
     * A downcall handle of {@code type} (only {@code int} and {@code long}: addresses are
     * {@code long}) for {@code name} in {@code library} ({@code null}: the C library) that returns
     * minus errno on failure, as {@link #downcall} does, for bindings compiled without
     * {@code java.lang.foreign}.
     */
    static MethodHandle function(String library, String name, MethodType type) {
        MemoryLayout[] params = new MemoryLayout[type.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = layout(type.parameterType(i));
        }
        FunctionDescriptor function = FunctionDescriptor.of(layout(type.returnType()), params);
        return library == null
                ? downcall(libc(), C_LIBRARY, name, function)
                : downcall(library(library), library, name, function);
    }

    private static MemoryLayout layout(Class<?> type) {
        if (type == int.class) {
            return ValueLayout.JAVA_INT;
        }
        if (type == long.class) {
            return ValueLayout.JAVA_LONG;
        }
        throw new IllegalArgumentException("only int and long cross to native code here, not " + type);
    }

    /** A capture segment for one call: pooled, or new when every pooled one is in a call. */
    private static MemorySegment takeState() {
        MemorySegment state = STATES.take();
        return state != null ? state : Arena.ofAuto().allocate(STATE_LAYOUT);
    }

    /** A call's result, or minus the errno it captured when it failed; gives its segment back. */
    private static int settle(int result, MemorySegment state) {
        if (result == -1) {
            result = -state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
        }
        STATES.give(state);
        return result;
    }

    /** {@link #settle(int, MemorySegment)} for functions that return a {@code long}. */
    private static long settle(long result, MemorySegment state) {
        if (result == -1) {
            result = -state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
        }
        STATES.give(state);
        return result;
    }
}
