package io.netpoll.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one provider measured in {@code netpoll bench}, and the one line a child JVM prints it as:
 * {@code RESULT provider=nio conns=100 size=64 seconds=5.000 round_trips=123456 p50_us=80.5 p99_us=210.0 errors=0}.
 */
record BenchResult(String provider, int conns, int size, double seconds, long roundTrips,
                   double p50Micros, double p99Micros, int errors) {

    static final String PREFIX = "RESULT ";

    double roundTripsPerSecond() {
        return seconds > 0 ? roundTrips / seconds : 0;
    }

    String toLine() {
        return String.format(Locale.ROOT,
                PREFIX + "provider=%s conns=%d size=%d seconds=%.3f round_trips=%d p50_us=%.1f p99_us=%.1f errors=%d",
                provider, conns, size, seconds, roundTrips, p50Micros, p99Micros, errors);
    }

    /** Parses {@link #toLine()}'s output. */
    static BenchResult parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a bench result line: " + line);
        }
        Map<String, String> kv = new HashMap<>();
        for (String field : line.substring(PREFIX.length()).trim().split(" +")) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad field '" + field + "' in bench result line: " + line);
            }
            kv.put(field.substring(0, eq), field.substring(eq + 1));
        }
        try {
            return new BenchResult(required(kv, "provider", line),
                    Integer.parseInt(required(kv, "conns", line)),
                    Integer.parseInt(required(kv, "size", line)),
                    Double.parseDouble(required(kv, "seconds", line)),
                    Long.parseLong(required(kv, "round_trips", line)),
                    Double.parseDouble(required(kv, "p50_us", line)),
                    Double.parseDouble(required(kv, "p99_us", line)),
                    Integer.parseInt(required(kv, "errors", line)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in bench result line: " + line, e);
        }
    }

    private static String required(Map<String, String> kv, String key, String line) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key + " in bench result line: " + line);
        }
        return v;
    }
}
