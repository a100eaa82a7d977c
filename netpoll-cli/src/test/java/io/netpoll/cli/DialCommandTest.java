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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void durationsAreWrittenAsGoWritesThem() {
        DialCommand.GoDuration d = new DialCommand.GoDuration();
        assertEquals(Duration.ofMillis(500), d.convert("500ms"));
        assertEquals(Duration.ofMillis(1500), d.convert("1.5s"));
        assertEquals(Duration.ofMinutes(2), d.convert("2m"));
        assertEquals(Duration.ZERO, d.convert("0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.convert("5 seconds"));
        assertTrue(e.getMessage().contains("invalid duration"), e.getMessage());
    }
}
