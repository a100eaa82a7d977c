package io.netpoll.net.internal.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The typed data of a resource record: the types a stub resolver reads (Go's
 * {@code dnsmessage.*Resource}), and {@link Unknown} for the rest, kept as raw bytes (RFC 3597).
 * Reading is exact: the data must fill the record's RDLENGTH to the byte. Names in CNAME, NS,
 * PTR, MX and SOA data may be compressed when written; an SRV target never is (RFC 2782).
 * Character strings and names map bytes onto chars 0..255.
 */
public sealed interface RData {

    int type();

    void write(WireWriter w, Map<String, Integer> compression) throws DnsFormatException;

    record A(Inet4Address address) implements RData {
        public int type() { return DnsType.A; }
        public void write(WireWriter w, Map<String, Integer> c) { w.bytes(address.getAddress()); }
    }

    record AAAA(Inet6Address address) implements RData {
        public int type() { return DnsType.AAAA; }
        public void write(WireWriter w, Map<String, Integer> c) { w.bytes(address.getAddress()); }
    }

    record CNAME(String target) implements RData {
        public int type() { return DnsType.CNAME; }
        public void write(WireWriter w, Map<String, Integer> c) throws DnsFormatException { Names.write(w, target, c); }
    }

    record NS(String host) implements RData {
        public int type() { return DnsType.NS; }
        public void write(WireWriter w, Map<String, Integer> c) throws DnsFormatException { Names.write(w, host, c); }
    }

    record PTR(String host) implements RData {
        public int type() { return DnsType.PTR; }
        public void write(WireWriter w, Map<String, Integer> c) throws DnsFormatException { Names.write(w, host, c); }
    }

    record MX(int preference, String host) implements RData {
        public int type() { return DnsType.MX; }
        public void write(WireWriter w, Map<String, Integer> c) throws DnsFormatException {
            w.u16(Resource.checkU16(preference, "MX preference"));
            Names.write(w, host, c);
        }
    }

    record SRV(int priority, int weight, int port, String target) implements RData {
        public int type() { return DnsType.SRV; }
        public void write(WireWriter w, Map<String, Integer> c) throws DnsFormatException {
            w.u16(Resource.checkU16(priority, "SRV priority"));
            w.u16(Resource.checkU16(weight, "SRV weight"));
            w.u16(Resource.checkU16(port, "SRV port"));
            Names.write(w, target, null);
        }
    }

    /** One or more character strings of at most 255 bytes each. */
    record TXT(List<String> strings) implements RData {
        public TXT {
            strings = List.copyOf(strings);
        }
        public int type() { return DnsType.TXT; }
        public void write(WireWriter w, Map<String, Integer> c) throws DnsFormatException {
            for (String s : strings) {
                if (s.length() > 255) {
                    throw new DnsFormatException("TXT string of " + s.length() + " bytes (at most 255)");
                }
                w.u8(s.length());
                for (int i = 0; i < s.length(); i++) {
                    char ch = s.charAt(i);
                    if (ch > 0xFF) {
                        throw new DnsFormatException("TXT string has a char outside 0..255 at index " + i);
                    }
                    w.u8(ch);
                }
            }
        }
    }

    record SOA(String mname, String rname, long serial, long refresh, long retry, long expire, long minimum)
            implements RData {
        public int type() { return DnsType.SOA; }
        public void write(WireWriter w, Map<String, Integer> c) throws DnsFormatException {
            Names.write(w, mname, c);
            Names.write(w, rname, c);
            for (long v : new long[] {serial, refresh, retry, expire, minimum}) {
                if (v < 0 || v > 0xFFFFFFFFL) {
                    throw new DnsFormatException("SOA field " + v + " is outside 0..2^32-1");
                }
                w.u32(v);
            }
        }
    }

