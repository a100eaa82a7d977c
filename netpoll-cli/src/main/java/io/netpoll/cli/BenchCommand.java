package io.netpoll.cli;

import io.netpoll.Netpoll;
import io.netpoll.spi.NetpollProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code netpoll bench}: echo round trips over loopback, one row per provider. */
@Command(
        name = "bench",
        description = {
            "Benchmark the providers: echo round trips over loopback.",
            "For each provider, an echo server (a virtual thread per connection) and a load "
                    + "client (N connections, each a virtual thread writing BYTES and reading them back) run "
                    + "over 127.0.0.1 in one JVM. Prints a progress line on standard error while it runs (rewritten in "
                    + "place on a terminal, a line per second otherwise), then "
                    + "a table: round trips per second, p50 and p99 latency (HdrHistogram), and each rate as a "
                    + "ratio of the first row.",
            "A JVM runs on one provider, chosen once. So with --provider all (the default) every available "
                    + "provider runs in a child JVM of its own: the same java binary, JVM options and class or "
                    + "module path, with -Dnetpoll.provider=NAME. A single named provider runs in this JVM "
                    + "when it is (or can still become) this JVM's provider, and in a child JVM otherwise.",
            "Loopback numbers on a small machine are noisy and the client and server share its CPUs: "
                    + "compare rows of one run, not runs.",
        })
final class BenchCommand implements Callable<Integer> {

    static final String ALL = "all";

    @Spec
    CommandSpec spec;

    @Option(names = "--provider", defaultValue = ALL, paramLabel = "NAME|all",
            description = "Provider to benchmark, or all available ones (default: ${DEFAULT-VALUE}).")
    String provider;

    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        Bench.Config config = options.config();
        // -Dnetpoll.provider names this JVM's provider: a wrong name fails here as in every command.
        Selection.checkRequested();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> names = new ArrayList<>();
        if (provider.equals(ALL)) {
            for (NetpollProvider p : Netpoll.providers()) {
                if (p.availability().available()) {
                    names.add(p.name());
                } else {
                    err.println(p.name() + ": skipped, " + p.availability());
                }
            }
            if (names.isEmpty()) {
                throw new IllegalStateException("no netpoll provider is available; see 'netpoll providers'");
            }
        } else {
            Netpoll.provider(provider);
            names.add(provider);
        }
        err.flush();

        Bench.Progress progress = Bench.Progress.ofThisProcess();
        List<BenchResult> results = new ArrayList<>();
        for (String name : names) {
            Optional<NetpollProvider> here = provider.equals(ALL) ? Optional.empty() : Selection.trySelect(name);
            results.add(here.isPresent() ? Bench.run(config, err, progress) : ChildJvm.bench(name, options, config, progress));
        }
        printTable(out, results);
        return results.stream().anyMatch(r -> r.errors() > 0) ? 1 : 0;
    }

    static void printTable(PrintWriter out, List<BenchResult> results) {
        String us = microsecondsUnit();
        int width = Math.max("provider".length(), results.stream().mapToInt(r -> r.provider().length()).max().orElse(0));
        String header = "%-" + width + "s  %6s  %8s  %14s  %10s  %10s  %6s%n";
        String row = "%-" + width + "s  %6d  %8d  %,14.0f  %10.1f  %10.1f  %6.2f%n";
        out.printf(Locale.ROOT, header, "provider", "conns", "size (B)", "round trips/s", "p50 (" + us + ")",
                "p99 (" + us + ")", "ratio");
        double first = results.getFirst().roundTripsPerSecond();
        for (BenchResult r : results) {
            out.printf(Locale.ROOT, row, r.provider(), r.conns(), r.size(), r.roundTripsPerSecond(),
                    r.p50Micros(), r.p99Micros(), first > 0 ? r.roundTripsPerSecond() / first : 0);
        }
        for (BenchResult r : results) {
            if (r.errors() > 0) {
                out.println(r.provider() + ": " + r.errors() + " of " + r.conns() + " connections failed");
            }
        }
        out.flush();
    }

    /** "µs" where standard output can print it, "us" where it cannot (an ASCII locale). */
    private static String microsecondsUnit() {
        String name = System.getProperty("stdout.encoding", Charset.defaultCharset().name());
        try {
            return Charset.forName(name).newEncoder().canEncode('µ') ? "µs" : "us";
        } catch (IllegalArgumentException e) {
            return "us";
        }
    }
}
