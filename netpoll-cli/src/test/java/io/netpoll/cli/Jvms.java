package io.netpoll.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Starts the CLI in child JVMs from the jars (or reactor class folders) of this build. */
final class Jvms {

    private Jvms() {
    }

    /** Exit code and output of a finished child. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** The CLI's runtime class path: its own classes and every main-scope dependency, no test jar. */
    static List<String> runtimePath() {
        String file = property("netpoll.cli.runtimeClasspathFile");
        List<String> entries = new ArrayList<>();
        entries.add(property("netpoll.cli.classes"));
        try {
            String cp = Files.readString(Path.of(file)).strip();
            if (!cp.isEmpty()) {
                entries.addAll(Arrays.asList(cp.split(java.io.File.pathSeparator)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the class path the build wrote to " + file, e);
        }
        return entries;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java --enable-native-access=ALL-UNNAMED -cp <runtime path> [options] io.netpoll.cli.Main args}. */
    static List<String> classPathCommand(List<String> options, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(options);
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, runtimePath()));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a child to its end, or kills it after {@code timeout} and fails the test. */
    static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = drain(p.getInputStream(), out);
        Thread e = drain(p.getErrorStream(), err);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            o.join(5000);
            e.join(5000);
            fail("child JVM still running after " + timeout + ": " + command + "\n" + text(out) + text(err));
        }
        o.join(10_000);
        e.join(10_000);
        return new Result(p.exitValue(), text(out), text(err));
    }

    static Thread drain(InputStream in, ByteArrayOutputStream to) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (in) {
                in.transferTo(to);
            } catch (IOException ignored) {
                // The child closed its end; what came before is kept.
            }
        });
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException(name + " is not set: run the tests through Maven (see netpoll-cli/pom.xml)");
        }
        return v;
    }
}
