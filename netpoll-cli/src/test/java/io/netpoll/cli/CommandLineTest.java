package io.netpoll.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @Test
    void helpListsTheCommandsButNotTheHiddenOne() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.exitCode(), r::toString);
        for (String command : List.of("providers", "echo", "bench")) {
            assertTrue(r.out().contains(command), () -> command + " missing from\n" + r);
        }
        assertFalse(r.out().contains(BenchRunCommand.NAME), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"providers", "echo", "bench"})
    void everyCommandHasHelp(String command) {
        Cli r = Cli.run(command, "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Usage: netpoll " + command), r::toString);
    }

    @Test
    void benchHelpSaysProvidersRunInChildJvms() {
        Cli r = Cli.run("bench", "--help");
        assertTrue(r.out().contains("child JVM"), r::toString);
        assertTrue(r.out().contains("-Dnetpoll.provider=NAME"), r::toString);
    }

    @Test
    void versionNamesTheProjectVersion() {
        Cli r = Cli.run("--version");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().matches("(?s)netpoll \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*"), r::toString);
        assertEquals(r.out(), Cli.run("bench", "--version").out());
    }

    @Test
    void noCommandIsAUsageError() {
        Cli r = Cli.run();
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Missing subcommand: one of providers, echo, bench"), r::toString);
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli r = Cli.run("serve");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("serve"), r::toString);
    }

    @Test
    void echoNeedsAnAddress() {
        Cli r = Cli.run("echo");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--addr"), r::toString);
    }

    @Test
    void echoOnABadAddressFailsWithTheCause() {
        Cli r = Cli.run("echo", "--addr", "127.0.0.1:99999");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("netpoll echo: "), r::toString);
        assertTrue(r.err().contains("99999"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--conns=0", "--conns=10001", "--size=0", "--duration=0", "--warmup=-1", "--conns=x"})
    void badBenchOptionsAreUsageErrors(String option) {
        Cli r = Cli.run("bench", "--provider", "nio", option);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains(option.substring(0, option.indexOf('='))), r::toString);
    }

    @Test
    void anUnknownProviderIsALoudError() {
        Cli r = Cli.run("bench", "--provider", "nosuch", "--duration", "1");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("no netpoll provider named nosuch"), r::toString);
    }

    /** A usage error is two lines, the error and where to read more, for the command that was used. */
    @ParameterizedTest
    @ValueSource(strings = {"bench --conns x", "bench --conns 0", "lookup --type HINFO x.test", "echo", "serve", "",
            "dial --timeout 5 127.0.0.1:1"})
    void aUsageErrorIsOneLineAndWhereToReadMore(String commandLine) {
        String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");
        Cli r = Cli.run(args);
        assertEquals(2, r.exitCode(), r::toString);
        String command = "netpoll" + (args.length > 0 && !args[0].equals("serve") ? " " + args[0] : "");
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith(command + ": "), r::toString);
        assertEquals("Try '" + command + " --help' for more information.", lines.get(1), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    /** -Dnetpoll.provider naming no provider fails bench as it fails the other commands: same text, exit code 1. */
    @Test
    void benchFailsOnAnUnknownProviderPropertyAsTheOtherCommandsDo() throws Exception {
        List<String> property = List.of("-Dnetpoll.provider=nope");
        Jvms.Result providers = Jvms.run(Jvms.classPathCommand(property, "providers"), Duration.ofSeconds(120));
        Jvms.Result bench = Jvms.run(Jvms.classPathCommand(property, "bench", "--duration", "1", "--warmup", "0"),
                Duration.ofSeconds(120));
        assertEquals(1, providers.exitCode(), providers::toString);
        assertEquals(1, bench.exitCode(), bench::toString);
        assertTrue(providers.stderr().startsWith("netpoll providers: no netpoll provider named nope"), providers::toString);
        assertEquals(providers.stderr().replace("netpoll providers: ", "netpoll bench: "), bench.stderr(), bench::toString);
        assertEquals("", bench.stdout(), bench::toString);
    }

    /**
     * Help is wrapped between words only: each command's help has the words of its unwrapped form (picocli
     * laid out on lines too wide to wrap), in order, and no line is wider than the help's width.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "providers", "echo", "bench", "lookup", "dial"})
    void helpIsWrappedBetweenWordsOnly(String command) {
        String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
        Cli r = Cli.run(args);
        assertEquals(0, r.exitCode(), r::toString);

        CommandLine unwrapped = new CommandLine(new Main());
        unwrapped.setUsageHelpWidth(HelpLayout.UNWRAPPED);
        StringWriter reference = new StringWriter();
        unwrapped.setOut(new PrintWriter(reference, true));
        unwrapped.execute(args);
        assertTrue(reference.toString().lines().anyMatch(l -> l.length() > HelpLayout.WIDTH),
                "the reference is not unwrapped:\n" + reference);

        assertEquals(List.of(reference.toString().trim().split("\\s+")), List.of(r.out().trim().split("\\s+")), r::toString);
        for (String line : r.out().lines().toList()) {
            assertTrue(line.length() <= HelpLayout.WIDTH, () -> line.length() + " columns: " + line);
        }
    }

    @Test
    void benchOptionsParseAndTravelToTheChildUnchanged() {
        BenchCommand bench = new BenchCommand();
        CommandLine cl = new CommandLine(bench);
        cl.parseArgs("--provider", "nio", "--conns", "7", "--size", "128", "--duration", "3", "--warmup", "0");
        assertEquals("nio", bench.provider);
        assertEquals(new Bench.Config(7, 128, Duration.ZERO, Duration.ofSeconds(3)), bench.options.config());
        assertEquals(List.of("--conns", "7", "--size", "128", "--duration", "3", "--warmup", "0"),
                bench.options.arguments());

        BenchRunCommand child = new BenchRunCommand();
        new CommandLine(child).parseArgs(bench.options.arguments().toArray(String[]::new));
        assertEquals(bench.options.config(), child.options.config());
    }

    @Test
    void benchDefaults() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs();
        assertEquals(BenchCommand.ALL, bench.provider);
        assertEquals(new Bench.Config(100, 64, Duration.ofSeconds(2), Duration.ofSeconds(5)), bench.options.config());
    }
}
