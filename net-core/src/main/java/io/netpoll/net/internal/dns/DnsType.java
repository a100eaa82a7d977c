package io.netpoll.net.internal.dns;

/**
 * The numbers of the DNS registry the resolver uses: RR types, the Internet class and response
 * codes (RFC 1035 3.2.2, 4.1.1; RFC 2782; RFC 3596; RFC 6891). Go's {@code dnsmessage.Type},
 * {@code Class} and {@code RCode}.
 */
public final class DnsType {

    public static final int A = 1;
    public static final int NS = 2;
    public static final int CNAME = 5;
    public static final int SOA = 6;
    public static final int PTR = 12;
    public static final int MX = 15;
    public static final int TXT = 16;
    public static final int AAAA = 28;
    public static final int SRV = 33;
    public static final int OPT = 41;

    public static final int CLASS_INET = 1;

    public static final int RCODE_SUCCESS = 0;
    public static final int RCODE_SERVER_FAILURE = 2;
    public static final int RCODE_NAME_ERROR = 3;
    public static final int RCODE_REFUSED = 5;

    private DnsType() {}

    /** The mnemonic of an RR type, or {@code TYPEn} (RFC 3597) for one without a name here. */
    public static String name(int type) {
        return switch (type) {
            case A -> "A";
            case NS -> "NS";
            case CNAME -> "CNAME";
            case SOA -> "SOA";
            case PTR -> "PTR";
            case MX -> "MX";
            case TXT -> "TXT";
            case AAAA -> "AAAA";
            case SRV -> "SRV";
            case OPT -> "OPT";
            default -> "TYPE" + type;
        };
    }
}
