package io.netpoll.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HostsFileTest {

    @Test
    void readsLinesAsTheResolverDoes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hosts");
        Files.writeString(file, """
                # a comment line
                192.0.2.1\tOne.example one   # a trailing comment
                2001:db8::1 one.example.
                fe80::1%lo  link.example
                not-an-ip   nothing.example
                192.0.2.2
                192.0.2.3 three.example
                """);
        HostsFile hosts = HostsFile.read(file);
        InetAddress one4 = InetAddress.getByName("192.0.2.1");
        InetAddress one6 = InetAddress.getByName("2001:db8::1");
        assertEquals(List.of(one4, one6), hosts.addresses("one.example"));
        assertEquals(List.of(one4, one6), hosts.addresses("ONE.EXAMPLE."));
        assertEquals(List.of(one4), hosts.addresses("one"));
        assertEquals(List.of(InetAddress.getByName("fe80::1")), hosts.addresses("link.example"));
        assertEquals(List.of(), hosts.addresses("nothing.example"));
        assertEquals("One.example", hosts.canonicalName("one.example."));
        assertNull(hosts.canonicalName("nothing.example"));
        assertEquals(List.of("One.example", "one"), hosts.names(one4));
        assertEquals(List.of("one.example."), hosts.names(one6));
        assertEquals(List.of(), hosts.names(InetAddress.getByName("192.0.2.2")));
    }

    @Test
    void aMissingFileListsNothing(@TempDir Path dir) {
        assertEquals(List.of(), HostsFile.read(dir.resolve("none")).addresses("localhost"));
    }

    /** Only IP literals become addresses: anything else is not handed to InetAddress, which would look it up. */
    @Test
    void literalsOnly() throws Exception {
        assertEquals(InetAddress.getByName("192.0.2.1"), HostsFile.literal("192.0.2.1"));
        assertEquals(InetAddress.getByName("::1"), HostsFile.literal("::1"));
        assertEquals(InetAddress.getByName("2001:db8::a"), HostsFile.literal("2001:DB8::A"));
        assertEquals(InetAddress.getByName("fe80::1"), HostsFile.literal("fe80::1%eth0"));
        for (String notLiteral : List.of("localhost", "deadbeef", "999.1.1.1", "1.2.3", "x:y", ".1:2", "", "1.2.3.4.5")) {
            assertNull(HostsFile.literal(notLiteral), notLiteral);
        }
    }
}