    /** EDNS(0) options (RFC 6891 6.1.2); the payload size and flags live in the record's class and TTL. */
    record OPT(List<Option> options) implements RData {
        public OPT {
            options = List.copyOf(options);
        }
        public int type() { return DnsType.OPT; }
        public void write(WireWriter w, Map<String, Integer> c) throws DnsFormatException {
            for (Option o : options) {
                w.u16(Resource.checkU16(o.code(), "EDNS option code"));
                w.u16(Resource.checkU16(o.data().length, "EDNS option length"));
                w.bytes(o.data());
            }
        }
    }

    record Option(int code, byte[] data) {
        public Option {
            data = data.clone();
        }
        @Override public byte[] data() { return data.clone(); }
        @Override public boolean equals(Object o) {
            return o instanceof Option x && x.code == code && Arrays.equals(x.data, data);
        }
        @Override public int hashCode() { return code * 31 + Arrays.hashCode(data); }
        @Override public String toString() { return "Option[code=" + code + ", data=" + HexFormat.of().formatHex(data) + "]"; }
    }

    record Unknown(int type, byte[] data) implements RData {
        public Unknown {
            data = data.clone();
        }
        @Override public byte[] data() { return data.clone(); }
        public void write(WireWriter w, Map<String, Integer> c) { w.bytes(data); }
        @Override public boolean equals(Object o) {
            return o instanceof Unknown x && x.type == type && Arrays.equals(x.data, data);
        }
        @Override public int hashCode() { return type * 31 + Arrays.hashCode(data); }
        @Override public String toString() { return "Unknown[type=" + type + ", data=" + HexFormat.of().formatHex(data) + "]"; }
    }

    /** Reads {@code length} bytes of data of {@code type}; the reader is limited to exactly them. */
    static RData read(WireReader r, int type, int length) throws DnsFormatException {
        return switch (type) {
            case DnsType.A -> new A((Inet4Address) address(r, 4, length, "A"));
            case DnsType.AAAA -> new AAAA((Inet6Address) address(r, 16, length, "AAAA"));
            case DnsType.CNAME -> new CNAME(Names.read(r, "CNAME target"));
            case DnsType.NS -> new NS(Names.read(r, "NS host"));
            case DnsType.PTR -> new PTR(Names.read(r, "PTR host"));
            case DnsType.MX -> new MX(r.u16("MX preference"), Names.read(r, "MX host"));
            case DnsType.SRV -> new SRV(r.u16("SRV priority"), r.u16("SRV weight"), r.u16("SRV port"),
                    Names.read(r, "SRV target"));
            case DnsType.TXT -> {
                List<String> strings = new ArrayList<>();
                while (r.pos < r.limit()) {
                    int n = r.u8("TXT string length");
                    r.need(n, "TXT string");
                    strings.add(new String(r.msg, r.pos, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                    r.pos += n;
                }
                yield new TXT(strings);
            }
            case DnsType.SOA -> new SOA(Names.read(r, "SOA mname"), Names.read(r, "SOA rname"), r.u32("SOA serial"),
                    r.u32("SOA refresh"), r.u32("SOA retry"), r.u32("SOA expire"), r.u32("SOA minimum"));
            case DnsType.OPT -> {
                List<Option> options = new ArrayList<>();
                while (r.pos < r.limit()) {
                    int code = r.u16("EDNS option code");
                    int n = r.u16("EDNS option length");
                    options.add(new Option(code, r.bytes(n, "EDNS option data")));
                }
                yield new OPT(options);
            }
            default -> new Unknown(type, r.bytes(length, DnsType.name(type) + " record data"));
        };
    }

    private static InetAddress address(WireReader r, int size, int length, String what) throws DnsFormatException {
        if (length != size) {
            throw new DnsFormatException(what + " record data length " + length + " at offset " + r.pos
                    + " (must be " + size + ")");
        }
        byte[] b = r.bytes(size, what + " address");
        try {
            return size == 4 ? InetAddress.getByAddress(b) : Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible); // only thrown for a wrong array length, checked above
        }
    }
}
