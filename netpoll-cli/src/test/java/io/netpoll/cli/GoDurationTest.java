package io.netpoll.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Go's own cases for time.ParseDuration (src/time/time_test.go), with Go's error texts. */
class GoDurationTest {

    private static final long NS = 1, US = 1_000, MS = 1_000_000, S = 1_000_000_000L, M = 60 * S, H = 60 * M;

    @Test
    void parsesWhatGoParses() {
        Map<String, Long> cases = new LinkedHashMap<>();
        cases.put("0", 0L);
        cases.put("5s", 5 * S);
        cases.put("30s", 30 * S);
        cases.put("1478s", 1478 * S);
        cases.put("-5s", -5 * S);
        cases.put("+5s", 5 * S);
        cases.put("-0", 0L);
        cases.put("+0", 0L);
        cases.put("5.0s", 5 * S);
        cases.put("5.6s", 5 * S + 600 * MS);
        cases.put("5.s", 5 * S);
        cases.put(".5s", 500 * MS);
        cases.put("1.0s", S);
        cases.put("1.00s", S);
        cases.put("1.004s", S + 4 * MS);
        cases.put("1.0040s", S + 4 * MS);
        cases.put("100.00100s", 100 * S + MS);
        cases.put("10ns", 10 * NS);
        cases.put("11us", 11 * US);
        cases.put("12\u00b5s", 12 * US);
        cases.put("12\u03bcs", 12 * US);
        cases.put("13ms", 13 * MS);
        cases.put("14s", 14 * S);
        cases.put("15m", 15 * M);
        cases.put("16h", 16 * H);
        cases.put("3h30m", 3 * H + 30 * M);
        cases.put("10.5s4m", 4 * M + 10 * S + 500 * MS);
        cases.put("-2m3.4s", -(2 * M + 3 * S + 400 * MS));
        cases.put("1h2m3s4ms5us6ns", H + 2 * M + 3 * S + 4 * MS + 5 * US + 6 * NS);
        cases.put("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425 * MS);
        cases.put("52763797000ns", 52763797000L);
        cases.put("0.3333333333333333333h", 20 * M);
        cases.put("9007199254740993ns", (1L << 53) + 1);
        cases.put("9223372036854775807ns", Long.MAX_VALUE);
        cases.put("9223372036854775.807us", Long.MAX_VALUE);
        cases.put("9223372036s854ms775us807ns", Long.MAX_VALUE);
        cases.put("-9223372036854775808ns", Long.MIN_VALUE);
        cases.put("-9223372036854775.808us", Long.MIN_VALUE);
        cases.put("-9223372036s854ms775us808ns", Long.MIN_VALUE);
        cases.put("-2562047h47m16.854775808s", Long.MIN_VALUE);
        cases.put("0.100000000000000000000h", 6 * M);
        cases.put("0.830103483285477580700h", 49 * M + 48 * S + 372539827 * NS);
        cases.forEach((in, want) -> assertEquals(want, GoDuration.parse(in), in));
    }

    @Test
    void failsWithGosText() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "time: invalid duration \"\"");
        cases.put("3", "time: missing unit in duration \"3\"");
        cases.put("5", "time: missing unit in duration \"5\"");
        cases.put("-", "time: invalid duration \"-\"");
        cases.put("s", "time: invalid duration \"s\"");
        cases.put(".", "time: invalid duration \".\"");
        cases.put("-.", "time: invalid duration \"-.\"");
        cases.put(".s", "time: invalid duration \".s\"");
        cases.put("+.s", "time: invalid duration \"+.s\"");
        cases.put("1d", "time: unknown unit \"d\" in duration \"1d\"");
        cases.put("5x", "time: unknown unit \"x\" in duration \"5x\"");
        cases.put("x", "time: invalid duration \"x\"");
        cases.put("5 seconds", "time: unknown unit \" seconds\" in duration \"5 seconds\"");
        cases.put("1h\"x", "time: unknown unit \"h\\\"x\" in duration \"1h\\\"x\"");
        cases.put("\ufffd", "time: invalid duration \"\\xef\\xbf\\xbd\"");
        cases.put("\ufffd hello \ufffd world", "time: invalid duration \"\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world\"");
        cases.put("9223372036854775810ns", "time: invalid duration \"9223372036854775810ns\"");
        cases.put("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\"");
        cases.put("-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\"");
        cases.put("9223372036854776us", "time: invalid duration \"9223372036854776us\"");
        cases.put("3000000h", "time: invalid duration \"3000000h\"");
        cases.put("9223372036854775.808us", "time: invalid duration \"9223372036854775.808us\"");
        cases.put("9223372036854ms775us808ns", "time: invalid duration \"9223372036854ms775us808ns\"");
        cases.forEach((in, want) -> assertEquals(want,
                assertThrows(TypeConversionException.class, () -> GoDuration.parse(in), in).getMessage(), in));
    }
}
