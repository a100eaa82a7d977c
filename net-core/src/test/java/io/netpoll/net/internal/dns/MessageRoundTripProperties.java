package io.netpoll.net.internal.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MessageRoundTripProperties {

    @Provide
    Arbitrary<Message> messages() {
        return MessageArbitraries.message();
    }

    @Property(tries = 2000)
    void buildThenParseGivesTheSameMessage(@ForAll("messages") Message m) throws DnsFormatException {
        byte[] wire = m.encode();
        assertEquals(m, Message.parse(wire, wire.length));
    }

    @Property(tries = 500)
    void headMatchesTheFullParse(@ForAll("messages") Message m) throws DnsFormatException {
        net.jqwik.api.Assume.that(!m.questions().isEmpty());
        byte[] wire = m.encode();
        Message.Head head = Message.parseHead(wire, wire.length);
        assertEquals(m.header(), head.header());
        assertEquals(m.questions().get(0), head.question());
    }

    @Property(tries = 500)
    void compressionNeverGrowsAMessage(@ForAll("messages") Message m) throws DnsFormatException {
        int uncompressed = 12;
        for (Question q : m.questions()) {
            uncompressed += MessageArbitraries.wireLength(q.name()) + 4;
        }
        for (var section : java.util.List.of(m.answers(), m.authorities(), m.additionals())) {
            for (Resource rr : section) {
                uncompressed += MessageArbitraries.wireLength(rr.name()) + 10 + rdataLength(rr.data());
            }
        }
        assertTrue(m.encode().length <= uncompressed);
    }

    /** Every byte of an encoded message belongs to an entry its counts announce: no proper prefix parses. */
    @Property(tries = 300)
    void noProperPrefixParses(@ForAll("messages") Message m, @ForAll java.util.Random random)
            throws DnsFormatException {
        byte[] wire = m.encode();
        int cut = random.nextInt(wire.length);
        DnsFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DnsFormatException.class,
                () -> Message.parse(wire, cut));
        assertTrue(!e.getMessage().isEmpty());
    }

    private static int rdataLength(RData d) throws DnsFormatException {
        WireWriter w = new WireWriter();
        d.write(w, null);
        return w.pos();
    }
}
