package io.netpoll.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.List;

/** The load options shared by {@code bench} and the child JVMs it starts. */
final class BenchOptions {

    static final int MAX_CONNS = 10_000;
    static final int MAX_SIZE = 16 << 20;
    static final int MAX_SECONDS = 3600;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--conns", defaultValue = "100", paramLabel = "N",
            description = "Connections, each a virtual thread with one round trip in flight (default: ${DEFAULT-VALUE}).")
    int conns;

    @Option(names = "--size", defaultValue = "64", paramLabel = "BYTES",
            description = "Bytes written, then read back, per round trip (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--duration", defaultValue = "5", paramLabel = "SECONDS",
            description = "Measured time per provider (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "SECONDS",
            description = "Unmeasured time before it, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    /** The options checked and turned into a run's configuration; a bad value is a usage error. */
    Bench.Config config() {
        check(conns >= 1 && conns <= MAX_CONNS, "--conns must be between 1 and " + MAX_CONNS + ": " + conns);
        check(size >= 1 && size <= MAX_SIZE, "--size must be between 1 and " + MAX_SIZE + ": " + size);
        check(duration >= 1 && duration <= MAX_SECONDS, "--duration must be between 1 and " + MAX_SECONDS + ": " + duration);
        check(warmup >= 0 && warmup <= MAX_SECONDS, "--warmup must be between 0 and " + MAX_SECONDS + ": " + warmup);
        return new Bench.Config(conns, size, Duration.ofSeconds(warmup), Duration.ofSeconds(duration));
    }

    /** The same options as arguments for a child JVM. */
    List<String> arguments() {
        return List.of("--conns", Integer.toString(conns), "--size", Integer.toString(size),
                "--duration", Integer.toString(duration), "--warmup", Integer.toString(warmup));
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
