package io.netpoll.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;

/** The {@code netpoll} command: parses the command line and runs one subcommand. */
@Command(
        name = "netpoll",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Go's netpoller and net package for Java: list the providers, run an echo server, "
                + "benchmark the providers against each other, look names up, dial an address.",
        subcommands = {ProvidersCommand.class, EchoCommand.class, BenchCommand.class, BenchRunCommand.class, LookupCommand.class,
                DialCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the error handling every entry point shares. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --type mx, as dig takes it
        HelpLayout.apply(cl);
        // A usage error is the error and where to read more, as GNU tools print it, not the whole help.
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println(name + ": " + e.getMessage());
            cmd.getErr().println("Try '" + name + " --help' for more information.");
            cmd.getErr().flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        // A failure at run time is one line, "netpoll bench: <cause>", not a stack trace: the causes
        // (an unavailable provider, an address in use) are written to be read as they are.
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message);
            cmd.getErr().flush();
            return 1;
        });
        return cl;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: one of "
                + String.join(", ", visibleSubcommands()));
    }

    private Iterable<String> visibleSubcommands() {
        return spec.subcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                .map(java.util.Map.Entry::getKey)
                .toList();
    }

    /** {@code --version}: the project version, and the JVM and OS it runs on. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "netpoll " + projectVersion(),
                "JVM " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            };
        }

        static String projectVersion() {
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IllegalStateException("version.properties is missing from the netpoll jar");
                }
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
