package io.netpoll.net.internal.dns;

/** One entry of the question section (RFC 1035 4.1.2): Go's {@code dnsmessage.Question}. */
public record Question(String name, int type, int qclass) {

    /** Go's {@code checkResponse} test: same type and class, names equal ignoring ASCII case. */
    public boolean matches(Question other) {
        return type == other.type && qclass == other.qclass && Names.equalFold(name, other.name);
    }

    static Question read(WireReader r) throws DnsFormatException {
        String name = Names.read(r, "question name");
        return new Question(name, r.u16("question type"), r.u16("question class"));
    }

    void write(WireWriter w, java.util.Map<String, Integer> compression) throws DnsFormatException {
        Names.write(w, name, compression);
        w.u16(Resource.checkU16(type, "question type"));
        w.u16(Resource.checkU16(qclass, "question class"));
    }
}
