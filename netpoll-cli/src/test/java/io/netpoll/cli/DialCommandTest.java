package io.netpoll.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DialCommandTest {

    @Test
    void copiesStandardInputThereAndTheRepliesBack() throws Exception {
        byte[] input = "hello netpoll\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        try (EchoServer server = EchoServer.start("127.0.0.1:0", e -> { })) {
            DialCommand dial = new DialCommand();
            dial.in = new ByteArrayInputStream(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            dial.out = out;
            // The echo server closes once it reads end of stream: the half-close at the end of the
            // input is what ends the command.
            int code = new CommandLine(dial).execute("--timeout", "5s", server.hostPort());
            assertEquals(0, code);
            assertEquals(new String(input, StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRefusedDialPrintsGosErrorAndExitsWithOne() throws Exception {
        // A socket bound to the port and never listening keeps it closed: a port merely bound and
        // released could be taken by another process before the dial.
        try (Socket closed = new Socket()) {
            closed.setReuseAddress(false);
            closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = closed.getLocalPort();
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute("dial", "127.0.0.1:" + port);
            assertEquals(1, code);
            assertEquals("netpoll dial: dial tcp 127.0.0.1:" + port + ": connect: connection refused", err.toString().strip());
        }
    }

    /** A bad --timeout is a usage error with Go's text, and a negative one too. */
    @Test
    void aBadTimeoutIsAUsageErrorInGosWords() {
        Cli missingUnit = Cli.run("dial", "--timeout", "5", "127.0.0.1:1");
        assertEquals(2, missingUnit.exitCode(), missingUnit::toString);
        assertEquals("netpoll dial: Invalid value for option '--timeout': time: missing unit in duration \"5\"",
                missingUnit.err().lines().findFirst().orElseThrow(), missingUnit::toString);
        Cli negative = Cli.run("dial", "--timeout", "-1s", "127.0.0.1:1");
        assertEquals(2, negative.exitCode(), negative::toString);
        assertEquals("netpoll dial: Invalid value for option '--timeout': negative duration \"-1s\"",
                negative.err().lines().findFirst().orElseThrow(), negative::toString);
    }

    @Test
    void aTimeoutIsAnyGoDuration() {
        DialCommand dial = new DialCommand();
        new CommandLine(dial).parseArgs("--timeout", "1h30m0.5s", "127.0.0.1:1");
        assertEquals(Duration.ofMinutes(90).plusMillis(500), dial.timeout);
        new CommandLine(dial).parseArgs("--timeout", "0", "127.0.0.1:1");
        assertEquals(Duration.ZERO, dial.timeout);
    }
}
