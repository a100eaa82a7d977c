package io.netpoll.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** IdleMain's correctness, not its figures: every connection served, every descriptor given back. */
class IdleMainTest {

    private static final String[] JVM_SERVERS = {"netpoll-epoll", "netpoll-nio", "jdk-vt"};

    @Test
    void everyJvmServerServesEveryIdleConnectionAndClosesItsDescriptors() throws Exception {
        assertEveryConnectionServed(100, 5);
    }

    // Under the soak profile, the README's run on the JVM servers: -Dnetpoll.soak.idle connections
    // (100,000) held by each. It needs as many descriptors in this JVM and in each server's.
    @Test
    @EnabledIfSystemProperty(named = "netpoll.soak", matches = "true")
    void soakEveryJvmServerHoldsTheIdleConnections() throws Exception {
        int conns = Integer.getInteger("netpoll.soak.idle", 100_000);
        long limit = IdleMain.openFilesLimit(ProcessHandle.current().pid());
        assumeTrue(limit >= conns + 1000L, conns + " idle connections need " + (conns + 1000)
                + " descriptors, this JVM may open " + limit + ": raise the hard RLIMIT_NOFILE or lower -Dnetpoll.soak.idle");
        assertEveryConnectionServed(conns, 100);
    }

    private static void assertEveryConnectionServed(int conns, int samples) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = IdleMain.run(new String[] {"--conns", Integer.toString(conns), "--samples", Integer.toString(samples)},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(table);
        assertEquals(0, code, table);
        String served = String.format("| %,d of %,d |", conns, conns);
        for (String server : JVM_SERVERS) {
            assertTrue(table.lines().anyMatch(l -> l.startsWith("| " + server + " |") && l.endsWith(served)),
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
        assertEquals("unknown option --frobnicate",
                assertThrows(IllegalArgumentException.class, () -> IdleMain.parse(new String[] {"--frobnicate", "1"})).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IdleMain.parse(new String[] {"--servers", "go"}))
                .getMessage().startsWith("the go server needs --go PATH"));
    }
}
