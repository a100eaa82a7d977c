package io.netpoll.posix.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;

/**
 * Which binding calls the C library in this JVM: {@code ffm} ({@code java.lang.foreign}, JDK 22 and
 * newer) or {@code jna} (JNA direct mapping, the only one on JDK 21). Chosen once, from
 * {@code -D}{@value #PROPERTY}{@code =ffm|jna}; unset, FFM on JDK 22+ when this jar carries its
 * FFM classes (a multi-release jar: {@code META-INF/versions/22}), else JNA.
 *
 * <p>Each native facade ({@link Libc}, the providers' {@code Epoll} and {@code Kqueue}) keeps its
 * chosen implementation in a {@code static final} field made by {@link #load}, so the JIT sees one
 * constant receiver: a facade call compiles to the binding's call, nothing in between.
 */
public final class NativeBinding {

    /** The system property that names the binding. */
    public static final String PROPERTY = "netpoll.posix.binding";

    public static final String FFM = "ffm";
    public static final String JNA = "jna";

    /** The first JDK whose {@code java.lang.foreign} is final (JEP 454). */
    static final int FFM_FEATURE = 22;

    private static final String FFM_PROBE = "io.netpoll.posix.internal.FfmLibc";

    /** {@link #FFM} or {@link #JNA}; {@code "none"} when {@link #PROPERTY} names none that can run. */
    public static final String NAME;

    /** Why {@link #PROPERTY} names no binding that can run here, or null. */
    private static final String ERROR;

    static {
        String name;
        String error = null;
        try {
            name = select(System.getProperty(PROPERTY), Runtime.version().feature(), hasFfmClasses());
        } catch (IllegalArgumentException e) {
            name = "none";
            error = e.getMessage();
        }
        NAME = name;
        ERROR = error;
    }

    private NativeBinding() {
    }

    /**
     * The binding for a property value, a JDK feature release and whether the FFM classes are here.
     *
     * @throws IllegalArgumentException naming the property and what it accepts, for a value that
     *                                  cannot run here
     */
    static String select(String property, int feature, boolean ffmClasses) {
        String want = property == null ? "" : property.trim().toLowerCase(Locale.ROOT);
        switch (want) {
            case "" -> {
                return feature >= FFM_FEATURE && ffmClasses ? FFM : JNA;
            }
            case JNA -> {
                return JNA;
            }
            case FFM -> {
                if (feature < FFM_FEATURE) {
                    throw new IllegalArgumentException("-D" + PROPERTY + "=ffm needs JDK " + FFM_FEATURE
                            + " or newer, this is JDK " + feature + "; use -D" + PROPERTY + "=jna");
                }
                if (!ffmClasses) {
                    throw new IllegalArgumentException("-D" + PROPERTY + "=ffm: the FFM classes are missing "
                            + "(netpoll-posix must be on the path as its multi-release jar)");
                }
                return FFM;
            }
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "='" + property
                    + "' is not a binding: use ffm or jna");
        }
    }

    private static boolean hasFfmClasses() {
        return NativeBinding.class.getClassLoader().getResource(FFM_PROBE.replace('.', '/') + ".class") != null;
    }

    /**
     * Makes the chosen implementation of a facade's binding: the class named {@code prefix + "Jna" +
     * suffix} or {@code prefix + "Ffm" + suffix}, found and constructed (no-argument) through the
     * facade's own lookup, so it may be package-private. Only the chosen class is loaded: on the JNA
     * path no FFM class, on the FFM path no JNA class.
     *
     * @param lookup the facade's {@code MethodHandles.lookup()}
     * @param type   the binding's abstract type
     * @param simple the implementations' simple name after {@code Jna}/{@code Ffm}, e.g. {@code "Libc"}
     * @throws IllegalArgumentException when {@link #PROPERTY} names no binding that can run here
     */
    public static <T> T load(MethodHandles.Lookup lookup, Class<T> type, String simple) {
        if (ERROR != null) {
            throw new IllegalArgumentException(ERROR);
        }
        String pkg = lookup.lookupClass().getPackageName();
        String name = pkg + "." + (NAME.equals(FFM) ? "Ffm" : "Jna") + simple;
        try {
            Class<?> impl = lookup.findClass(name);
            Object o = lookup.findConstructor(impl, MethodType.methodType(void.class)).invoke();
            return type.cast(o);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make the " + NAME + " binding " + name, e);
        }
    }
}
