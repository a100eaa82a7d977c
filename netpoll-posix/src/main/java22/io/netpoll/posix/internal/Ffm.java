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
 * <p>errno: every handle captures it ({@code Linker.Option.captureCallState("errno")}) into the capture
 * segment it is given, {@link #state()}: one per Java thread, kept in a {@code ThreadLocal}. The JVM
 * itself may change errno between two calls, so it must be captured by the downcall; and the segment
 * must belong to the thread: shared between threads, a call on one could overwrite another's errno
 * before it was read. Per <em>Java</em> thread (not per carrier) means a virtual thread may even park
 * and move to another carrier between a call and {@link #errno()} and still read its own errno. The
 * cost is a {@code ThreadLocal} lookup per call, and, per thread that makes a call, one small native
 * segment freed by the GC with the thread. A confined arena per call would allocate (malloc and free)
 * on every call instead.
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
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STATE_LAYOUT));

    private static final MethodHandle STATE_GETTER;

    static {
        try {
            STATE_GETTER = MethodHandles.lookup().findStatic(Ffm.class, "state",
                    MethodType.methodType(MemorySegment.class));
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
     * A downcall handle for {@code name} in {@code lookup} (named {@code where} in errors) that
     * captures errno: its first parameter is the capture segment ({@link #state()}), then the
     * function's own.
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
        return LINKER.downcallHandle(symbol, function, all);
    }

    /**
     * A downcall handle of {@code type} (only {@code int} and {@code long}: addresses are
     * {@code long}) for {@code name} in {@code library} ({@code null}: the C library) that captures
     * errno into {@link #state()} itself, for bindings compiled without {@code java.lang.foreign}.
     */
    static MethodHandle function(String library, String name, MethodType type) {
        MemoryLayout[] params = new MemoryLayout[type.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = layout(type.parameterType(i));
        }
        FunctionDescriptor function = FunctionDescriptor.of(layout(type.returnType()), params);
        MethodHandle downcall = library == null
                ? downcall(libc(), C_LIBRARY, name, function)
                : downcall(library(library), library, name, function);
        return MethodHandles.foldArguments(downcall, STATE_GETTER);
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

    /** This thread's capture segment, for every downcall's first argument. */
    static MemorySegment state() {
        return STATE.get();
    }

    /** The errno that this thread's last downcall captured. */
    static int errno() {
        return STATE.get().get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }
}
