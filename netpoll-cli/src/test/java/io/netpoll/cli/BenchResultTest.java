package io.netpoll.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchResultTest {

    @Test
    void lineRoundTrips() {
        BenchResult r = new BenchResult("epoll", 100, 64, 5.001, 250_000, 80.5, 310.2, 0);
        String line = r.toLine();
        assertEquals("RESULT provider=epoll conns=100 size=64 seconds=5.001 round_trips=250000 p50_us=80.5 p99_us=310.2 errors=0", line);
        assertEquals(r, BenchResult.parse(line));
        assertEquals(250_000 / 5.001, r.roundTripsPerSecond(), 1e-6);
    }

    @Test
    void badLinesAreRejectedWithTheLine() {
        for (String bad : List.of("provider=nio", "RESULT provider=nio", "RESULT provider=nio conns=x size=1 seconds=1 "
                + "round_trips=1 p50_us=1 p99_us=1 errors=0", "RESULT junk")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchResult.parse(bad));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void tableShowsRatiosToTheFirstRow() {
        StringWriter s = new StringWriter();
        BenchCommand.printTable(new PrintWriter(s), List.of(
                new BenchResult("epoll", 10, 64, 2.0, 200_000, 50.0, 90.0, 0),
                new BenchResult("nio", 10, 64, 2.0, 150_000, 70.0, 120.0, 2)));
        String[] lines = s.toString().split("\\R");
        assertTrue(lines[0].matches("provider +conns +size \\(B\\) +round trips/s +p50 \\((µs|us)\\) +p99 \\((µs|us)\\) +ratio"), lines[0]);
        assertTrue(lines[1].matches("epoll +10 +64 +100,000 +50\\.0 +90\\.0 +1\\.00"), lines[1]);
        assertTrue(lines[2].matches("nio +10 +64 +75,000 +70\\.0 +120\\.0 +0\\.75"), lines[2]);
        assertEquals("nio: 2 of 10 connections failed", lines[3]);
    }
}
