package io.netpoll.net.internal.dns;

import java.util.List;
import java.util.Map;

/**
 * One resource record (RFC 1035 4.1.3): owner name, type, class, TTL and typed data. Go's
 * {@code dnsmessage.Resource}. For an OPT record (RFC 6891 6.1.2) the class carries the sender's
 * UDP payload size and the TTL the extended RCODE, version and DO bit; {@link #edns0} builds one
 * and {@link #extendedRCode} reads it back.
 */
public record Resource(String name, int type, int rclass, long ttl, RData data) {

    private static final long DNSSEC_OK = 1 << 15;

    public static Resource edns0(int udpPayloadSize, int extendedRCode, boolean dnssecOk) {
        long ttl = (long) (extendedRCode >>> 4 & 0xFF) << 24 | (dnssecOk ? DNSSEC_OK : 0);
        return new Resource(".", DnsType.OPT, udpPayloadSize, ttl, new RData.OPT(List.of()));
    }

    /** The full 12-bit RCODE: this OPT record's upper 8 bits over the header's 4. */
    public int extendedRCode(int headerRCode) {
        return (int) (ttl >>> 24 & 0xFF) << 4 | headerRCode;
    }

    static Resource read(WireReader r) throws DnsFormatException {
        String name = Names.read(r, "record name");
        int type = r.u16("record type");
        int rclass = r.u16("record class");
        long ttl = r.u32("record TTL");
        int length = r.u16("record data length");
        String what = DnsType.name(type) + " record data";
        int saved = r.beginLimit(length, what);
        RData data = RData.read(r, type, length);
        r.endLimit(saved, what);
        return new Resource(name, type, rclass, ttl, data);
    }

    void write(WireWriter w, Map<String, Integer> compression) throws DnsFormatException {
        if (data.type() != type) {
            throw new DnsFormatException(DnsType.name(data.type()) + " data in a " + DnsType.name(type) + " record");
        }
        Names.write(w, name, compression);
        w.u16(checkU16(type, "record type"));
        w.u16(checkU16(rclass, "record class"));
        if (ttl < 0 || ttl > 0xFFFFFFFFL) {
            throw new DnsFormatException("record TTL " + ttl + " is outside 0..2^32-1");
        }
        w.u32(ttl);
        int at = w.pos();
        w.u16(0);
        data.write(w, compression);
        int length = w.pos() - at - 2;
        w.set16(at, checkU16(length, "record data length"));
    }

    static int checkU16(int v, String what) throws DnsFormatException {
        if (v < 0 || v > 0xFFFF) {
            throw new DnsFormatException(what + " " + v + " is outside 0..65535");
        }
        return v;
    }
}
