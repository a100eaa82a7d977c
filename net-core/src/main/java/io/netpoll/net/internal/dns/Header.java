package io.netpoll.net.internal.dns;

/**
 * The fixed 12-byte message header without its section counts (RFC 1035 4.1.1; AD and CD from
 * RFC 4035 3.2): Go's {@code dnsmessage.Header}. The counts are derived from the sections when
 * a {@link Message} is built and checked against the bytes when one is parsed.
 */
public record Header(int id, boolean response, int opcode, boolean authoritative, boolean truncated,
        boolean recursionDesired, boolean recursionAvailable, boolean authenticData, boolean checkingDisabled,
        int rcode) {

    static final int SIZE = 12;

    private static final int QR = 1 << 15;
    private static final int AA = 1 << 10;
    private static final int TC = 1 << 9;
    private static final int RD = 1 << 8;
    private static final int RA = 1 << 7;
    private static final int AD = 1 << 5;
    private static final int CD = 1 << 4;

    /** A standard query: recursion desired, and AD when the caller trusts its server's validation. */
    public static Header query(int id, boolean authenticData) {
        return new Header(id, false, 0, false, false, true, false, authenticData, false, 0);
    }

    int bits() throws DnsFormatException {
        check(id, 0xFFFF, "id");
        check(opcode, 0xF, "opcode");
        check(rcode, 0xF, "rcode");
        return (response ? QR : 0) | opcode << 11 | (authoritative ? AA : 0) | (truncated ? TC : 0)
                | (recursionDesired ? RD : 0) | (recursionAvailable ? RA : 0) | (authenticData ? AD : 0)
                | (checkingDisabled ? CD : 0) | rcode;
    }

    static Header of(int id, int bits) {
        return new Header(id, (bits & QR) != 0, bits >>> 11 & 0xF, (bits & AA) != 0, (bits & TC) != 0,
                (bits & RD) != 0, (bits & RA) != 0, (bits & AD) != 0, (bits & CD) != 0, bits & 0xF);
    }

    private static void check(int v, int max, String what) throws DnsFormatException {
        if (v < 0 || v > max) {
            throw new DnsFormatException("header " + what + " " + v + " is outside 0.." + max
                    + (what.equals("rcode") ? " (an extended RCODE goes in the OPT record)" : ""));
        }
    }
}
