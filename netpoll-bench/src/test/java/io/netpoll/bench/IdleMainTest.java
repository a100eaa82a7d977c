package io.netpoll.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IdleMain's correctness, not its figures: every connection served, every descriptor given back. */
class IdleMainTest {

    private static final int CONNS = 100;

    @Test
    void everyJvmServerServesEveryIdleConnectionAndClosesItsDescriptors() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = IdleMain.run(new String[] {"--conns", Integer.toString(CONNS), "--samples", "5"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, table);
        for (String server : new String[] {"netpoll-epoll", "netpoll-nio", "jdk-vt"}) {
            assertTrue(table.lines().anyMatch(l -> l.startsWith("| " + server + " |") && l.endsWith("| 100 of 100 |")),
                    server + " has no row with every connection served:\n" + table);
        }
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        assertEquals("--conns needs a positive number, not -5",
                assertThrows(IllegalArgumentException.class, () -> IdleMain.parse(new String[] {"--conns", "-5"})).getMessage());
        assertEquals("unknown server netty",
                assertThrows(IllegalArgumentException.class, () -> IdleMain.parse(new String[] {"--servers", "jdk-vt,netty"})).getMessage());
        assertEquals("no value after --buf",
                assertThrows(IllegalArgumentException.class, () -> IdleMain.parse(new String[] {"--buf"})).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IdleMain.parse(new String[] {"--servers", "go"}))
                .getMessage().startsWith("the go server needs --go PATH"));
        assertEquals("unknown option --frobnicate",
                assertThrows(IllegalArgumentException.class, () -> IdleMain.parse(new String[] {"--frobnicate", "1"})).getMessage());
    }
}
