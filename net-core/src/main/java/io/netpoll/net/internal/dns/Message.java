package io.netpoll.net.internal.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole DNS message (RFC 1035 4.1): header and the four sections. The resolver's codec,
 * playing the part of Go's {@code golang.org/x/net/dns/dnsmessage} Parser and Builder, but
 * eager: {@link #parse} reads everything at once and either returns a complete message or
 * throws a {@link DnsFormatException}. It is strict about what it reads (a count the bytes do
 * not hold, a record that overruns or underfills its RDLENGTH, any bad name) and lenient only
 * where Go is: bytes after the last section are ignored. {@link #parseHead} reads just the
 * header and first question, which is what decides whether a reply belongs to a query.
 * {@link #encode} compresses names.
 */
public record Message(Header header, List<Question> questions, List<Resource> answers, List<Resource> authorities,
        List<Resource> additionals) {

    public Message {
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        authorities = List.copyOf(authorities);
        additionals = List.copyOf(additionals);
    }

    /** The header and the first question of a message: enough to match a reply to its query. */
    public record Head(Header header, Question question) {}

    public static Head parseHead(byte[] msg, int length) throws DnsFormatException {
        WireReader r = reader(msg, length);
        Header h = Header.of(r.u16("header id"), r.u16("header flags"));
        int qd = r.u16("question count");
        r.pos = Header.SIZE;
        if (qd == 0) {
            throw new DnsFormatException("message has no question");
        }
        return new Head(h, Question.read(r));
    }

    public static Message parse(byte[] msg, int length) throws DnsFormatException {
        WireReader r = reader(msg, length);
        Header h = Header.of(r.u16("header id"), r.u16("header flags"));
        int qd = r.u16("question count");
        int an = r.u16("answer count");
        int ns = r.u16("authority count");
        int ar = r.u16("additional count");
        List<Question> questions = new ArrayList<>(Math.min(qd, 16));
        for (int i = 0; i < qd; i++) {
            checkRoom(r, i, qd, "question", 5);
            questions.add(Question.read(r));
        }
        return new Message(h, questions, section(r, an, "answer"), section(r, ns, "authority"),
                section(r, ar, "additional"));
    }

    private static WireReader reader(byte[] msg, int length) throws DnsFormatException {
        if (length < 0 || length > msg.length) {
            throw new DnsFormatException("message length " + length + " outside a buffer of " + msg.length + " bytes");
        }
        WireReader r = new WireReader(msg, length);
        r.need(Header.SIZE, "header");
        return r;
    }

    private static List<Resource> section(WireReader r, int count, String what) throws DnsFormatException {
        List<Resource> list = new ArrayList<>(Math.min(count, 16));
        for (int i = 0; i < count; i++) {
            checkRoom(r, i, count, what + " record", 11);
            list.add(Resource.read(r));
        }
        return list;
    }

    /** Fails early, naming the count, when the message cannot hold the entries it announces. */
    private static void checkRoom(WireReader r, int i, int count, String what, int minSize) throws DnsFormatException {
        if (r.pos + minSize > r.length) {
            throw new DnsFormatException("message ends at offset " + r.pos + " before " + what + " " + (i + 1)
                    + " of " + count);
        }
    }

    public byte[] encode() throws DnsFormatException {
        WireWriter w = new WireWriter();
        w.u16(header.id() & 0xFFFF);
        w.u16(header.bits());
        w.u16(Resource.checkU16(questions.size(), "question count"));
        w.u16(Resource.checkU16(answers.size(), "answer count"));
        w.u16(Resource.checkU16(authorities.size(), "authority count"));
        w.u16(Resource.checkU16(additionals.size(), "additional count"));
        Map<String, Integer> compression = new HashMap<>();
        for (Question q : questions) {
            q.write(w, compression);
        }
        for (List<Resource> section : List.of(answers, authorities, additionals)) {
            for (Resource rr : section) {
                rr.write(w, compression);
            }
        }
        return w.toByteArray();
    }

    /** The response code, extended by the first OPT record when there is one (RFC 6891 6.1.3). */
    public int rcode() {
        for (Resource rr : additionals) {
            if (rr.type() == DnsType.OPT) {
                return rr.extendedRCode(header.rcode());
            }
        }
        return header.rcode();
    }
}
