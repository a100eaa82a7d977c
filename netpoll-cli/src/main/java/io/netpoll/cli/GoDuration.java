// Mirrors Go's time.ParseDuration (src/time/format.go): the same grammar, arithmetic and error texts.
package io.netpoll.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A duration as Go writes it: a possibly signed sequence of decimal numbers, each with an optional
 * fraction and a unit ({@code ns}, {@code us} or {@code µs}, {@code ms}, {@code s}, {@code m},
 * {@code h}), such as {@code 300ms}, {@code -1.5h} or {@code 2h45m}; {@code 0} alone needs no unit.
 *
 * <p>Go keeps the sum in a uint64 and checks it against 2^63 after each step; so does this class, in a
 * {@code long} read as unsigned. A bad value fails with Go's error text, such as
 * {@code time: missing unit in duration "5"}.
 */
final class GoDuration implements ITypeConverter<Duration> {

    private static final long TWO_TO_63 = Long.MIN_VALUE; // 1<<63 as an unsigned long

    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // U+00B5, the micro sign
            "\u03bcs", 1_000L, // U+03BC, the Greek letter mu
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    @Override
    public Duration convert(String value) {
        return Duration.ofNanos(parse(value));
    }

    /**
     * Go's {@code ParseDuration}: the duration in nanoseconds.
     *
     * @throws TypeConversionException with Go's error text
     */
    static long parse(String orig) {
        String s = orig;
        long d = 0;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw invalid(orig);
        }
        while (!s.isEmpty()) {
            if (!(s.charAt(0) == '.' || isDigit(s.charAt(0)))) {
                throw invalid(orig);
            }
            // [0-9]*: Go's leadingInt, which fails past 2^63.
            int i = 0;
            long v = 0;
            for (; i < s.length() && isDigit(s.charAt(i)); i++) {
                if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_TO_63, 10)) > 0) {
                    throw invalid(orig);
                }
                v = v * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(v, TWO_TO_63) > 0) {
                    throw invalid(orig);
                }
            }
            boolean pre = i > 0;
            s = s.substring(i);
            // (\.[0-9]*)?: Go's leadingFraction, which stops adding precision where it would overflow.
            long f = 0;
            double scale = 1;
            boolean post = false;
            if (!s.isEmpty() && s.charAt(0) == '.') {
                s = s.substring(1);
                boolean overflow = false;
                int j = 0;
                for (; j < s.length() && isDigit(s.charAt(j)); j++) {
                    if (overflow) {
                        continue;
                    }
                    if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
                        overflow = true;
                        continue;
                    }
                    long y = f * 10 + (s.charAt(j) - '0');
                    if (Long.compareUnsigned(y, TWO_TO_63) > 0) {
                        overflow = true;
                        continue;
                    }
                    f = y;
                    scale *= 10;
                }
                post = j > 0;
                s = s.substring(j);
            }
            if (!pre && !post) {
                throw invalid(orig); // no digits, as in ".s" or "-.s"
            }
            int u = 0;
            while (u < s.length() && !(s.charAt(u) == '.' || isDigit(s.charAt(u)))) {
                u++;
            }
            if (u == 0) {
                throw new TypeConversionException("time: missing unit in duration " + quote(orig));
            }
            String unitName = s.substring(0, u);
            s = s.substring(u);
            Long unit = UNITS.get(unitName);
            if (unit == null) {
                throw new TypeConversionException("time: unknown unit " + quote(unitName) + " in duration " + quote(orig));
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_TO_63, unit)) > 0) {
                throw invalid(orig);
            }
            v *= unit;
            if (f > 0) {
                // A double keeps fractions of hours exact to the nanosecond (at most 3.6e12 ns).
                v += (long) (unsignedToDouble(f) * (unit / scale));
                if (Long.compareUnsigned(v, TWO_TO_63) > 0) {
                    throw invalid(orig);
                }
            }
            d += v;
            if (Long.compareUnsigned(d, TWO_TO_63) > 0) {
                throw invalid(orig);
            }
        }
        if (neg) {
            return -d;
        }
        if (Long.compareUnsigned(d, Long.MAX_VALUE) > 0) {
            throw invalid(orig);
        }
        return d;
    }

    /** Go's {@code float64(x)} of a uint64: {@code x} can be 2^63, negative as a {@code long}. */
    private static double unsignedToDouble(long x) {
        return x >= 0 ? x : ((x >>> 1) | (x & 1)) * 2.0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static TypeConversionException invalid(String orig) {
        return new TypeConversionException("time: invalid duration " + quote(orig));
    }

    /**
     * Go's {@code time.quote}: in double quotes, {@code "} and {@code \} escaped, and each byte of the UTF-8
     * form of a control or non-ASCII character written as {@code \xhh}.
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c >= 0x80 || c < ' ') {
                for (byte x : Character.toString(c).getBytes(StandardCharsets.UTF_8)) {
                    b.append("\\x").append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
                }
            } else {
                if (c == '"' || c == '\\') {
                    b.append('\\');
                }
                b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }
}
