package io.netpoll.cli;

import io.netpoll.spi.NetpollProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code netpoll echo}: an echo server until SIGTERM or Ctrl-C.
 *
 * <p>The JVM answers SIGTERM and SIGINT by running the shutdown hooks and exiting with 143 or 130. A
 * server stopped on purpose has done nothing wrong, so the hook closes the listener and the connections,
 * says so, and ends the process with 0 itself.
 */
@Command(
        name = "echo",
        description = {
            "Run a TCP echo server.",
            "Every byte a client sends comes back. One virtual thread per connection.",
            "Prints the address it listens on, then serves until SIGTERM or Ctrl-C (exit code 0).",
        })
final class EchoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--addr", required = true, paramLabel = "HOST:PORT",
            description = "Address to listen on, as Go writes it: 127.0.0.1:7000, [::1]:7000, :7000; port 0 picks a free one.")
    String addr;

    @Option(names = "--provider", paramLabel = "NAME",
            description = "Provider to run on (default: the selected one, see 'netpoll providers').")
    String provider;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NetpollProvider p = Selection.select(provider);
        EchoServer server = EchoServer.start(addr, e -> {
            err.println("netpoll echo: " + e.getMessage());
            err.flush();
        });
        Thread hook = new Thread(() -> {
            server.close();
            out.println("stopped");
            out.flush();
            Runtime.getRuntime().halt(0);
        }, "echo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("listening on " + server.hostPort() + " (provider " + p.name() + ")");
        out.flush();
        // Only the hook closes the server; it then ends the process.
        server.awaitClosed();
        return 0;
    }
}
