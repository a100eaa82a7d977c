package io.netpoll.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code netpoll bench-run}, hidden: what {@code bench} runs in each child JVM. Benchmarks this JVM's
 * provider and prints one {@link BenchResult} line; the progress line goes to standard error.
 */
@Command(name = BenchRunCommand.NAME, hidden = true,
        description = "Benchmark this JVM's provider once and print one machine-readable RESULT line (used by bench).")
final class BenchRunCommand implements Callable<Integer> {

    static final String NAME = "bench-run";

    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions options;

    /** The parent's way to show progress: the child's standard output is a pipe, whatever the parent's is. */
    @Option(names = "--progress", paramLabel = "terminal|lines",
            description = "Rewrite the progress line in place, or print a line per update (default: as this process runs).")
    Bench.Progress progress = Bench.Progress.ofThisProcess();

    @Override
    public Integer call() throws Exception {
        BenchResult r = Bench.run(options.config(), spec.commandLine().getErr(), progress);
        PrintWriter out = spec.commandLine().getOut();
        out.println(r.toLine());
        out.flush();
        return r.errors() > 0 ? 1 : 0;
    }
}
