package io.netpoll.bench;

import io.netpoll.cli.Main;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The echo server of the peer benchmark ({@code bench/servers.conf}), which appends the port as the
 * last argument: {@code EchoMain [--mode=vt|loop] [--provider=NAME] PORT} runs
 * {@code netpoll echo --addr 127.0.0.1:PORT [--mode=...] [--provider=...]}, the CLI's own server.
 */
public final class EchoMain {

    private EchoMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: EchoMain [--mode=vt|loop] [--provider=NAME] PORT");
            System.exit(2);
        }
        List<String> cli = new ArrayList<>(List.of("echo", "--addr", "127.0.0.1:" + args[args.length - 1]));
        cli.addAll(Arrays.asList(args).subList(0, args.length - 1));
        Main.main(cli.toArray(String[]::new));
    }
}
