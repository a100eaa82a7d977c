package io.netpoll.cli;

import io.netpoll.spi.NetpollProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

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
            "Every byte a client sends comes back: a virtual thread per connection (--mode vt), or one "
                    + "thread driving the provider's poller directly (--mode loop).",
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

    enum Mode { vt, loop }

    @Option(names = "--mode", paramLabel = "vt|loop", defaultValue = "vt",
            description = "vt: net-core's blocking I/O on a virtual thread per connection (default); "
                    + "loop: one platform thread driving the provider's Poller and Sockets, the event loop a framework embeds.")
    Mode mode;

    /** Waits until the server has stopped; a loop whose poller failed throws the cause. */
    private interface Serving {
        void await() throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        NetpollProvider p = Selection.select(provider);
        Consumer<IOException> acceptErrors = e -> {
            err.println("netpoll echo: " + e.getMessage());
            err.flush();
        };
        if (mode == Mode.loop) {
            LoopEchoServer server = LoopEchoServer.start(p, addr, acceptErrors);
            return serve(p, server.hostPort(), server::close, server::awaitClosed);
        }
        EchoServer server = EchoServer.start(addr, acceptErrors);
        return serve(p, server.hostPort(), server::close, server::awaitClosed);
    }

    private int serve(NetpollProvider p, String hostPort, Runnable close, Serving serving) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Thread hook = new Thread(() -> {
            close.run();
            out.println("stopped");
            out.flush();
            Runtime.getRuntime().halt(0);
        }, "echo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("listening on " + hostPort + " (provider " + p.name() + ")");
        out.flush();
        // Only the hook closes the server on purpose, and then ends the process; getting past this
        // wait otherwise means the server failed, and the exit code must say so.
        try {
            serving.await();
        } catch (Exception e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
        return 0;
    }
}
