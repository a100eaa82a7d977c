package io.netpoll.net.internal.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {

    /** Builds wire bytes: an Integer is one byte; a String is a sequence of labels ending at the root. */
    static byte[] wire(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer b) {
                out.write(b);
            } else if (p instanceof Character c) {
                out.write(c);
            } else {
                String name = (String) p;
                if (!name.equals(".")) {
                    for (String label : name.split("\\.")) {
                        out.write(label.length());
                        out.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                }
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    static Object[] header(int id, int flags, int qd, int an, int ns, int ar) {
        return new Object[] {id >> 8, id & 0xFF, flags >> 8, flags & 0xFF, qd >> 8, qd & 0xFF, an >> 8, an & 0xFF,
            ns >> 8, ns & 0xFF, ar >> 8, ar & 0xFF};
    }

    static Object[] cat(Object[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray();
    }

    static Message parse(byte[] b) throws DnsFormatException {
        return Message.parse(b, b.length);
    }

    static String error(byte[] b) {
        return assertThrows(DnsFormatException.class, () -> parse(b)).getMessage();
    }

    /** A reply as a server writes it: www.example.com A, with the answer's owner compressed to the question. */
    static final byte[] REPLY = wire(cat(header(0xBEEF, 0x8580, 1, 2, 0, 1),
            new Object[] {"www.example.com", 0, 1, 0, 1},
            // answer 1: CNAME www -> web.example.com (suffix compressed to offset 16 = "example.com")
            new Object[] {0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, 'w', 'e', 'b', 0xC0, 16},
            // answer 2: web.example.com A 192.0.2.10, owner is a pointer to the CNAME data (offset 45)
            new Object[] {0xC0, 45, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 10},
            // additional: OPT, udp 1232, extended rcode bits 0
            new Object[] {0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0}));

    @Test
    void parsesAServerReplyWithCompression() throws Exception {
        Message m = parse(REPLY);
        Header h = m.header();
        assertEquals(0xBEEF, h.id());
        assertTrue(h.response());
        assertTrue(h.authoritative());
        assertTrue(h.recursionDesired());
        assertTrue(h.recursionAvailable());
        assertFalse(h.truncated());
        assertEquals(0, m.rcode());
        assertEquals(List.of(new Question("www.example.com.", DnsType.A, DnsType.CLASS_INET)), m.questions());
        assertEquals(new Resource("www.example.com.", DnsType.CNAME, 1, 60, new RData.CNAME("web.example.com.")),
                m.answers().get(0));
        assertEquals(new Resource("web.example.com.", DnsType.A, 1, 60,
                new RData.A((java.net.Inet4Address) InetAddress.getByName("192.0.2.10"))), m.answers().get(1));
        Resource opt = m.additionals().get(0);
        assertEquals(DnsType.OPT, opt.type());
        assertEquals(1232, opt.rclass());
        assertEquals(new RData.OPT(List.of()), opt.data());
    }

    @Test
    void headIsHeaderAndFirstQuestion() throws Exception {
        Message.Head head = Message.parseHead(REPLY, REPLY.length);
        assertEquals(0xBEEF, head.header().id());
        assertEquals("www.example.com.", head.question().name());
        assertTrue(head.question().matches(new Question("WWW.Example.COM.", 1, 1)));
        assertFalse(head.question().matches(new Question("www.example.com.", 28, 1)));
        assertFalse(head.question().matches(new Question("www.example.org.", 1, 1)));
    }

    @Test
    void extendedRCodeComesFromTheOptRecord() throws Exception {
        Header h = new Header(1, true, 0, false, false, true, true, false, false, 0xA);
        Message m = new Message(h, List.of(), List.of(), List.of(), List.of(Resource.edns0(1232, 0x1A, true)));
        byte[] b = m.encode();
        Message back = parse(b);
        assertEquals(0x1A, back.rcode());
        assertEquals(1 << 15, back.additionals().get(0).ttl() & 0xFFFF);
        assertEquals(0x10A, new Message(h, List.of(), List.of(), List.of(),
                List.of(new Resource(".", 41, 512, 0x10L << 24, new RData.OPT(List.of())))).rcode());
    }

    @Test
    void queryAsGoBuildsIt() throws Exception {
        Message q = new Message(Header.query(0x1234, false), List.of(new Question("example.com.", 28, 1)),
                List.of(), List.of(), List.of(Resource.edns0(1232, 0, false)));
        byte[] expected = wire(cat(header(0x1234, 0x0100, 1, 0, 0, 1), new Object[] {"example.com", 0, 28, 0, 1},
                new Object[] {0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0}));
        assertEquals(java.util.HexFormat.of().formatHex(expected), java.util.HexFormat.of().formatHex(q.encode()));
    }

    @Test
    void encodeCompressesRepeatedSuffixesButNotSrvTargets() throws Exception {
        Message m = new Message(Header.query(1, false), List.of(new Question("a.example.com.", 33, 1)),
                List.of(new Resource("a.example.com.", 33, 1, 5, new RData.SRV(1, 2, 3, "b.example.com.")),
                        new Resource("b.example.com.", 5, 1, 5, new RData.CNAME("c.example.com."))),
                List.of(), List.of());
        byte[] b = m.encode();
        assertEquals(m, parse(b));
        // question 12..30; rr1 owner = pointer(2) ... SRV target written in full: "b.example.com" appears twice.
        String ascii = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(2, ascii.split("\u0007example", -1).length - 1, "example label written once in the question"
                + " and once in the uncompressed SRV target");
    }

    @Test
    void allRecordTypesRoundTrip() throws Exception {
        List<Resource> rrs = List.of(
                new Resource("x.", 1, 1, 1, new RData.A((java.net.Inet4Address) InetAddress.getByName("10.1.2.3"))),
                new Resource("x.", 28, 1, 1, new RData.AAAA((java.net.Inet6Address) InetAddress.getByName("2001:db8::1"))),
                new Resource("x.", 5, 1, 1, new RData.CNAME("y.")),
                new Resource("x.", 15, 1, 1, new RData.MX(10, "mail.x.")),
                new Resource("x.", 2, 1, 1, new RData.NS("ns1.x.")),
                new Resource("1.2.3.4.in-addr.arpa.", 12, 1, 1, new RData.PTR("x.")),
                new Resource("_s._tcp.x.", 33, 1, 1, new RData.SRV(10, 60, 8080, "www.x.")),
                new Resource("x.", 16, 1, 1, new RData.TXT(List.of("part1-", "part2", ""))),
                new Resource("x.", 6, 1, 1, new RData.SOA("ns1.x.", "hostmaster.x.", 1, 2, 3, 4, 0xFFFFFFFFL)),
                new Resource("x.", 99, 1, 1, new RData.Unknown(99, new byte[] {1, 2, 3})),
                new Resource(".", 41, 1232, 0, new RData.OPT(List.of(new RData.Option(10, new byte[] {9, 9})))));
        Message m = new Message(Header.query(7, true), List.of(), rrs, List.of(), List.of());
        assertEquals(m, parse(m.encode()));
    }

    // ---- hostile input: each is a DnsFormatException with a message naming the fault ----

    @Test
    void compressionPointerToItselfIsALoop() {
        byte[] b = wire(cat(header(1, 0, 1, 0, 0, 0), new Object[] {0xC0, 12, 0, 1, 0, 1}));
        assertTrue(error(b).startsWith("compression loop"), error(b));
    }

    @Test
    void twoPointersPointingAtEachOtherAreALoop() {
        // question name at 12: label "a" then pointer to 12 -> revisits the label
        byte[] b = wire(cat(header(1, 0, 1, 0, 0, 0), new Object[] {1, 'a', 0xC0, 12, 0, 1, 0, 1}));
        assertTrue(error(b).startsWith("compression loop"), error(b));
        // answer owner points at the question name, whose pointer points forward to the answer
        byte[] c = wire(cat(header(1, 0, 1, 1, 0, 0), new Object[] {1, 'a', 0xC0, 20, 0, 1, 0, 1},
                new Object[] {0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4}));
        assertTrue(error(c).contains("forward compression pointer"), error(c));
    }

    @Test
    void forwardPointerIsRejected() {
        byte[] b = wire(cat(header(1, 0, 1, 0, 0, 0), new Object[] {0xC0, 18, 0, 1, 0, 1, 1, 'a', 0}));
        assertTrue(error(b).startsWith("forward compression pointer"), error(b));
    }

    @Test
    void pointerOutOfRangeIsRejected() {
        byte[] b = wire(cat(header(1, 0, 1, 0, 0, 0), new Object[] {0xFF, 0xFF, 0, 1, 0, 1}));
        assertTrue(error(b).contains("out of range"), error(b));
    }

    @Test
    void countsBeyondTheMessageAreRejected() {
        byte[] b = wire(cat(header(1, 0, 1, 65535, 0, 0), new Object[] {"a", 0, 1, 0, 1}));
        assertEquals("message ends at offset 19 before answer record 1 of 65535", error(b));
        byte[] q = wire((Object[]) header(1, 0, 3, 0, 0, 0));
        assertEquals("message ends at offset 12 before question 1 of 3", error(q));
    }

    @Test
    void nameOver255BytesIsRejected() {
        // five 63-byte labels: 5 * 64 + 1 = 321 wire bytes
        String label = "x".repeat(63);
        byte[] b = wire(cat(header(1, 0, 1, 0, 0, 0),
                new Object[] {String.join(".", label, label, label, label, label), 0, 1, 0, 1}));
        assertTrue(error(b).contains("longer than 255"), error(b));
        // exactly 255 is fine: 3 * 64 + 62 + 1
        byte[] ok = wire(cat(header(1, 0, 1, 0, 0, 0),
                new Object[] {String.join(".", label, label, label, "y".repeat(61)), 0, 1, 0, 1}));
        assertDoesNotThrowFormat(ok);
        // and a name made long through pointers counts the bytes behind them too
        Object[] longName = new Object[] {String.join(".", label, label, label, "y".repeat(61)), 0, 1, 0, 1};
        byte[] viaPointer = wire(cat(header(1, 0, 2, 0, 0, 0), longName, new Object[] {1, 'z', 0xC0, 12, 0, 1, 0, 1}));
        assertTrue(error(viaPointer).contains("longer than 255"), error(viaPointer));
    }

    @Test
    void labelLengthOver63IsRejected() {
        byte[] b = wire(cat(header(1, 0, 1, 0, 0, 0), new Object[] {64}, new Object[] {"x".repeat(64)}));
        assertTrue(error(b).startsWith("invalid label length byte 0x40"), error(b));
        byte[] ext = wire(cat(header(1, 0, 1, 0, 0, 0), new Object[] {0x81, 0, 0, 1, 0, 1}));
        assertTrue(error(ext).startsWith("invalid label length byte 0x81"), error(ext));
    }

    @Test
    void labelWithADotIsRejected() {
        byte[] b = wire(cat(header(1, 0, 1, 0, 0, 0), new Object[] {3, 'a', '.', 'b', 0, 0, 1, 0, 1}));
        assertTrue(error(b).startsWith("label containing a dot"), error(b));
    }

    @Test
    void truncatedRecordsAreRejected() {
        byte[] full = REPLY;
        for (int cut = 0; cut < full.length; cut++) {
            byte[] b = java.util.Arrays.copyOf(full, cut);
            assertFalse(error(b).isEmpty());
        }
        assertEquals("truncated header at offset 0: need 12 bytes, 5 left", error(new byte[5]));
    }

    @Test
    void rdataLengthMustMatchTheData() {
        Object[] q = new Object[] {"a", 0, 1, 0, 1};
        // A with 5 bytes of data
        byte[] a5 = wire(cat(header(1, 0x8000, 1, 1, 0, 0), q, new Object[] {0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 5,
            1, 2, 3, 4, 5}));
        assertEquals("A record data length 5 at offset 31 (must be 4)", error(a5));
        // CNAME whose name ends before RDLENGTH
        byte[] cn = wire(cat(header(1, 0x8000, 1, 1, 0, 0), q, new Object[] {0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 1, 0, 5,
            1, 'b', 0, 7, 7}));
        assertTrue(error(cn).startsWith("CNAME record data has 2 unread bytes"), error(cn));
        // MX whose name runs past RDLENGTH
        byte[] mx = wire(cat(header(1, 0x8000, 1, 1, 0, 0), q, new Object[] {0xC0, 12, 0, 15, 0, 1, 0, 0, 0, 1, 0, 3,
            0, 10, 1, 'b', 0}));
        assertTrue(error(mx).startsWith("truncated label"), error(mx));
        // RDLENGTH past the end of the message
        byte[] big = wire(cat(header(1, 0x8000, 1, 1, 0, 0), q, new Object[] {0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0xFF,
            0xFF, 1, 2, 3, 4}));
        assertTrue(error(big).contains("runs past the end of the message"), error(big));
        // TXT string longer than the data
        byte[] txt = wire(cat(header(1, 0x8000, 1, 1, 0, 0), q, new Object[] {0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 1, 0, 3,
            5, 'a', 'b'}));
        assertTrue(error(txt).startsWith("truncated TXT string"), error(txt));
        // EDNS option longer than the OPT data
        byte[] opt = wire(cat(header(1, 0x8000, 0, 0, 0, 1), new Object[] {0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 4,
            0, 10, 0, 9}));
        assertTrue(error(opt).startsWith("truncated EDNS option data"), error(opt));
    }

    @Test
    void trailingBytesAfterTheLastSectionAreIgnoredAsGoDoes() throws Exception {
        byte[] b = java.util.Arrays.copyOf(REPLY, REPLY.length + 3);
        assertEquals(parse(REPLY), parse(b));
    }

    @Test
    void headNeedsAQuestion() {
        byte[] b = wire((Object[]) header(1, 0x8000, 0, 0, 0, 0));
        assertEquals("message has no question",
                assertThrows(DnsFormatException.class, () -> Message.parseHead(b, b.length)).getMessage());
    }

    @Test
    void badMessagesCannotBeBuilt() {
        assertBuildFails("name \"a.b\" is not rooted (no trailing dot)", new Question("a.b", 1, 1));
        assertBuildFails("name \"a..b.\" has an empty label at index 2", new Question("a..b.", 1, 1));
        String l64 = "x".repeat(64);
        assertBuildFails("name \"" + l64 + ".\" has a label of 64 bytes (at most 63)", new Question(l64 + ".", 1, 1));
        String l63 = "x".repeat(63);
        String n = l63 + "." + l63 + "." + l63 + "." + l63 + ".";
        assertBuildFails("name \"" + n + "\" is 257 bytes on the wire (at most 255)", new Question(n, 1, 1));
        assertBuildFails("question type 70000 is outside 0..65535", new Question("a.", 70000, 1));
        Message txt = new Message(Header.query(1, false), List.of(), List.of(
                new Resource("a.", 16, 1, 0, new RData.TXT(List.of("y".repeat(256))))), List.of(), List.of());
        assertEquals("TXT string of 256 bytes (at most 255)",
                assertThrows(DnsFormatException.class, txt::encode).getMessage());
        Message mismatch = new Message(Header.query(1, false), List.of(), List.of(
                new Resource("a.", 1, 1, 0, new RData.CNAME("b."))), List.of(), List.of());
        assertEquals("CNAME data in a A record", assertThrows(DnsFormatException.class, mismatch::encode).getMessage());
        Message bigRcode = new Message(new Header(1, true, 0, false, false, false, false, false, false, 16),
                List.of(), List.of(), List.of(), List.of());
        assertTrue(assertThrows(DnsFormatException.class, bigRcode::encode).getMessage().startsWith("header rcode 16"));
    }

    private static void assertBuildFails(String message, Question q) {
        Message m = new Message(Header.query(1, false), List.of(q), List.of(), List.of(), List.of());
        assertEquals(message, assertThrows(DnsFormatException.class, m::encode).getMessage());
    }

    private static void assertDoesNotThrowFormat(byte[] b) {
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> parse(b));
    }
}
