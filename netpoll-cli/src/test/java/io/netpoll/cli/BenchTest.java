package io.netpoll.cli;

import io.netpoll.Netpoll;
import io.netpoll.spi.NetpollProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BenchTest {

    private static final Pattern ROW = Pattern.compile(
            "(?m)^(\\S+) +(\\d+) +(\\d+) +([\\d,]+) +([\\d.]+) +([\\d.]+) +([\\d.]+)$");

    @Test
    void benchOnNioPrintsARowWithNumbers() {
        Cli r = Cli.run("bench", "--provider", "nio", "--conns", "4", "--duration", "1", "--warmup", "0");
        assertEquals(0, r.exitCode(), r::toString);
        Matcher m = ROW.matcher(r.out());
        assertTrue(m.find(), r::toString);
        assertEquals("nio", m.group(1));
        assertEquals("4", m.group(2));
        assertEquals("64", m.group(3));
        assertTrue(Long.parseLong(m.group(4).replace(",", "")) > 0, r::toString);
        assertTrue(Double.parseDouble(m.group(5)) > 0, r::toString);
        assertTrue(Double.parseDouble(m.group(6)) >= Double.parseDouble(m.group(5)), r::toString);
        assertEquals("1.00", m.group(7));
    }

    @Test
    void aRunInThisJvmMeasuresRoundTripsAndLatency() throws Exception {
        StringWriter progress = new StringWriter();
        BenchResult r = Bench.run(new Bench.Config(3, 1000, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new PrintWriter(progress), Bench.Progress.lines);
        assertEquals(Netpoll.provider().name(), r.provider());
        assertEquals(0, r.errors(), progress::toString);
        assertTrue(r.roundTrips() > 0, r::toString);
        assertTrue(r.seconds() >= 0.9 && r.seconds() < 30, r::toString);
        assertTrue(r.p50Micros() > 0 && r.p99Micros() >= r.p50Micros(), r::toString);
        assertTrue(progress.toString().contains(r.provider() + ": warmup "), progress::toString);
        assertTrue(progress.toString().contains(" rt/s"), progress::toString);
    }

    /**
     * A request larger than the socket buffers of both directions: written whole before the reply is
     * read, the client and the echo server would both wait to write, for good.
     */
    @Test
    void aRequestLargerThanTheSocketBuffersIsReadBackWhileItIsWritten() throws Exception {
        StringWriter progress = new StringWriter();
        BenchResult r = Bench.run(new Bench.Config(2, 10_000_000, Duration.ZERO, Duration.ofSeconds(1)),
                new PrintWriter(progress), Bench.Progress.lines);
        assertEquals(0, r.errors(), () -> r + "\n" + progress);
        assertTrue(r.roundTrips() > 0, () -> r + "\n" + progress);
        assertTrue(r.p50Micros() > 0 && r.p99Micros() >= r.p50Micros(), r::toString);
    }

    @Test
    void progressIsALinePerUpdateUnlessOnATerminal() throws Exception {
        Bench.Config config = new Bench.Config(1, 64, Duration.ZERO, Duration.ofSeconds(2));
        StringWriter lines = new StringWriter();
        Bench.run(config, new PrintWriter(lines), Bench.Progress.lines);
        assertFalse(lines.toString().contains("\r"), lines::toString);
        assertTrue(Pattern.compile("(?m)^\\S+: \\d+s/2s [\\d,]+ rt/s$").matcher(lines.toString()).find(), lines::toString);

        StringWriter terminal = new StringWriter();
        Bench.run(config, new PrintWriter(terminal), Bench.Progress.terminal);
        assertTrue(terminal.toString().startsWith("\r"), terminal::toString);
        assertFalse(terminal.toString().contains("\n"), terminal::toString);
    }

    /** Run with standard error redirected, as by a test or a log: no carriage return, in the parent or its children. */
    @Test
    void aRedirectedBenchWritesNoCarriageReturn() throws Exception {
        Jvms.Result r = Jvms.run(Jvms.classPathCommand(List.of(), "bench", "--conns", "2", "--duration", "2",
                "--warmup", "0"), Duration.ofSeconds(240));
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.stderr().contains("\r"), r::toString);
        for (String name : availableProviders()) {
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(name) + ": \\d+s/2s [\\d,]+ rt/s$").matcher(r.stderr()).find(),
                    () -> "no progress line of " + name + "\n" + r);
        }
    }

    /**
     * On a terminal (a pseudo-terminal from script(1), util-linux's, in every Debian) the progress line is
     * rewritten in place, in the parent and in its children, whose standard output is a pipe to it.
     */
    @Test
    void onATerminalTheProgressLineIsRewrittenInPlace() throws Exception {
        List<String> java = Jvms.classPathCommand(List.of(), "bench", "--conns", "1", "--duration", "2", "--warmup", "0");
        String shell = java.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
        Jvms.Result r = Jvms.run(List.of("script", "-qec", shell, "/dev/null"), Duration.ofSeconds(240));
        assertEquals(0, r.exitCode(), r::toString);
        for (String name : availableProviders()) {
            // A line of its own would follow the terminal's "\r\n", not a lone "\r".
            assertTrue(r.stdout().contains("\r" + name + ": "), () -> "no rewritten progress line of " + name + "\n" + r);
        }
    }

    @Test
    void allRunsEveryAvailableProviderInItsOwnJvm() {
        Cli r = Cli.run("bench", "--conns", "2", "--size", "16", "--duration", "1", "--warmup", "0");
        assertEquals(0, r.exitCode(), r::toString);
        Matcher m = ROW.matcher(r.out());
        for (String name : availableProviders()) {
            assertTrue(m.find(), () -> "no row for " + name + "\n" + r);
            assertEquals(name, m.group(1), r::toString);
            assertTrue(Long.parseLong(m.group(4).replace(",", "")) > 0, r::toString);
        }
    }

    private static List<String> availableProviders() {
        return Netpoll.providers().stream().filter(p -> p.availability().available()).map(NetpollProvider::name).toList();
    }

    @Test
    void theChildCommandPrintsOneResultLine() {
        Cli r = Cli.run(BenchRunCommand.NAME, "--conns", "2", "--duration", "1", "--warmup", "0");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(1, lines.size(), r::toString);
        BenchResult result = BenchResult.parse(lines.getFirst());
        assertEquals(Netpoll.provider().name(), result.provider());
        assertTrue(result.roundTrips() > 0, r::toString);
    }

    @Test
    void theChildJvmIsThisJvmOnAnotherProvider() {
        List<String> cmd = ChildJvm.command("nio", List.of("providers"));
        assertEquals(Jvms.javaBinary(), cmd.getFirst());
        assertTrue(cmd.contains("-Dnetpoll.provider=nio"), cmd::toString);
        assertEquals(1, cmd.stream().filter(a -> a.startsWith("-Dnetpoll.provider=")).count(), cmd::toString);
        assertEquals(List.of(Main.class.getName(), "providers"), cmd.subList(cmd.size() - 2, cmd.size()));
        assertTrue(cmd.stream().anyMatch(a -> a.startsWith("--enable-native-access")), cmd::toString);
    }
}
