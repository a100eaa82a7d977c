package io.netpoll.cli;

import io.netpoll.Netpoll;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code netpoll} again in a child JVM on a given provider: the provider of a JVM is chosen once,
 * so comparing providers takes one JVM each.
 *
 * <p>The child is this JVM again: the same {@code java} binary, the same JVM options, the same module
 * path or class path, plus {@code -Dnetpoll.provider=NAME}. A parent started with {@code java -jar}
 * got native access from the jar's manifest; its child runs with {@code -cp}, so it gets
 * {@code --enable-native-access=ALL-UNNAMED} on the command line instead.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Runs the hidden {@code bench-run} command on {@code provider} in a child JVM and returns its result.
     * The child's progress line goes straight to this process's standard error, shown as {@code progress} says.
     */
    static BenchResult bench(String provider, BenchOptions options, Bench.Config config, Bench.Progress progress)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        args.add(BenchRunCommand.NAME);
        args.addAll(options.arguments());
        args.add("--progress=" + progress);
        Process p = new ProcessBuilder(command(provider, args))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.getOutputStream().close();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().name("bench-child-stdout").start(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(stdout);
            } catch (IOException e) {
                // The child is gone; what it wrote before is all there is.
            }
        });
        // Generous: the JVM starts, connects and stops on a busy machine too.
        Duration timeout = config.warmup().plus(config.duration()).plusSeconds(60);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException("the benchmark of " + provider + " did not finish within "
                    + timeout.toSeconds() + " s; its JVM was killed");
        }
        reader.join(Duration.ofSeconds(10));
        String output = stdout.toString(Charset.defaultCharset());
        for (String line : output.lines().toList().reversed()) {
            if (line.startsWith(BenchResult.PREFIX)) {
                return BenchResult.parse(line);
            }
        }
        throw new IOException("the benchmark JVM for " + provider + " exited with code " + p.exitValue()
                + " and no result" + (output.isBlank() ? "" : "; it printed: " + output.strip()));
    }

    /** The command line that starts this program again with {@code -Dnetpoll.provider=provider}. */
    static List<String> command(String provider, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        List<String> inherited = inheritedOptions();
        cmd.addAll(inherited);
        boolean modular = Main.class.getModule().isNamed();
        if (!modular && Runtime.version().feature() >= 22
                && inherited.stream().noneMatch(o -> o.startsWith("--enable-native-access"))) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-D" + Netpoll.PROVIDER_PROPERTY + "=" + provider);
        if (modular) {
            cmd.add("--module-path");
            cmd.add(System.getProperty("jdk.module.path"));
            String classPath = System.getProperty("java.class.path", "");
            if (!classPath.isEmpty()) {
                cmd.add("-cp");
                cmd.add(classPath);
            }
            cmd.add("-m");
            cmd.add(Main.class.getModule().getName() + "/" + Main.class.getName());
        } else {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Main.class.getName());
        }
        cmd.addAll(args);
        return cmd;
    }

    private static String javaBinary() {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString();
    }

    /**
     * This JVM's options, without those the child gets its own value for (the provider, the module path
     * and main module the launcher turned into options) and without a debugger agent, whose port the
     * parent holds.
     */
    private static List<String> inheritedOptions() {
        List<String> out = new ArrayList<>();
        for (String o : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (o.startsWith("-D" + Netpoll.PROVIDER_PROPERTY + "=")
                    || o.startsWith("--module-path=") || o.startsWith("-Djdk.module.")
                    || o.startsWith("-Djava.class.path=")
                    || o.startsWith("-agentlib:jdwp") || o.startsWith("-Xrunjdwp")) {
                continue;
            }
            out.add(o);
        }
        return out;
    }
}
